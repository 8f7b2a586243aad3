/**
 * The contract over a WebSocket on 127.0.0.1, plus the built renderer over HTTP.
 *
 * Used where Electron cannot start (no binary) and by the e2e tests. Only loopback; a random per-run token
 * is required on the WebSocket, the Origin and Host headers must be this server's own, so neither another
 * web page in the user's browser nor a DNS-rebinding site can drive it. Nothing a client sends ends the process: a
 * bad request target gets 400, a message that is not a request closes its socket (1003/1008), a bad frame closes it
 * with ws's code (1002, 1007, 1009 over `maxMessageBytes`), and a failing request gets an error reply.
 */

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { createRuntime, type Runtime } from '../core/runtime';
import { stopLocalRehearsal } from '../core/azure/localRehearsal';
import { startEmulator } from '../emulator';
import { contentSecurityPolicy } from '../shared/csp';
import { localizeError } from '../shared/i18n';
import type { Language } from '../shared/i18n/languages';
import type { ElevationOptions } from '../core/elevation/client';
import { createFolderBrowser, type FolderBrowser } from './folderBrowser';

export interface HostOptions {
  /** Folder of the built renderer (out/renderer). */
  staticDir: string;
  port?: number;
  token?: string;
  language?: Language;
  dataDir?: string;
  /** Called for allow-listed links; the host cannot open a browser by itself in tests. */
  openExternal?: (url: string) => Promise<void>;
  /** How this host starts itself as the elevated helper for a drive step (src/host/index.ts sets it). */
  elevation?: ElevationOptions;
  /** Where the folder browser starts (src/host/folderBrowser.ts); by default home, temporary files, mounted media. */
  folderRoots?: string[];
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

/** The largest WebSocket message accepted: far above any request of the contract, far below what could hurt. */
const maxMessageBytes = 1024 * 1024;

/** The request target as a URL of this server, or undefined when it is not one (`//[::1`, …). */
function parseRequestUrl(target: string | undefined, host: string): URL | undefined {
  try {
    return new URL(target ?? '/', `http://${host}`);
  } catch {
    return undefined;
  }
}

/**
 * The decoded path of a request, or undefined when it cannot be one: bad percent-encoding (`/%`, `/%E0%A4%A`),
 * overlong UTF-8 (`/%c0%ae`, which decodeURIComponent refuses), a NUL.
 */
function requestPath(target: string | undefined, host: string): string | undefined {
  const url = parseRequestUrl(target, host);
  if (!url) return undefined;
  let decoded: string;
  try {
    decoded = decodeURIComponent(url.pathname);
  } catch {
    return undefined;
  }
  return decoded.includes('\0') ? undefined : decoded;
}

function rawDataText(data: RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data).toString('utf8');
}

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
  let browser: FolderBrowser | null = null;
  const runtime = createRuntime({
    shell: 'host',
    language: opts.language ?? 'en',
    startLocalAzure: startEmulator,
    dataDir: opts.dataDir,
    openExternal: opts.openExternal ?? (async () => undefined),
    ...(opts.elevation ? { elevation: opts.elevation } : {}),
    // A browser cannot show a folder dialog for this server: the page browses folders here, never the data folder.
    folders: { list: (folder) => (browser ??= createFolderBrowser({ hidden: [runtime.ctx.dataDir], ...(opts.folderRoots ? { roots: opts.folderRoots } : {}) })).list(folder) },
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
    const urlPath = requestPath(req.url, ownHost());
    if (urlPath === undefined) {
      res.writeHead(400, { 'content-type': 'text/plain' }).end('Bad request');
      return;
    }
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

  const server = createServer((req, res) => {
    serveStatic(req, res).catch(() => {
      // Whatever went wrong, this request alone fails; the server goes on.
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' }).end('Internal error');
      else res.destroy();
    });
  });
  // ws closes a socket whose message is larger with 1009; no request of the contract comes near it.
  const wss = new WebSocketServer({ noServer: true, maxPayload: maxMessageBytes });

  server.on('upgrade', (req, socket, head) => {
    // Node hands the raw socket over without an error listener: a client resetting it now must not end the process.
    socket.on('error', () => socket.destroy());
    const reject = (status: number, text: string) => {
      if (socket.writable) socket.write(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      socket.destroy();
    };
    try {
      const url = parseRequestUrl(req.url, ownHost());
      if (!url) return reject(400, 'Bad Request');
      if (url.pathname !== '/ws') return reject(404, 'Not Found');
      if (req.headers.host !== ownHost()) return reject(421, 'Misdirected Request');
      if (req.headers.origin !== `http://${ownHost()}`) return reject(403, 'Forbidden');
      if (!sameToken(url.searchParams.get('token'), token)) return reject(401, 'Unauthorized');
      wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
    } catch {
      reject(500, 'Internal Server Error');
    }
  });

  wss.on('connection', (ws) => {
    sockets.add(ws);
    ws.on('close', () => sockets.delete(ws));
    // A bad frame (unmasked, reserved bits, bad UTF-8, too large): ws has already closed the socket with
    // 1002/1007/1009 and then reports it here; without a listener the process would end.
    ws.on('error', () => undefined);
    ws.on('message', (data, isBinary) => {
      answer(ws, data, isBinary).catch(() => ws.terminate());
    });
  });

  /** One message: a request gets exactly one reply; anything that is not a request closes the socket. */
  async function answer(ws: WebSocket, data: RawData, isBinary: boolean) {
    if (isBinary) {
      ws.close(1003, 'Messages must be JSON text');
      return;
    }
    let msg: unknown;
    try {
      msg = JSON.parse(rawDataText(data));
    } catch {
      ws.close(1003, 'Messages must be JSON');
      return;
    }
    if (typeof msg !== 'object' || msg === null || Array.isArray(msg)) {
      ws.close(1008, 'Malformed request');
      return;
    }
    const m = msg as { type?: unknown; id?: unknown; name?: unknown; arg?: unknown };
    if (m.type !== 'request' || typeof m.id !== 'number' || !Number.isSafeInteger(m.id)) {
      ws.close(1008, 'Malformed request');
      return;
    }
    const reply = await runtime.handle(m.name, m.arg ?? {});
    if (ws.readyState !== ws.OPEN) return;
    let text: string;
    try {
      text = JSON.stringify({ type: 'reply', id: m.id, ...reply });
    } catch (e) {
      text = JSON.stringify({ type: 'reply', id: m.id, ok: false, error: localizeError(e, runtime.ctx.language(), undefined, 'gui') });
    }
    ws.send(text);
  }

  wss.on('error', () => undefined);

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  // After listening, an error (EMFILE on accept, …) affects one connection, never the process.
  server.on('error', () => undefined);
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
