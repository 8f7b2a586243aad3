/** The host: loopback only, token and Origin required on the WebSocket, the contract enforced, static files confined. */

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { request } from 'node:http';
import WebSocket from 'ws';
import { startHost, type RunningHost } from '../../src/host/server';

let host: RunningHost;
let tmp: string;

beforeAll(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'offline-seed-host-'));
  mkdirSync(path.join(tmp, 'www'));
  writeFileSync(path.join(tmp, 'www', 'index.html'), '<!doctype html><title>t</title>');
  writeFileSync(path.join(tmp, 'secret.txt'), 'outside');
  host = await startHost({ staticDir: path.join(tmp, 'www'), dataDir: path.join(tmp, 'data') });
});

afterAll(async () => {
  await host.close();
  rmSync(tmp, { recursive: true, force: true });
});

function connect(opts: { token?: string | null; origin?: string | null; host?: string }): Promise<{ ws: WebSocket } | { status: number }> {
  const token = opts.token === undefined ? host.token : opts.token;
  const url = `ws://127.0.0.1:${host.port}/ws${token === null ? '' : `?token=${encodeURIComponent(token)}`}`;
  const headers: Record<string, string> = {};
  if (opts.host) headers.host = opts.host;
  const ws = new WebSocket(url, {
    headers,
    ...(opts.origin === null ? {} : { origin: opts.origin ?? `http://127.0.0.1:${host.port}` }),
  });
  return new Promise((resolve) => {
    ws.on('open', () => resolve({ ws }));
    ws.on('unexpected-response', (_req, res) => resolve({ status: res.statusCode ?? 0 }));
    ws.on('error', () => resolve({ status: -1 }));
  });
}

function call(ws: WebSocket, msg: unknown): Promise<Record<string, unknown>> {
  return new Promise((resolve) => {
    ws.once('message', (data) => resolve(JSON.parse(data.toString())));
    ws.send(typeof msg === 'string' ? msg : JSON.stringify(msg));
  });
}

describe('host', () => {
  it('listens on 127.0.0.1 only and prints a URL with the token', () => {
    expect(host.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${host.port}/\\?token=`));
    expect(host.token.length).toBeGreaterThanOrEqual(32);
  });

  it('refuses a connection without the token or with a wrong one', async () => {
    expect(await connect({ token: null })).toEqual({ status: 401 });
    expect(await connect({ token: 'wrong-token' })).toEqual({ status: 401 });
    expect(await connect({ token: host.token.slice(0, -1) + (host.token.endsWith('a') ? 'b' : 'a') })).toEqual({ status: 401 });
  });

  it('refuses a connection from another origin or with no origin', async () => {
    expect(await connect({ origin: 'http://evil.example' })).toEqual({ status: 403 });
    expect(await connect({ origin: `http://localhost:${host.port}` })).toEqual({ status: 403 });
    expect(await connect({ origin: null })).toEqual({ status: 403 });
  });

  it('refuses a rebound Host header', async () => {
    expect(await connect({ host: `attacker.example:${host.port}` })).toEqual({ status: 421 });
  });

  it('answers a valid request and refuses a malformed one with a localized error', async () => {
    const r = await connect({});
    if (!('ws' in r)) throw new Error(`connect failed: ${r.status}`);
    const ok = await call(r.ws, { type: 'request', id: 1, name: 'app.info', arg: {} });
    expect(ok).toMatchObject({ type: 'reply', id: 1, ok: true, result: { name: 'Offline Seed', capabilities: { shell: 'host' } } });
    const bad = await call(r.ws, { type: 'request', id: 2, name: 'app.openExternal', arg: { url: 42 } });
    expect(bad).toMatchObject({ id: 2, ok: false, error: { code: 'app:errors.invalidRequest' } });
    const unknown = await call(r.ws, { type: 'request', id: 3, name: 'fs.readFile', arg: {} });
    expect(unknown).toMatchObject({ id: 3, ok: false, error: { code: 'app:errors.unknownRequest' } });
    const link = await call(r.ws, { type: 'request', id: 4, name: 'app.openExternal', arg: { url: 'https://evil.example/' } });
    expect(link).toMatchObject({ id: 4, ok: false, error: { code: 'app:errors.linkNotAllowed' } });
    await call(r.ws, { type: 'request', id: 5, name: 'app.setLanguage', arg: { language: 'de' } });
    const german = await call(r.ws, { type: 'request', id: 6, name: 'jobs.cancel', arg: { jobId: 'nope' } });
    expect((german.error as { message: string }).message).toBe('Es läuft kein Vorgang „nope“. Er ist vielleicht schon beendet.');
    r.ws.close();
  });

  it('closes a socket that sends something other than JSON requests', async () => {
    const r = await connect({});
    if (!('ws' in r)) throw new Error('connect failed');
    const closed = new Promise<number>((resolve) => r.ws.on('close', (code) => resolve(code)));
    r.ws.send('not json');
    expect(await closed).toBe(1003);
  });

  it('serves the renderer with a CSP and never a file outside its folder', async () => {
    const get = (p: string, hostHeader = `127.0.0.1:${host.port}`) =>
      new Promise<{ status: number; headers: Record<string, unknown>; body: string }>((resolve, reject) => {
        const req = request({ host: '127.0.0.1', port: host.port, path: p, headers: { host: hostHeader } }, (res) => {
          let body = '';
          res.on('data', (c) => (body += c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
        });
        req.on('error', reject);
        req.end();
      });
    const index = await get('/');
    expect(index.status).toBe(200);
    expect(String(index.headers['content-security-policy'])).toContain("script-src 'self'");
    expect(String(index.headers['content-security-policy'])).toContain(`connect-src 'self' ws://127.0.0.1:${host.port}`);
    expect((await get('/../secret.txt')).body).not.toContain('outside');
    const encoded = await get('/%2e%2e/secret.txt');
    expect(encoded.status).toBe(404);
    expect(encoded.body).not.toContain('outside');
    expect((await get('/', 'evil.example')).status).toBe(421);
  });
});
