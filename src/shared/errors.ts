/** The error shape that crosses every boundary: IPC, the WebSocket host, the command line. */

import { z } from 'zod';

/** Wizard steps (docs/architecture.md); an error says which step it belongs to. */
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

/**
 * An expected failure with a translatable message.
 *
 * `code` doubles as the catalog key (`<namespace>:errors.<rest>` is looked up by `localizeError`);
 * `params` fill the message's placeholders. `fallback` is the English sentence used when no
 * catalog entry exists, so an error is never empty.
 */
export class OfflineSeedError extends Error {
  readonly code: string;
  readonly params: ErrorParams;
  readonly step: StepId | undefined;
  readonly detail: AppErrorData['detail'];
  /** Process exit code for the command line (1 = failed, 2 = usage). */
  readonly exitCode: number;

  constructor(opts: {
    code: string;
    message: string;
    params?: ErrorParams;
    step?: StepId;
    detail?: AppErrorData['detail'];
    exitCode?: number;
    cause?: unknown;
  }) {
    super(opts.message, opts.cause === undefined ? undefined : { cause: opts.cause });
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
