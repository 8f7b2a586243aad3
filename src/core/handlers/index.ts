/** Every request's handler, for main (Electron), the WebSocket host and tests. One table, so no feature lives in one front end only. */

import type { RequestName, RequestResult } from '../../shared/contract';
import { parseRequestArg, parseRequestResult } from '../../shared/contract/validate';
import { createAppHandlers } from './app';
import { createAzureHandlers } from './azure';
import { createCertificateHandlers } from './certificate';
import { createDrivesHandlers } from './drives';
import { createStagingHandlers } from './staging';
import { createWorkflowHandlers } from './workflow';
import type { HandlerContext } from './types';

export type { HandlerContext } from './types';

export function createHandlers() {
  return {
    ...createAppHandlers(),
    ...createAzureHandlers(),
    ...createCertificateHandlers(),
    ...createStagingHandlers(),
    ...createDrivesHandlers(),
    ...createWorkflowHandlers(),
  };
}

export type Handlers = ReturnType<typeof createHandlers>;

/**
 * Validates `arg` against the contract, runs the handler, validates the result.
 *
 * The single entry used by Electron's IPC wrapper and by the WebSocket host.
 */
export async function dispatch(handlers: Handlers, name: unknown, arg: unknown, ctx: HandlerContext): Promise<unknown> {
  const parsed = parseRequestArg(name, arg);
  const handler = handlers[parsed.name] as (a: unknown, c: HandlerContext) => Promise<unknown>;
  const result = await handler(parsed.arg, ctx);
  return parseRequestResult(parsed.name, result) as RequestResult<RequestName>;
}
