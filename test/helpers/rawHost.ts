/**
 * The WebSocket host (src/host) as a separate process, and a client that speaks raw TCP to it.
 *
 * The host runs as `node out/host/index.mjs` (rebuilt first if src/ changed), so a crash is a process that exits,
 * as it would be for a user, not an error inside the test worker. The client writes bytes exactly as given:
 * HTTP request lines a browser would never send, and WebSocket frames with any opcode, mask, length or reserved bit.
 */

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..', '..');

export interface HostProcess {
  port: number;
  token: string;
  child: ChildProcess;
  /** Everything the host wrote to stderr. */
  stderr(): string;
  alive(): boolean;
  stop(): Promise<void>;
}

/**
 * The address a host process prints once it listens ("running at …", its token included), and what it wrote to
 * stderr; the address is refused, with that stderr, if the process exits first.
 */
export function listeningAt(child: ChildProcess): { url: Promise<URL>; stderr(): string } {
  let err = '';
  child.stderr!.on('data', (c: Buffer) => (err += c.toString()));
  const url = new Promise<URL>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /running at (\S+)/.exec(out);
      if (m) resolve(new URL(m[1]!));
    });
    child.once('exit', (code) => reject(new Error(`the host exited (${code}) before listening: ${err}`)));
  });
  return { url, stderr: () => err };
}

export async function startHostProcess(): Promise<HostProcess> {
  const fresh = spawnSync(
    process.execPath,
    ['--input-type=module', '-e', "const { ensureFresh } = await import('./scripts/lib/freshness.mjs'); const p = await ensureFresh(process.cwd(), 'host'); if (p) { console.error(p); process.exit(1); }"],
    { cwd: root, encoding: 'utf8' },
  );
  if (fresh.status !== 0) throw new Error(`out/host could not be rebuilt: ${fresh.stderr}`);
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'offline-seed-hostile-'));
  const child = spawn(process.execPath, [path.join(root, 'out', 'host', 'index.mjs')], {
    cwd: root,
    env: { ...process.env, OFFLINE_SEED_DATA_DIR: dataDir, OFFLINE_SEED_PORT: '0', LANG: 'en_US.UTF-8' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const listening = listeningAt(child);
  const u = await listening.url;
  return {
    port: Number(u.port),
    token: u.searchParams.get('token')!,
    child,
    stderr: listening.stderr,
    alive: () => child.exitCode === null && child.signalCode === null,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A raw TCP connection that collects what the server sends and when it closes. */
export class RawConnection {
  readonly socket: net.Socket;
  private buf = Buffer.alloc(0);
  private waiters: Array<() => void> = [];
  closed = false;

  private constructor(socket: net.Socket) {
    this.socket = socket;
    socket.on('data', (c) => {
      this.buf = Buffer.concat([this.buf, c]);
      this.wake();
    });
    socket.on('close', () => {
      this.closed = true;
      this.wake();
    });
    socket.on('error', () => undefined);
  }

  static open(port: number): Promise<RawConnection> {
    return new Promise((resolve, reject) => {
      const s = net.connect(port, '127.0.0.1', () => resolve(new RawConnection(s)));
      s.once('error', reject);
    });
  }

  private wake() {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  /** Waits until `ready(buffer)` returns something, the socket closes, or `ms` pass. */
  async until<T>(ready: (b: Buffer) => T | undefined, ms = 10_000): Promise<T | undefined> {
    const deadline = Date.now() + ms;
    for (;;) {
      const v = ready(this.buf);
      if (v !== undefined) return v;
      if (this.closed || Date.now() > deadline) return undefined;
      await new Promise<void>((r) => {
        const t = setTimeout(r, Math.max(1, deadline - Date.now()));
        this.waiters.push(() => {
          clearTimeout(t);
          r();
        });
      });
    }
  }

  take(n: number): Buffer {
    const out = this.buf.subarray(0, n);
    this.buf = this.buf.subarray(n);
    return out;
  }

  write(b: Buffer | string) {
    if (!this.socket.destroyed) this.socket.write(b);
  }

  /** Resolves once the server has closed the connection (or after `ms`). */
  async waitClosed(ms = 10_000): Promise<boolean> {
    await this.until(() => undefined, ms);
    return this.closed;
  }

  destroy() {
    this.socket.destroy();
  }
}

/** Sends a raw HTTP request and returns the status code of the answer (undefined if the connection closed without one). */
export async function rawHttp(port: number, requestHead: string | Buffer): Promise<number | undefined> {
  const c = await RawConnection.open(port);
  c.write(requestHead);
  const status = await c.until((b) => {
    const m = /^HTTP\/1\.1 (\d{3})/.exec(b.toString('latin1'));
    return m ? Number(m[1]) : undefined;
  });
  c.destroy();
  return status;
}

export function getRequest(port: number, target: string): string {
  return `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`;
}

/** Opens a WebSocket with a hand-written handshake; the returned connection is past the 101. */
export async function rawWebSocket(host: { port: number; token: string }): Promise<RawConnection> {
  const c = await RawConnection.open(host.port);
  c.write(
    `GET /ws?token=${encodeURIComponent(host.token)} HTTP/1.1\r\nHost: 127.0.0.1:${host.port}\r\nOrigin: http://127.0.0.1:${host.port}\r\n` +
      `Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
  );
  const end = await c.until((b) => {
    const i = b.indexOf('\r\n\r\n');
    return i >= 0 ? i : undefined;
  });
  if (end === undefined) throw new Error('no handshake answer');
  const head = c.take(end + 4).toString('latin1');
  if (!head.startsWith('HTTP/1.1 101')) throw new Error(`handshake refused: ${head.split('\r\n')[0]}`);
  return c;
}

export interface FrameOptions {
  opcode?: number;
  fin?: boolean;
  /** Reserved bits, 0–7 (RSV1..RSV3). */
  rsv?: number;
  /** Clients must mask; false sends the payload bare. */
  mask?: boolean;
  /** Lie about the payload length. */
  declaredLength?: number;
}

/** One WebSocket frame as RFC 6455 section 5.2 lays it out. */
export function frame(payload: Buffer | string, o: FrameOptions = {}): Buffer {
  const data = typeof payload === 'string' ? Buffer.from(payload) : payload;
  const len = o.declaredLength ?? data.length;
  const mask = o.mask ?? true;
  const b0 = ((o.fin ?? true) ? 0x80 : 0) | ((o.rsv ?? 0) << 4) | (o.opcode ?? 1);
  let head: Buffer;
  if (len < 126) head = Buffer.from([b0, (mask ? 0x80 : 0) | len]);
  else if (len < 65536) {
    head = Buffer.alloc(4);
    head[0] = b0;
    head[1] = (mask ? 0x80 : 0) | 126;
    head.writeUInt16BE(len, 2);
  } else {
    head = Buffer.alloc(10);
    head[0] = b0;
    head[1] = (mask ? 0x80 : 0) | 127;
    head.writeBigUInt64BE(BigInt(len), 2);
  }
  if (!mask) return Buffer.concat([head, data]);
  const key = randomBytes(4);
  const body = Buffer.from(data);
  for (let i = 0; i < body.length; i++) body[i]! ^= key[i % 4]!;
  return Buffer.concat([head, key, body]);
}

export interface ServerFrame {
  opcode: number;
  payload: Buffer;
}

/** Reads the next frame the server sends (servers never mask). */
export function nextFrame(c: RawConnection, ms?: number): Promise<ServerFrame | undefined> {
  return c.until((b) => {
    if (b.length < 2) return undefined;
    let len = b[1]! & 0x7f;
    let off = 2;
    if (len === 126) {
      if (b.length < 4) return undefined;
      len = b.readUInt16BE(2);
      off = 4;
    } else if (len === 127) {
      if (b.length < 10) return undefined;
      len = Number(b.readBigUInt64BE(2));
      off = 10;
    }
    if (b.length < off + len) return undefined;
    const opcode = b[0]! & 0x0f;
    const all = c.take(off + len);
    return { opcode, payload: Buffer.from(all.subarray(off)) };
  }, ms);
}

/** The close code of the server's close frame, skipping data frames; undefined if the socket ended without one. */
export async function closeCode(c: RawConnection, ms?: number): Promise<number | undefined> {
  for (;;) {
    const f = await nextFrame(c, ms);
    if (!f) return undefined;
    if (f.opcode === 8) return f.payload.length >= 2 ? f.payload.readUInt16BE(0) : 1005;
  }
}

/** Sends one request over a raw WebSocket and returns the parsed reply (data frames only). */
export async function rawRequest(c: RawConnection, msg: unknown): Promise<Record<string, unknown> | undefined> {
  c.write(frame(typeof msg === 'string' ? msg : JSON.stringify(msg)));
  for (;;) {
    const f = await nextFrame(c);
    if (!f) return undefined;
    if (f.opcode === 1) {
      const parsed = JSON.parse(f.payload.toString()) as Record<string, unknown>;
      if (parsed.type === 'reply') return parsed;
    }
    if (f.opcode === 8) return undefined;
  }
}
