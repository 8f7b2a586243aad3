/**
 * The host survives anything a client sends, at the raw socket level: bad URIs get 400, bad messages an error reply or
 * a close, oversize messages close 1009, malformed frames close 1002/1007; then a fuzz run of random bytes, request
 * lines, frames and messages. After every case the host process is still running and still answers a valid request.
 */

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  RawConnection,
  closeCode,
  frame,
  getRequest,
  rawHttp,
  rawRequest,
  rawWebSocket,
  startHostProcess,
  type HostProcess,
} from '../helpers/rawHost';

let host: HostProcess;

beforeAll(async () => {
  host = await startHostProcess();
});

afterAll(async () => {
  await host?.stop();
});

/** The host is still running and answers `app.info` on a fresh connection. */
async function stillAnswers() {
  expect(host.alive(), `the host exited; stderr: ${host.stderr()}`).toBe(true);
  const c = await rawWebSocket(host);
  const reply = await rawRequest(c, { type: 'request', id: 1, name: 'app.info', arg: {} });
  expect(reply).toMatchObject({ type: 'reply', id: 1, ok: true, result: { name: 'Offline Seed' } });
  c.destroy();
}

describe('host: HTTP paths nobody should send', () => {
  it.each(['/%c0%ae', '/%', '/%E0%A4%A', '/%c0%ae%c0%ae/secret', '/%00', '/a%00b.js'])('GET %s without a token → 400', async (target) => {
    expect(await rawHttp(host.port, getRequest(host.port, target))).toBe(400);
    await stillAnswers();
  });

  it('a request target that is not a URL path at all → 400, also on the WebSocket upgrade', async () => {
    expect(await rawHttp(host.port, getRequest(host.port, '//[::1'))).toBe(400);
    const upgrade =
      `GET //[::1/ws HTTP/1.1\r\nHost: 127.0.0.1:${host.port}\r\nOrigin: http://127.0.0.1:${host.port}\r\n` +
      'Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n';
    expect(await rawHttp(host.port, upgrade)).toBe(400);
    await stillAnswers();
  });

  it('a client that hangs up in the middle of an upgrade or a request', async () => {
    for (const partial of [
      `GET /ws?token=${host.token} HTTP/1.1\r\nHost: 127.0.0.1:${host.port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n`,
      `GET /ws?token=${host.token} HTTP/1.1\r\nHost: 127.0.0.1:${host.port}\r\nOrigin: http://127.0.0.1:${host.port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n\x81\xfe`,
      'GET / HTTP/1.1\r\nHost: 127.0.0.1',
    ]) {
      const c = await RawConnection.open(host.port);
      c.write(partial);
      c.socket.resetAndDestroy();
    }
    await stillAnswers();
  });
});

describe('host: messages of the wrong shape', () => {
  it.each([
    ['null', 1008, 'null'],
    ['a number', 1008, '42'],
    ['a string', 1008, '"request"'],
    ['an array', 1008, '[{"type":"request","id":1}]'],
    ['not JSON', 1003, '{"type":'],
    ['no id', 1008, '{"type":"request","name":"app.info"}'],
    ['a fractional id', 1008, '{"type":"request","id":1.5,"name":"app.info"}'],
  ])('%s → closed with %i', async (_what, code, text) => {
    const c = await rawWebSocket(host);
    c.write(frame(text));
    expect(await closeCode(c)).toBe(code);
    c.destroy();
    await stillAnswers();
  });

  it('a request with an id but a bad name or argument → an error reply on the same connection', async () => {
    const c = await rawWebSocket(host);
    expect(await rawRequest(c, { type: 'request', id: 2, name: { toString: 1 } })).toMatchObject({ id: 2, ok: false, error: { code: 'app:errors.unknownRequest' } });
    expect(await rawRequest(c, { type: 'request', id: 3, name: '__proto__' })).toMatchObject({ id: 3, ok: false, error: { code: 'app:errors.unknownRequest' } });
    expect(await rawRequest(c, { type: 'request', id: 4, name: 'app.setLanguage', arg: { language: { $gt: '' } } })).toMatchObject({
      id: 4,
      ok: false,
      error: { code: 'app:errors.invalidRequest' },
    });
    expect(await rawRequest(c, { type: 'request', id: 5, name: 'app.info', arg: {} })).toMatchObject({ id: 5, ok: true });
    c.destroy();
  });

  it('a binary frame → closed with 1003 (the contract is JSON text)', async () => {
    const c = await rawWebSocket(host);
    c.write(frame(Buffer.from('{"type":"request","id":1,"name":"app.info","arg":{}}'), { opcode: 2 }));
    expect(await closeCode(c)).toBe(1003);
    await stillAnswers();
  });
});

describe('host: frames that break the protocol', () => {
  it('a 2 MiB message → closed with 1009', async () => {
    const c = await rawWebSocket(host);
    c.write(frame(JSON.stringify({ type: 'request', id: 1, name: 'app.info', arg: { pad: 'x'.repeat(2 * 1024 * 1024) } })));
    expect(await closeCode(c)).toBe(1009);
    await stillAnswers();
  });

  it('a length of 2^53 declared and never sent → closed with 1009', async () => {
    const c = await rawWebSocket(host);
    c.write(frame('', { declaredLength: 2 ** 53 }).subarray(0, 10));
    expect(await closeCode(c)).toBe(1009);
    await stillAnswers();
  });

  it.each([
    ['an unmasked frame', 1002, frame('{"type":"request","id":1,"name":"app.info","arg":{}}', { mask: false })],
    ['reserved bits set', 1002, frame('{}', { rsv: 4 })],
    ['an unknown opcode', 1002, frame('{}', { opcode: 3 })],
    ['a fragmented ping', 1002, frame('x', { opcode: 9, fin: false })],
    ['a ping over 125 bytes', 1002, frame('x'.repeat(200), { opcode: 9 })],
    ['a continuation with nothing to continue', 1002, frame('x', { opcode: 0 })],
    ['text that is not UTF-8', 1007, frame(Buffer.from([0x7b, 0xc0, 0xae, 0x7d]))],
  ])('%s → closed with %i', async (_what, code, bytes) => {
    const c = await rawWebSocket(host);
    c.write(bytes);
    expect(await closeCode(c)).toBe(code);
    await stillAnswers();
  });
});

/** mulberry32: a small seeded generator, so a failing fuzz run can be replayed with the seed it prints. */
function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const bytes = (n: number) => Buffer.from(Array.from({ length: n }, () => int(256)));
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)]!;
  return { next, int, bytes, pick };
}

function randomJson(r: ReturnType<typeof rng>, depth = 0): unknown {
  const kind = r.int(depth > 3 ? 5 : 8);
  switch (kind) {
    case 0:
      return null;
    case 1:
      return r.pick([0, -1, 1.5, 2 ** 53, -0, 1e308, Number.MAX_SAFE_INTEGER]);
    case 2:
      return r.pick(['', 'app.info', 'app.setLanguage', '__proto__', 'constructor', 'x'.repeat(r.int(3000)), '\u0000\u202e\u001b[31m']);
    case 3:
      return r.next() < 0.5;
    case 4:
      return r.bytes(r.int(40)).toString('latin1');
    case 5:
      return Array.from({ length: r.int(5) }, () => randomJson(r, depth + 1));
    default: {
      const o: Record<string, unknown> = {};
      for (const k of ['type', 'id', 'name', 'arg', '__proto__', 'language']) if (r.next() < 0.6) o[k] = randomJson(r, depth + 1);
      if (r.next() < 0.5) o.type = 'request';
      if (r.next() < 0.5) o.id = r.int(1000);
      if (r.next() < 0.3) o.name = r.pick(['app.info', 'app.setLanguage']);
      return o;
    }
  }
}

const urlAlphabet = ['%', '%c0', '%ae', '%E0%A4%A', '%00', '%2e%2e/', '/', '..', '?', '#', '[', ']', '@', ':', '\\', 'ws', 'a', '\u00e9', '%ff', '%25', ';', '&token='];

describe('host: fuzz', () => {
  const seed = Number(process.env.HOST_FUZZ_SEED ?? Date.now() % 2 ** 31);
  const r = rng(seed);
  const note = `seed ${seed} (HOST_FUZZ_SEED=${seed} replays it)`;

  it('random request targets', { timeout: 120_000 }, async () => {
    for (let i = 0; i < 150; i++) {
      const target = '/' + Array.from({ length: 1 + r.int(8) }, () => r.pick(urlAlphabet)).join('');
      const status = await rawHttp(host.port, Buffer.concat([Buffer.from('GET '), Buffer.from(target), Buffer.from(` HTTP/1.1\r\nHost: 127.0.0.1:${host.port}\r\nConnection: close\r\n\r\n`)]));
      expect(status === undefined || (status >= 200 && status < 500), `${note}: ${target} → ${status}`).toBe(true);
      expect(host.alive(), `${note}: the host exited after GET ${target}; stderr: ${host.stderr()}`).toBe(true);
    }
    await stillAnswers();
  });

  it('random bytes to the port', { timeout: 120_000 }, async () => {
    for (let i = 0; i < 60; i++) {
      const c = await RawConnection.open(host.port);
      c.write(r.next() < 0.5 ? r.bytes(r.int(4000)) : Buffer.concat([Buffer.from('GET /ws HTTP/1.1\r\n'), r.bytes(r.int(500))]));
      await new Promise((res) => setTimeout(res, 5));
      if (r.next() < 0.5) c.socket.resetAndDestroy();
      else c.destroy();
      expect(host.alive(), `${note}: stderr: ${host.stderr()}`).toBe(true);
    }
    await stillAnswers();
  });

  it('random frames and random messages on authenticated connections', { timeout: 180_000 }, async () => {
    let c = await rawWebSocket(host);
    for (let i = 0; i < 300; i++) {
      if (c.closed) c = await rawWebSocket(host);
      const which = r.int(4);
      if (which === 0) c.write(frame(JSON.stringify(randomJson(r))));
      else if (which === 1) c.write(r.bytes(1 + r.int(300)));
      else if (which === 2)
        c.write(
          frame(r.next() < 0.5 ? r.bytes(r.int(200)) : JSON.stringify(randomJson(r)), {
            opcode: r.pick([0, 1, 2, 3, 8, 9, 10, 11, 15]),
            fin: r.next() < 0.7,
            rsv: r.next() < 0.2 ? r.int(8) : 0,
            mask: r.next() < 0.85,
            ...(r.next() < 0.1 ? { declaredLength: r.int(70000) } : {}),
          }),
        );
      else c.write(frame(JSON.stringify({ type: 'request', id: i, name: r.pick(['app.info', 'app.setLanguage', 'nope']), arg: randomJson(r) })));
      if (i % 20 === 0) await new Promise((res) => setTimeout(res, 10));
      expect(host.alive(), `${note}: frame ${i}; stderr: ${host.stderr()}`).toBe(true);
    }
    c.destroy();
    // Let the host take in the last of it before checking.
    await new Promise((res) => setTimeout(res, 200));
    await stillAnswers();
    expect(host.stderr(), note).not.toMatch(/Unhandled|TypeError|RangeError|URIError/);
  });
});
