/** The error shape that crosses every boundary: IPC, the WebSocket host, the command line. */

import * as z from 'zod';
import type { ErrorCode } from './i18n/resources';
import { translate } from './i18n/translate';

/** Wizard steps; an error says which step it belongs to. */
export const stepIds = [
  'signIn',
  'certificate',
  'staging',
  'drives',
  'copy',
  'importJob',
  'shipping',
  'monitor',
  'complete',
  // The Data Box route (src/renderer/steps.ts `dataBoxSteps`).
  'dataBoxReadiness',
  'dataBoxOrder',
  'dataBoxTrack',
  'dataBoxDisks',
  'dataBoxAgent',
  'dataBoxReturn',
  'dataBoxLogs',
  'dataBoxCleanup',
] as const;
export type StepId = (typeof stepIds)[number];
export const stepIdSchema = z.enum(stepIds);

export const appErrorSchema = z.object({
  /** Stable machine code, also the i18n key under the `errors` namespace of its domain (e.g. `staging.invalidSubscription`). */
  code: z.string().min(1),
  /** One sentence in the user's language that names what to do next. */
  message: z.string().min(1),
  step: stepIdSchema.optional(),
  /** Extra facts for "copy diagnostics" (paths, HTTP status, request id). Never secrets. */
  detail: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).optional(),
});
export type AppErrorData = z.infer<typeof appErrorSchema>;

export type ErrorParams = Record<string, string | number>;

/** An error as bare data, for a sender that cannot translate (the preload): the page renders its sentence. */
export interface ErrorRef {
  code: ErrorCode;
  params?: ErrorParams;
}

/**
 * An expected failure, as data: `code` is the catalog key of its one sentence (`<namespace>:errors.<name>`)
 * and `params` fill that sentence's placeholders. Nothing here is English: `localizeError` renders the
 * sentence in the user's language; `.message` holds the English rendering for logs and stack traces.
 */
export class OfflineSeedError extends Error {
  readonly code: ErrorCode;
  readonly params: ErrorParams;
  readonly step: StepId | undefined;
  readonly detail: AppErrorData['detail'];
  /** Process exit code for the command line (1 = failed, 2 = usage). */
  readonly exitCode: number;

  constructor(opts: {
    code: ErrorCode;
    params?: ErrorParams;
    step?: StepId;
    detail?: AppErrorData['detail'];
    exitCode?: number;
    cause?: unknown;
  }) {
    super(translate('en', opts.code, opts.params), opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'OfflineSeedError';
    this.code = opts.code;
    this.params = opts.params ?? {};
    this.step = opts.step;
    this.detail = opts.detail;
    this.exitCode = opts.exitCode ?? 1;
  }
}

export function isOfflineSeedError(e: unknown): e is OfflineSeedError {
  return e instanceof OfflineSeedError;
}

/** Exhaustive-switch guard. */
export function assertNever(x: never, what = 'value'): never {
  throw new Error(`Unexpected ${what}: ${JSON.stringify(x)}`);
}
