/** One clear error for each Azure failure an operator can fix: provider not registered, missing permission, no network, sign-in refused. */

import { OfflineSeedError, type StepId } from '../../shared/errors';
import { redact } from '../../shared/redact';
import type { KeyUnder } from '../../shared/i18n';

export interface AzureFailure {
  status: number;
  code: string;
  message: string;
  target?: string;
}

/** Reads ARM's `{error:{code,message}}` and Graph's `{error:{code,message}}` bodies; AAD's `{error, error_description}` too. */
export function parseFailure(status: number, text: string): AzureFailure {
  try {
    const b = JSON.parse(text) as { error?: unknown; error_description?: string };
    if (b && typeof b.error === 'object' && b.error) {
      const e = b.error as { code?: string; message?: string; target?: string; details?: Array<{ target?: string }> };
      return { status, code: e.code ?? `Http${status}`, message: e.message ?? '', target: e.target ?? e.details?.[0]?.target };
    }
    if (typeof b.error === 'string') return { status, code: b.error, message: b.error_description ?? '' };
  } catch {
    /* not JSON */
  }
  return { status, code: `Http${status}`, message: text.slice(0, 300) };
}

/** What was being done: a key of `azure:operations` ("createApplication"), whose phrase the error sentences nest. */
export type AzureOperation = KeyUnder<'azure:operations'>;

const firstLine = (s: string) => redact(s).split('\n')[0]!.slice(0, 300);

/** Turns a failed Azure call into one OfflineSeedError that names the operation and what to do next. */
export function azureFailureError(f: AzureFailure, operation: AzureOperation, step: StepId): OfflineSeedError {
  const detail = { status: f.status, code: f.code, reason: firstLine(f.message) };
  if (f.code === 'MissingSubscriptionRegistration') {
    const namespace = f.target ?? /namespace '([^']+)'/.exec(f.message)?.[1] ?? 'Microsoft.ImportExport';
    return new OfflineSeedError({ code: 'azure:errors.notRegistered', params: { namespace }, step, detail });
  }
  if (f.status === 403 || f.code === 'AuthorizationFailed' || f.code === 'Authorization_RequestDenied') {
    return new OfflineSeedError({ code: 'azure:errors.forbidden', params: { operation, code: f.code }, step, detail });
  }
  if (f.status === 401) {
    return new OfflineSeedError({ code: 'azure:errors.unauthenticated', params: { operation, code: f.code }, step, detail });
  }
  return new OfflineSeedError({ code: 'azure:errors.request', params: { operation, code: f.code, reason: firstLine(f.message) }, step, detail });
}

/** Socket errors that mean nothing listens at the address (a wrong port, a stopped local Azure), not a flaky network. */
const refusedCodes = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL']);
/** Node's TLS verification failures: the server's certificate chain does not lead to a trusted CA. */
const untrustedCode = /^(SELF_SIGNED_CERT_IN_CHAIN|DEPTH_ZERO_SELF_SIGNED_CERT|UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT(_LOCALLY)?|CERT_[A-Z_]+|ERR_TLS_CERT_ALTNAME_INVALID)$/;

/** The host (and port) an HTTPS request failed to reach: set by rawRequest, or read from the socket error. */
export function failedHost(e: unknown): string | undefined {
  const x = e as { requestHost?: unknown; address?: unknown; port?: unknown } | null;
  if (typeof x?.requestHost === 'string') return x.requestHost;
  if (typeof x?.address === 'string') return typeof x.port === 'number' ? `${x.address}:${x.port}` : x.address;
  return undefined;
}

/**
 * A request that got no answer: nothing listening at the host (`azure:errors.unreachable`), a certificate not signed
 * by a trusted CA (`azure:errors.untrusted`), or anything else on the way (`azure:errors.network`). Each names the
 * host and what to check, so none reads as a sign-in problem.
 */
export function networkError(e: unknown, operation: AzureOperation, step: StepId): OfflineSeedError {
  const code = (e as NodeJS.ErrnoException | null)?.code ?? '';
  const reason = firstLine(e instanceof Error ? `${code} ${e.message}`.trim() : String(e));
  const host = failedHost(e);
  if (host && refusedCodes.has(code)) {
    return new OfflineSeedError({ code: 'azure:errors.unreachable', params: { operation, host, reason }, step, detail: { reason, host }, cause: e });
  }
  if (host && untrustedCode.test(code)) {
    return new OfflineSeedError({ code: 'azure:errors.untrusted', params: { operation, host, reason }, step, detail: { reason, host }, cause: e });
  }
  return new OfflineSeedError({ code: 'azure:errors.network', params: { operation, reason }, step, detail: { reason }, cause: e });
}

/**
 * MSAL's codes for "the sign-in service could not be reached" (msal-common's ClientAuthErrorCodes and AuthErrorCodes),
 * and the socket errors of an offline machine: a network failure, not a refused sign-in.
 */
export const msalNetworkCodes = new Set(['network_error', 'endpoints_resolution_error', 'openid_config_error', 'no_network_connectivity', 'post_request_failed', 'get_request_failed']);
const socketCodes = /\b(ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENETUNREACH|EHOSTUNREACH|UND_ERR_CONNECT_TIMEOUT)\b/;

/** Whether a failure is the network's (nothing answered) rather than Azure's answer. */
export function isNetworkFailure(e: unknown): boolean {
  const r = e as { errorCode?: unknown; code?: unknown; message?: unknown; cause?: unknown } | null;
  if (!r || typeof r !== 'object') return false;
  if (typeof r.errorCode === 'string' && msalNetworkCodes.has(r.errorCode)) return true;
  if (typeof r.code === 'string' && socketCodes.test(r.code)) return true;
  if (typeof r.message === 'string' && socketCodes.test(r.message)) return true;
  return r.cause !== undefined && r.cause !== e && isNetworkFailure(r.cause);
}

/** Maps whatever an SDK client threw (RestError from core-rest-pipeline, msal errors, socket errors) to ours. */
export function toAzureError(e: unknown, operation: AzureOperation, step: StepId): OfflineSeedError {
  if (e instanceof OfflineSeedError) return e;
  const r = e as { statusCode?: number; code?: string; message?: string; details?: { error?: { code?: string; message?: string } }; errorCode?: string };
  if (r && typeof r.statusCode === 'number' && r.statusCode > 0) {
    return azureFailureError({ status: r.statusCode, code: r.details?.error?.code ?? r.code ?? `Http${r.statusCode}`, message: r.details?.error?.message ?? r.message ?? '' }, operation, step);
  }
  // MSAL's codes for "the authority could not be reached" and socket errors: not a refused sign-in.
  if (isNetworkFailure(e)) return networkError(e, operation, step);
  if (r && typeof r.errorCode === 'string' && r.errorCode !== '') {
    return azureFailureError({ status: 401, code: r.errorCode, message: r.message ?? '' }, operation, step);
  }
  return networkError(e, operation, step);
}
