/** HTTPS to Azure with the cloud's extra CA, retries with backoff on 429/5xx and network resets (honouring Retry-After). */

import https from 'node:https';
import type { StepId } from '../../shared/errors';
import { azureFailureError, networkError, parseFailure, type AzureOperation } from './errors';

export interface HttpResult {
  status: number;
  headers: Record<string, string>;
  text: string;
}

export interface RetryPolicy {
  /** Attempts after the first. */
  retries: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const defaultRetry: RetryPolicy = { retries: 5, baseDelayMs: 250, maxDelayMs: 30_000 };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** One HTTPS exchange, no retry. `ca` is added to the trusted roots (local Azure); undefined = system roots. */
export function rawRequest(url: string, init: { method: string; headers?: Record<string, string>; body?: string; ca?: string }): Promise<HttpResult> {
  return new Promise((resolve, reject) => {
    const req = https.request(url, { method: init.method, headers: init.headers, ...(init.ca ? { ca: init.ca } : {}), timeout: 120_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v;
        resolve({ status: res.statusCode ?? 0, headers, text: Buffer.concat(chunks).toString('utf8') });
      });
    });
    req.on('timeout', () => req.destroy(Object.assign(new Error('The request timed out.'), { code: 'ETIMEDOUT' })));
    // The host goes with the error, so that the sentence can name where nothing answered (errors.ts).
    req.on('error', (e) => reject(Object.assign(e, { requestHost: new URL(url).host })));
    if (init.body !== undefined) req.write(init.body);
    req.end();
  });
}

/** Delay before retry number `attempt` (0-based): Retry-After when given (seconds or a date), else exponential with jitter. */
export function retryDelay(attempt: number, headers: Record<string, string>, p: RetryPolicy = defaultRetry): number {
  const ra = headers['retry-after'];
  if (ra !== undefined) {
    const secs = Number(ra);
    const ms = Number.isFinite(secs) ? secs * 1000 : Date.parse(ra) - Date.now();
    if (Number.isFinite(ms)) return Math.min(p.maxDelayMs, Math.max(0, ms));
  }
  const exp = p.baseDelayMs * 2 ** attempt;
  return Math.min(p.maxDelayMs, exp / 2 + Math.random() * (exp / 2));
}

export const isRetryable = (status: number) => status === 429 || status === 408 || (status >= 500 && status !== 501 && status !== 505);

export interface JsonCall {
  method: 'GET' | 'PUT' | 'POST' | 'PATCH' | 'DELETE';
  url: string;
  token: string;
  body?: unknown;
  ca?: string;
  /** What the call does, named in errors: a key of `azure:operations` ("createApplication"). */
  operation: AzureOperation;
  step: StepId;
  retry?: RetryPolicy;
  /** Statuses the caller handles itself (returned, not thrown), e.g. 404 on a lookup. */
  accept?: number[];
  /** A POST that changes nothing (listKeys) or is safe to repeat (provider register): retried like a GET. */
  idempotent?: boolean;
}

/**
 * A JSON REST call to ARM or Graph with retries. PUT and DELETE are idempotent; POST and PATCH are retried only on
 * 429 and on 503 with Retry-After (the request was refused before it ran), never on a reset that may have applied it.
 */
export async function jsonCall<T = unknown>(c: JsonCall): Promise<{ status: number; body: T; headers: Record<string, string> }> {
  const p = c.retry ?? defaultRetry;
  const idempotent = c.idempotent ?? (c.method === 'GET' || c.method === 'PUT' || c.method === 'DELETE');
  for (let attempt = 0; ; attempt++) {
    let r: HttpResult;
    try {
      r = await rawRequest(c.url, {
        method: c.method,
        ca: c.ca,
        headers: { authorization: `Bearer ${c.token}`, accept: 'application/json', ...(c.body !== undefined ? { 'content-type': 'application/json' } : {}) },
        body: c.body !== undefined ? JSON.stringify(c.body) : undefined,
      });
    } catch (e) {
      if (idempotent && attempt < p.retries) {
        await sleep(retryDelay(attempt, {}, p));
        continue;
      }
      throw networkError(e, c.operation, c.step);
    }
    const refusedBeforeRunning = r.status === 429 || (r.status === 503 && r.headers['retry-after'] !== undefined);
    if ((idempotent ? isRetryable(r.status) : refusedBeforeRunning) && attempt < p.retries) {
      await sleep(retryDelay(attempt, r.headers, p));
      continue;
    }
    if ((r.status >= 200 && r.status < 300) || c.accept?.includes(r.status)) {
      return { status: r.status, headers: r.headers, body: (r.text ? JSON.parse(r.text) : undefined) as T };
    }
    throw azureFailureError(parseFailure(r.status, r.text), c.operation, c.step);
  }
}
