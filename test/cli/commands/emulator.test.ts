import { afterAll, describe, expect, it } from 'vitest';
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const bin = path.resolve('bin/offline-seed');
let dir = '';
let child: ChildProcess | undefined;

afterAll(async () => {
  if (child && child.exitCode === null) {
    child.kill('SIGKILL');
    await new Promise((r) => child!.once('exit', r));
  }
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const r = await run(process.execPath, [bin, ...args], { env: { ...process.env, OFFLINE_SEED_CLOUD: '' } });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const x = e as { code: number; stdout: string; stderr: string };
    return { code: x.code, stdout: x.stdout, stderr: x.stderr };
  }
}

const portOpen = (port: number) =>
  new Promise<boolean>((resolve) => {
    const s = net.connect(port, '127.0.0.1', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });

describe('offline-seed emulator', () => {
  it('starts, answers advance and receive through the control endpoint, and stops on SIGTERM with Azurite', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'offline-seed-emucli-'));
    const state = path.join(dir, 'state');
    child = spawn(process.execPath, [bin, 'emulator', 'start', '--state', state], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    const profileFile = path.join(state, 'cloud.json');
    for (let i = 0; i < 300 && !out.includes('Ctrl+C'); i++) await new Promise((r) => setTimeout(r, 100));
    expect(out).toContain(`Profile: ${profileFile}`);
    expect(existsSync(profileFile)).toBe(true);
    const profile = JSON.parse(await readFile(profileFile, 'utf8')) as { storageAccount: { blobEndpoint: string } };

    const adv = await cli(['emulator', 'advance', '--days', '15', '--state', state]);
    expect(adv.code).toBe(0);
    const shown = /reads (\S+)\./.exec(adv.stdout)![1]!;
    expect(Date.parse(shown) - Date.now()).toBeGreaterThan(14.9 * 24 * 3600e3);

    const bad = await cli(['--cloud', profileFile, 'emulator', 'advance', '--days', 'many']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--days N');

    const noJob = await cli(['--cloud', profileFile, '--lang', 'de', 'emulator', 'receive', '--job', 'nojob', '--drive', dir]);
    expect(noJob.code).toBe(1);
    expect(noJob.stderr).toContain('keinen Importauftrag namens nojob');

    const noProfile = await cli(['emulator', 'advance', '--days', '1']);
    expect(noProfile.code).toBe(2);

    const blobPort = Number(new URL(profile.storageAccount.blobEndpoint).port);
    expect(await portOpen(blobPort)).toBe(true);
    const exited = new Promise<number | null>((r) => child!.once('exit', (code) => r(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(out).toContain('The local Azure has stopped.');
    expect(await portOpen(blobPort)).toBe(false);
  }, 90_000);
});
