/** Turns an Azure REST failure into one clear OfflineSeedError that says what to do next. */

import { OfflineSeedError, type StepId } from '../../shared/errors';
import { toAzureError, type AzureOperation } from './errors';

export interface RestFailure {
  statusCode?: number;
  code?: string;
  message?: string;
}

export function restFailure(e: unknown): RestFailure | null {
  if (e && typeof e === 'object' && ('statusCode' in e || 'code' in e) && 'message' in e) return e as RestFailure;
  return null;
}

export function isNotFound(e: unknown): boolean {
  return restFailure(e)?.statusCode === 404;
}

/** What the workflow does in Azure: keys of `azure:operations`, shared with the client layer's own calls. */
export type Operation = Extract<AzureOperation, 'createJob' | 'readJob' | 'updateJob' | 'listJobs' | 'readLocation' | 'listBlobs' | 'readBlob'>;

/**
 * Wraps a failed call unless it is already ours, through the client layer's one mapping of Azure failures;
 * `context` (the job, blob or location concerned) joins the error's diagnostics.
 */
export function azureError(e: unknown, op: Operation, step: StepId, context: Record<string, string> = {}): OfflineSeedError {
  const err = toAzureError(e, op, step);
  if (e instanceof OfflineSeedError || Object.keys(context).length === 0) return err;
  return new OfflineSeedError({
    code: err.code,
    params: err.params,
    step: err.step ?? step,
    detail: { ...err.detail, ...context },
    exitCode: err.exitCode,
    cause: e,
  });
}
