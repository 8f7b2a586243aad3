/**
 * The REST layer against a real HTTPS server (the local Azure's TLS material): retries on 429/5xx honouring Retry-After,
 * no blind retry of a POST that may have run, and one clear error each for a missing registration, a missing
 * permission and network loss.
 */

import https from 'node:https';
import net from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testTlsMaterial } from '../../helpers/tls';
import { jsonCall, retryDelay } from '../../../src/core/azure/http';
import { toAzureError } from '../../../src/core/azure/errors';
import { ClientAuthError, ClientAuthErrorCodes, ServerError } from '@azure/msal-node';
import { ArmRest } from '../../../src/core/azure/arm';
import { resolveCloud } from '../../../src/core/azure/clouds';
import { isOfflineSeedError, type OfflineSeedError } from '../../../src/shared/errors';
import { localizeError } from '../../../src/shared/i18n';

let dir: string;
let server: https.Server;
let base: string;
let ca: string;
/** Scripted answers per path: status, headers, body; the last one repeats. */
const script = new Map<string, Array<{ status: number; headers?: Record<string, string>; body?: unknown }>>();
const hits = new Map<string, number>();

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'offline-seed-http-'));
  const tls = await testTlsMaterial(dir);
  ca = tls.caPem;
  server = https.createServer({ cert: tls.certPem, key: tls.keyPem }, (req, res) => {
    const p = new URL(req.url!, 'https://x').pathname;
    // Scripts are keyed by path, by `METHOD path`, or by `METHOD parent/*` (a new role assignment's random name).
    const key = [`${req.method} ${p}`, p, `${req.method} ${p.replace(/[^/]+$/, '*')}`].find((k) => script.has(k)) ?? p;
    const n = hits.get(key) ?? 0;
    hits.set(key, n + 1);
    const answers = script.get(key) ?? [{ status: 404, body: { error: { code: 'NotFound', message: 'no script' } } }];
    const a = answers[Math.min(n, answers.length - 1)]!;
    req.resume();
    req.on('end', () => {
      res.writeHead(a.status, { 'content-type': 'application/json', ...(a.headers ?? {}) });
      res.end(a.body === undefined ? '' : JSON.stringify(a.body));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  base = `https://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((r) => server?.close(r));
  rmSync(dir, { recursive: true, force: true });
});

const fast = { retries: 4, baseDelayMs: 5, maxDelayMs: 50 };
const call = (method: 'GET' | 'POST' | 'PUT', p: string, retry = fast) => jsonCall<{ ok?: boolean }>({ method, url: `${base}${p}`, token: 't', ca, operation: 'readSubscription', step: 'signIn', retry, ...(method !== 'GET' ? { body: {} } : {}) });
const failure = async (p: Promise<unknown>) => {
  const e = await p.then(() => null, (x: unknown) => x);
  if (!isOfflineSeedError(e)) throw new Error(`expected an OfflineSeedError, got ${String(e)}`);
  return e as OfflineSeedError;
};

describe('jsonCall', () => {
  it('retries 429 and 5xx on GET and PUT until success', async () => {
    script.set('/get', [{ status: 429, headers: { 'retry-after': '0' } }, { status: 500 }, { status: 503 }, { status: 200, body: { ok: true } }]);
    expect((await call('GET', '/get')).body).toEqual({ ok: true });
    expect(hits.get('/get')).toBe(4);
    script.set('/put', [{ status: 502 }, { status: 201, body: { ok: true } }]);
    expect((await call('PUT', '/put')).status).toBe(201);
    expect(hits.get('/put')).toBe(2);
  });

  it('does not repeat a POST after a 500 (it may have run), but does after 429 (refused before running)', async () => {
    script.set('/post500', [{ status: 500, body: { error: { code: 'InternalServerError', message: 'boom' } } }, { status: 200, body: { ok: true } }]);
    const e = await failure(call('POST', '/post500'));
    expect(hits.get('/post500')).toBe(1);
    expect(e.code).toBe('azure:errors.request');
    script.set('/post429', [{ status: 429, headers: { 'retry-after': '0' } }, { status: 200, body: { ok: true } }]);
    expect((await call('POST', '/post429')).body).toEqual({ ok: true });
    expect(hits.get('/post429')).toBe(2);
  });

  it('gives up after the configured retries with the last error', async () => {
    script.set('/always503', [{ status: 503, body: { error: { code: 'ServerBusy', message: 'busy' } } }]);
    const e = await failure(call('GET', '/always503', { retries: 2, baseDelayMs: 1, maxDelayMs: 5 }));
    expect(hits.get('/always503')).toBe(3);
    expect(e.message).toBe('Azure refused to read the subscription: ServerBusy: busy. Correct the cause Azure names and try again.');
  });

  it('MissingSubscriptionRegistration, AuthorizationFailed and network loss: one clear error each, translated', async () => {
    const message = "The subscription is not registered to use namespace 'Microsoft.ImportExport'. See https://aka.ms/rps-not-found for how to register subscriptions.";
    script.set('/unregistered', [{ status: 409, body: { error: { code: 'MissingSubscriptionRegistration', message, details: [{ code: 'MissingSubscriptionRegistration', target: 'Microsoft.ImportExport', message }] } } }]);
    const reg = await failure(call('GET', '/unregistered'));
    expect([reg.code, reg.params.namespace, reg.step]).toEqual(['azure:errors.notRegistered', 'Microsoft.ImportExport', 'signIn']);
    expect(localizeError(reg, 'de').message).toContain('registrieren Sie den Ressourcenanbieter Microsoft.ImportExport');

    script.set('/denied', [{ status: 403, body: { error: { code: 'AuthorizationFailed', message: "The client 'x' does not have authorization to perform action 'Microsoft.Authorization/roleAssignments/write'." } } }]);
    const denied = await failure(call('GET', '/denied'));
    expect(hits.get('/denied')).toBe(1);
    expect(denied.code).toBe('azure:errors.forbidden');
    expect(denied.message).toBe('Azure refused to read the subscription because the signed-in identity lacks permission (AuthorizationFailed); sign in with an account that is Owner of the subscription or resource group and try again.');
    expect(localizeError(denied, 'fr').message).toContain("Azure a refusé de lire l'abonnement");

    // A port nobody listens on: the connection is refused (after the retries of an idempotent GET).
    const closed = net.createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', () => r()));
    const port = (closed.address() as net.AddressInfo).port;
    await new Promise((r) => closed.close(r));
    const lost = await failure(jsonCall({ method: 'GET', url: `https://127.0.0.1:${port}/x`, token: 't', ca, operation: 'readSubscription', step: 'signIn', retry: { retries: 1, baseDelayMs: 1, maxDelayMs: 2 } }));
    // It names where nothing answered and what to check there, not the network in general.
    expect(lost.code).toBe('azure:errors.unreachable');
    expect(lost.message).toMatch(new RegExp(`^Nothing answered at 127\\.0\\.0\\.1:${port} to read the subscription \\(ECONNREFUSED .*\\); check the address and port there`));
  });

  it("tells MSAL's offline failures (no network) from a sign-in Azure AD refused", () => {
    const offline = toAzureError(new ClientAuthError(ClientAuthErrorCodes.networkError, 'fetch failed'), 'signIn', 'signIn');
    expect(offline.code).toBe('azure:errors.network');
    const unresolved = toAzureError(new ClientAuthError(ClientAuthErrorCodes.endpointResolutionError, ''), 'signIn', 'signIn');
    expect(unresolved.code).toBe('azure:errors.network');
    const refused = toAzureError(new ServerError('invalid_grant', 'AADSTS70000: The provided grant has expired.'), 'signIn', 'signIn');
    expect(refused.code).toBe('azure:errors.unauthenticated');
  });

  it('maps SDK RestErrors the same way, and never leaks a token in the message', () => {
    const e = toAzureError({ statusCode: 403, code: 'AuthorizationFailed', message: 'denied for Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln' }, 'createApplication', 'certificate');
    expect(e.code).toBe('azure:errors.forbidden');
    const n = toAzureError(Object.assign(new Error('getaddrinfo ENOTFOUND management.azure.com'), { code: 'ENOTFOUND' }), 'createApplication', 'certificate');
    expect(n.code).toBe('azure:errors.network');
    const r = toAzureError({ statusCode: 400, code: 'Bad', message: 'token eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl was wrong' }, 'createApplication', 'certificate');
    expect(r.message).not.toContain('eyJ');
  });
});

describe('ArmRest.assignRole', () => {
  it('retries PrincipalNotFound while a new principal replicates, sending principalType ServicePrincipal', async () => {
    const scope = '/subscriptions/66666666-6666-4666-8666-666666666666/resourceGroups/rg';
    const ra = `${scope}/providers/Microsoft.Authorization/roleAssignments`;
    script.set(`GET ${ra}`, [{ status: 200, body: { value: [] } }]);
    const created = { id: `${ra}/x`, name: 'x', properties: { roleDefinitionId: `${scope}/providers/Microsoft.Authorization/roleDefinitions/b24988ac-6180-42a0-ab88-20f7382dd24c`, principalId: 'sp', principalType: 'ServicePrincipal', scope } };
    script.set(`PUT ${ra}/*`, [
      { status: 400, body: { error: { code: 'PrincipalNotFound', message: 'Principal sp does not exist in the directory.' } } },
      { status: 400, body: { error: { code: 'PrincipalNotFound', message: 'Principal sp does not exist in the directory.' } } },
      { status: 201, body: created },
    ]);
    const cloud = { ...resolveCloud('AzureCloud', {}), endpoints: { authority: base, resourceManager: base, graph: base }, ca };
    const arm = new ArmRest(cloud, { getToken: async () => ({ token: 't', expiresOnTimestamp: Date.now() + 3600e3 }) }, fast);
    const r = await arm.assignRole(scope, 'b24988ac-6180-42a0-ab88-20f7382dd24c', 'sp', 'certificate', { replicationWaitMs: [1, 1, 1] });
    expect(r).toMatchObject({ principalId: 'sp', principalType: 'ServicePrincipal', scope });
    expect(hits.get(`PUT ${ra}/*`)).toBe(3);
    // An assignment that already exists is reused, not duplicated.
    script.set(`GET ${ra}`, [{ status: 200, body: { value: [created] } }]);
    expect((await arm.assignRole(scope, 'b24988ac-6180-42a0-ab88-20f7382dd24c', 'sp', 'certificate')).id).toBe(created.id);
    expect(hits.get(`PUT ${ra}/*`)).toBe(3);
  });
});

describe('retryDelay', () => {
  it('honours Retry-After in seconds and as a date, capped; otherwise exponential with jitter', () => {
    const p = { retries: 5, baseDelayMs: 100, maxDelayMs: 10_000 };
    expect(retryDelay(0, { 'retry-after': '3' }, p)).toBe(3000);
    expect(retryDelay(0, { 'retry-after': '120' }, p)).toBe(10_000);
    const d = retryDelay(0, { 'retry-after': new Date(Date.now() + 60_000).toUTCString() }, p);
    expect(d).toBeGreaterThan(5000);
    for (let i = 0; i < 20; i++) {
      const x = retryDelay(3, {}, p);
      expect(x).toBeGreaterThanOrEqual(400);
      expect(x).toBeLessThanOrEqual(800);
    }
  });
});
