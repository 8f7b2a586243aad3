/**
 * The Electron app as its own elevated helper: started with `--elevated-helper --socket S --token-file T` (as the
 * wizard starts it through UAC or pkexec), the built main process opens no window, takes no single-instance lock,
 * connects back, proves it knows the token, answers a call and ends when told. Run under the Electron stand-in;
 * this side plays the unelevated app with the protocol's own functions.
 */

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { frame, lineReader, newNonce, proofMatches, proofOf, toCallerSchema, type ToCaller } from '../../src/core/elevation/protocol';
import { launchApp } from '../electron/launch';

const root = mkdtempSync(path.join(os.tmpdir(), 'os-main-helper-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('main with --elevated-helper', () => {
  it('is the helper: no window, no lock; it proves the token, answers, and exits 0 on goodbye', async () => {
    const token = Buffer.alloc(32, 7);
    const tokenFile = path.join(root, 'token');
    writeFileSync(tokenFile, token.toString('hex'), { mode: 0o600 });
    const socketPath = path.join(root, 'helper.sock');
    const got: ToCaller[] = [];
    let verified = false;
    const server = net.createServer((sock) => {
      const mine = newNonce();
      sock.on(
        'data',
        lineReader(
          toCallerSchema,
          (m) => {
            got.push(m);
            if (m.type === 'hello') sock.write(frame({ type: 'auth', nonce: mine, proof: proofOf(token, 'caller', m.nonce) }));
            if (m.type === 'ready') {
              verified = proofMatches(token, 'helper', mine, m.proof);
              const target = { root: path.join(root, 'none'), label: 'x', driveId: 'NONE', bitLockerKey: 'x', drive: { id: 'x', kind: 'dir', device: root, model: 'm', serial: 'NONE', sizeBytes: 1, bus: 'Unknown', media: 'Unknown', isSystem: false, isBoot: false, readOnly: false, removable: false, volumes: [] }, bitLocker: 'linuxBitLocker', formatted: false };
              sock.write(JSON.stringify({ type: 'call', id: 1, op: 'checkKey', arg: target }) + '\n');
            }
            if (m.type === 'done') sock.end(frame({ type: 'bye' }));
          },
          () => sock.destroy(),
        ),
      );
    });
    await new Promise<void>((r) => server.listen(socketPath, r));
    const argv = process.argv;
    process.argv = [argv[0]!, 'out/main/main.mjs', '--elevated-helper', '--socket', socketPath, '--token-file', tokenFile];
    let app: Awaited<ReturnType<typeof launchApp>>;
    try {
      app = await launchApp();
    } finally {
      process.argv = argv;
    }
    try {
      await app.electron.exited;
      expect(app.electron.exitCode).toBe(0);
      expect(verified).toBe(true);
      expect(got.map((m) => m.type)).toEqual(['hello', 'ready', 'done']);
      expect(got[2]).toMatchObject({ type: 'done', id: 1, value: false });
      const apis = app.electron.calls.map((c) => c.api);
      expect(apis).not.toContain('app.requestSingleInstanceLock');
      expect(app.electron.windows).toEqual([]);
      expect(apis).not.toContain('app.setPath');
    } finally {
      await app.close();
      server.close();
    }
  }, 60_000);
});
