/** Turns an Azure REST failure into one clear OfflineSeedError that says what to do next. */

import { OfflineSeedError, type StepId } from '../../shared/errors';
import { redact } from '../../shared/redact';

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

/** What was being done, as keys of `workflow:operations` (the messages nest the translated words). */
export const operations = {
  createJob: 'create the import job',
  readJob: 'read the import job',
  updateJob: 'update the import job',
  listJobs: 'list the import jobs',
  readLocation: 'read the datacenter location',
  listBlobs: 'list the blobs in the container',
  readBlob: 'read a blob',
} as const;
export type Operation = keyof typeof operations;

/** Wraps a failed call unless it is already ours. */
export function azureError(e: unknown, op: Operation, step: StepId, params: Record<string, string | number> = {}): OfflineSeedError {
  if (e instanceof OfflineSeedError) return e;
  const operation: string = op;
  const words = operations[op];
  const f = restFailure(e);
  const status = f?.statusCode ?? 0;
  const code = f?.code ?? 'NetworkError';
  const reason = redact(String(f?.message ?? (e instanceof Error ? e.message : e))).split('\n')[0]!.slice(0, 300);
  if (status === 401 || status === 403) {
    return new OfflineSeedError({
      code: 'workflow:errors.azureDenied',
      message: `Azure refused to ${words} (${code}). Sign in again with an account or certificate that has access to the resource group.`,
      params: { operation, code, ...params },
      step,
      detail: { status, code, reason },
      cause: e,
    });
  }
  if (!f?.statusCode) {
    return new OfflineSeedError({
      code: 'workflow:errors.azureUnreachable',
      message: `Azure could not be reached to ${words} (${reason}). Check the network connection and try again.`,
      params: { operation, reason, ...params },
      step,
      detail: { code, reason },
      cause: e,
    });
  }
  return new OfflineSeedError({
    code: 'workflow:errors.azureRequest',
    message: `Azure refused to ${words}: ${code}: ${reason}. Correct the cause named by Azure and try again.`,
    params: { operation, code, reason, ...params },
    step,
    detail: { status, code, reason },
    cause: e,
  });
}
