/**
 * The contract over a WebSocket on 127.0.0.1, plus the built renderer over HTTP.
 *
 * Used where Electron cannot start (no binary) and by the e2e tests. Only loopback; a random per-run token
 * is required on the WebSocket, the Origin and Host headers must be this server's own, so neither another
 * web page in the user's browser nor a DNS-rebinding site can drive it.
 */

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { createRuntime, type Runtime } from '../core/runtime';
import { stopLocalRehearsal } from '../core/azure/localRehearsal';
import { startEmulator } from '../emulator';
import { contentSecurityPolicy } from '../shared/csp';
import type { Language } from '../shared/i18n/languages';

export interface HostOptions {
  /** Folder of the built renderer (out/renderer). */
  staticDir: string;
  port?: number;
  token?: string;
  language?: Language;
  dataDir?: string;
  /** Called for allow-listed links; the host cannot open a browser by itself in tests. */
  openExternal?: (url: string) => Promise<void>;
}

export interface RunningHost {
  url: string;
  port: number;
  token: string;
  runtime: Runtime;
  close(): Promise<void>;
}

const mime: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

function sameToken(given: string | null, expected: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export async function startHost(opts: HostOptions): Promise<RunningHost> {
  const token = opts.token ?? randomBytes(24).toString('base64url');
  const staticRoot = path.resolve(opts.staticDir);
  const sockets = new Set<WebSocket>();
  let port = 0;
  const runtime = createRuntime({
    shell: 'host',
    language: opts.language ?? 'en',
    startLocalAzure: startEmulator,
    dataDir: opts.dataDir,
    openExternal: opts.openExternal ?? (async () => undefined),
    emit(name, payload) {
      const text = JSON.stringify({ type: 'event', name, payload });
      for (const s of sockets) if (s.readyState === s.OPEN) s.send(text);
    },
  });

  const ownHost = () => `127.0.0.1:${port}`;

  async function serveStatic(req: IncomingMessage, res: ServerResponse) {
    if (req.headers.host !== ownHost()) {
      res.writeHead(421, { 'content-type': 'text/plain' }).end('Misdirected request');
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    const urlPath = decodeURIComponent(new URL(req.url ?? '/', `http://${ownHost()}`).pathname);
    const rel = urlPath === '/' ? 'index.html' : urlPath.replace(/^\/+/, '');
    const file = path.resolve(staticRoot, rel);
    if (!file.startsWith(staticRoot + path.sep)) {
      res.writeHead(403, { 'content-type': 'text/plain' }).end('Forbidden');
      return;
    }
    try {
      const body = await fs.readFile(file);
      res.writeHead(200, {
        'content-type': mime[path.extname(file)] ?? 'application/octet-stream',
        'content-security-policy': contentSecurityPolicy([`ws://127.0.0.1:${port}`]),
        'x-content-type-options': 'nosniff',
        'referrer-policy': 'no-referrer',
        'x-frame-options': 'DENY',
        'cache-control': 'no-store',
      });
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
    }
  }

  const server = createServer((req, res) => void serveStatic(req, res));
  const wss = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 });

  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', `http://${ownHost()}`);
    const reject = (status: number, text: string) => {
      socket.write(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      socket.destroy();
    };
    if (url.pathname !== '/ws') return reject(404, 'Not Found');
    if (req.headers.host !== ownHost()) return reject(421, 'Misdirected Request');
    if (req.headers.origin !== `http://${ownHost()}`) return reject(403, 'Forbidden');
    if (!sameToken(url.searchParams.get('token'), token)) return reject(401, 'Unauthorized');
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });

  wss.on('connection', (ws) => {
    sockets.add(ws);
    ws.on('close', () => sockets.delete(ws));
    ws.on('message', (data) => {
      void (async () => {
        let msg: unknown;
        try {
          msg = JSON.parse(data.toString());
        } catch {
          ws.close(1003, 'Messages must be JSON');
          return;
        }
        const m = msg as { type?: unknown; id?: unknown; name?: unknown; arg?: unknown };
        if (m.type !== 'request' || typeof m.id !== 'number' || !Number.isSafeInteger(m.id)) {
          ws.close(1008, 'Malformed request');
          return;
        }
        const reply = await runtime.handle(m.name, m.arg ?? {});
        if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ type: 'reply', id: m.id, ...reply }));
      })();
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}/?token=${encodeURIComponent(token)}`,
    port,
    token,
    runtime,
    async close() {
      await stopLocalRehearsal();
      for (const s of sockets) s.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
