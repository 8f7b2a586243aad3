/** Every request's handler, for main (Electron), the WebSocket host and tests. One table, so no feature lives in one front end only. */

import { requests, type RequestName, type RequestResult } from '../../shared/contract';
import type { RequestDef } from '../../shared/contract/define';
import { parseRequestArg, parseRequestResult } from '../../shared/contract/validate';
import { OfflineSeedError } from '../../shared/errors';
import { createAgentStagingHandlers } from './agentStaging';
import { createAppHandlers } from './app';
import { createAzureHandlers } from './azure';
import { createCertificateHandlers } from './certificate';
import { createDataBoxHandlers } from './databox';
import { createDrivesHandlers } from './drives';
import { createFoldersHandlers } from './folders';
import { createStagingHandlers } from './staging';
import { createWorkflowHandlers } from './workflow';
import { createWizardJobsHandlers } from './wizardJobs';
import type { HandlerContext } from './types';

export type { HandlerContext } from './types';

export function createHandlers() {
  return {
    ...createAppHandlers(),
    ...createAzureHandlers(),
    ...createCertificateHandlers(),
    ...createStagingHandlers(),
    ...createAgentStagingHandlers(),
    ...createDrivesHandlers(),
    ...createFoldersHandlers(),
    ...createWorkflowHandlers(),
    ...createWizardJobsHandlers(),
    ...createDataBoxHandlers(),
  };
}

export type Handlers = ReturnType<typeof createHandlers>;

/**
 * Refuses a request that changes this computer itself (the contract's `privileged`) in a process that is not
 * elevated, unless its handler asks for elevation itself (`elevates`) and this front end can start the elevated helper.
 */
function assertPrivilege(name: RequestName, arg: unknown, ctx: HandlerContext): void {
  const def: RequestDef = requests[name];
  if (!def.privileged?.(arg, ctx.capabilities) || ctx.capabilities.elevated) return;
  if (def.elevates && ctx.elevation) return;
  throw new OfflineSeedError({
    code: 'app:errors.notElevated',
    params: { name },
  });
}

/**
 * Validates `arg` against the contract, refuses a privileged request where this process may not run it, runs the
 * handler, validates the result.
 *
 * The single entry used by Electron's IPC wrapper and by the WebSocket host.
 */
export async function dispatch(handlers: Handlers, name: unknown, arg: unknown, ctx: HandlerContext): Promise<unknown> {
  const parsed = parseRequestArg(name, arg);
  assertPrivilege(parsed.name, parsed.arg, ctx);
  const handler = handlers[parsed.name] as (a: unknown, c: HandlerContext) => Promise<unknown>;
  const result = await handler(parsed.arg, ctx);
  return parseRequestResult(parsed.name, result) as RequestResult<RequestName>;
}
