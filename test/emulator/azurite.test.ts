/**
 * Azurite's process (src/emulator/azuriteWatchdog.cjs) as a Node child, the way the command and the host run it: it
 * stops cleanly when asked, even while still starting, and ends with its parent. (As an Electron utility process:
 * test/main/rehearsal.test.ts.)
 */

import { afterAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function tempDir(): string {
  const d = mkdtempSync(path.join(os.tmpdir(), 'os-azurite-'));
  dirs.push(d);
  return d;
}

const listening = (port: number) =>
  new Promise<boolean>((resolve) => {
    const s = net.connect(port, '127.0.0.1', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });

async function until(check: () => boolean | Promise<boolean>, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}

describe('the Azurite process', () => {
  it('asked to shut down while still starting, starts, says so, closes cleanly and exits 0', async () => {
    const location = tempDir();
    const child = spawn(process.execPath, ['src/emulator/azuriteWatchdog.cjs', '--silent', '--disableTelemetry', '--location', location, '--blobPort', '0'], {
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    const messages: unknown[] = [];
    child.on('message', (m) => messages.push(m));
    child.send('shutdown');
    const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
    expect(code).toBe(0);
    expect(messages).toEqual([{ type: 'ready', port: expect.any(Number) }]);
    // Closing wrote Azurite's metadata.
    expect(existsSync(path.join(location, '__azurite_db_blob__.json'))).toBe(true);
  }, 60_000);

  it('ends when the command that started it is killed', async () => {
    const state = tempDir();
    const cli = spawn(process.execPath, ['bin/offline-seed', 'emulator', 'start', '--state', state], { stdio: ['ignore', 'pipe', 'pipe'] });
    const profile = path.join(state, 'cloud.json');
    expect(await until(() => existsSync(profile), 60_000)).toBe(true);
    const blobPort = Number(new URL((JSON.parse(readFileSync(profile, 'utf8')) as { storageAccount: { blobEndpoint: string } }).storageAccount.blobEndpoint).port);
    expect(await listening(blobPort)).toBe(true);
    cli.kill('SIGKILL');
    expect(await until(async () => !(await listening(blobPort)), 15_000)).toBe(true);
  }, 90_000);
});
