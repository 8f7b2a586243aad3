/**
 * The elevated helper's channel with real processes: the helper is the command line's own bundle
 * (`out/cli/index.mjs --elevated-helper`) started through a `pkexec` on PATH that runs its arguments (this test
 * runs as root, so they run as root, as under polkit's pkexec). Each side must prove it knows the per-run token:
 * a helper with another token, or a stranger connecting first, gets nothing. A cancel sent before the erase stops
 * the helper before anything is erased. The Windows launch (UAC through ShellExecuteEx's "runas") is checked on the
 * script it runs and on its outcomes, replayed.
 */

import { execFileSync } from 'node:child_process';
import { promises as fs, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { elevatedDriveOps, startElevatedHelper, startElevatedScript, windowsArg, type ElevationOptions } from '../../../src/core/elevation/client';
import { lineReader, maxLineBytes, toCallerSchema } from '../../../src/core/elevation/protocol';
import { resultMarker } from '../../../src/core/platform/windows/powershell';
import { LoopDrives } from '../copy/loopDrives';

const isRoot = process.getuid?.() === 0;
const root = mkdtempSync(path.join(os.tmpdir(), 'os-elevation-'));
const cli = path.resolve('out/cli/index.mjs');
const command = { file: process.execPath, args: [cli, '--elevated-helper'] };

/** A bin folder holding only a `pkexec` with this body, first on PATH. */
function withPkexec(name: string, body: string): ElevationOptions {
  const bin = path.join(root, `bin-${name}`);
  execFileSync('mkdir', ['-p', bin]);
  writeFileSync(path.join(bin, 'pkexec'), `#!/bin/sh\n${body}\n`, { mode: 0o755 });
  return { command, platform: 'linux', env: { PATH: `${bin}:${process.env.PATH ?? '/usr/bin:/bin'}` } };
}

const emulatedTarget = (dir: string) => ({
  root: dir,
  label: 'x',
  driveId: 'NOSUCHDRIVE',
  bitLockerKey: '000000-000000-000000-000000-000000-000000-000000-000000',
  drive: { id: 'x', kind: 'dir' as const, device: dir, model: 'folder', serial: 'NOSUCHDRIVE', sizeBytes: 1, bus: 'Unknown' as const, media: 'Unknown' as const, isSystem: false, isBoot: false, readOnly: false, removable: false, volumes: [] },
  bitLocker: 'linuxBitLocker' as const,
  formatted: false,
});

beforeAll(() => {
  // The helper is the built command: make sure it matches the sources.
  execFileSync(process.execPath, ['bin/offline-seed', '--version'], { stdio: 'ignore' });
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('the channel', () => {
  it('reads newline-delimited messages of the protocol and stops at the first line that is not one, or too long', () => {
    const got: unknown[] = [];
    const bad: string[] = [];
    const feed = lineReader(toCallerSchema, (m) => got.push(m), (why) => bad.push(why));
    feed(Buffer.from('{"type":"phase","id":1,"phase":"formatting"}\n{"type":"pha'));
    feed(Buffer.from('se","id":1,"phase":"encrypting"}\n{"type":"exec","cmd":"rm -rf /"}\n{"type":"phase","id":2,"phase":"formatting"}\n'));
    expect(got).toEqual([
      { type: 'phase', id: 1, phase: 'formatting' },
      { type: 'phase', id: 1, phase: 'encrypting' },
    ]);
    expect(bad).toEqual(['not a message of the protocol']);

    const long: string[] = [];
    const feed2 = lineReader(toCallerSchema, () => undefined, (why) => long.push(why));
    feed2(Buffer.alloc(maxLineBytes + 1, 0x61));
    feed2(Buffer.from('\n'));
    expect(long).toEqual(['line too long']);
  });

  it('runs a call in the real helper, started through pkexec, and ends it cleanly', async () => {
    const h = await startElevatedHelper(withPkexec('plain', 'exec "$@"'));
    // A BitLocker check on a device that is not there: false, from the helper.
    await expect(h.checkKey(emulatedTarget(path.join(root, 'none')))).resolves.toBe(false);
    // Emptying a device cache: nothing to empty under a folder that is not on a FUSE block mount; a relative path is refused.
    await expect(h.flush(root)).resolves.toBe('notNeeded');
    await expect(h.flush('relative/mnt')).rejects.toMatchObject({ code: 'app:errors.helperFailed', params: { reason: 'The folder to read back must be an absolute path.' } });
    await h.close();
  }, 30_000);

  it('refuses a helper that does not know the token: it ends before any call is made', async () => {
    const wrong = path.join(root, 'wrong-token');
    writeFileSync(wrong, 'ab'.repeat(32), { mode: 0o600 });
    // pkexec's arguments: node cli --elevated-helper --socket S --token-file T; the token file is swapped.
    const o = withPkexec('wrong-token', `exec "$1" "$2" "$3" "$4" "$5" "$6" '${wrong}'`);
    await expect(startElevatedHelper(o)).rejects.toMatchObject({ code: 'app:errors.elevationFailed', params: { tool: 'pkexec', reason: 'exit 4' } });
  }, 30_000);

  it('drops a stranger that connects first and cannot prove the token, then accepts the real helper', async () => {
    const log = path.join(root, 'stranger.log');
    const stranger = `
const net = require('node:net'); const fs = require('node:fs');
const s = net.connect(process.argv[2]);
let said = '';
s.on('connect', () => s.write(JSON.stringify({ type: 'hello', nonce: 'cd'.repeat(32) }) + '\\n'));
s.on('data', (d) => { said += d; if (said.includes('\\n')) s.write(JSON.stringify({ type: 'ready', proof: '00'.repeat(32) }) + '\\n'); });
s.on('close', () => { fs.writeFileSync(${JSON.stringify(log)}, 'closed after ' + JSON.parse(said.split('\\n')[0]).type); process.exit(0); });
`;
    writeFileSync(path.join(root, 'stranger.cjs'), stranger);
    const o = withPkexec('stranger', `"${process.execPath}" '${path.join(root, 'stranger.cjs')}' "$5"\nexec "$@"`);
    const h = await startElevatedHelper(o);
    expect(await fs.readFile(log, 'utf8')).toBe('closed after auth');
    await expect(h.checkKey(emulatedTarget(path.join(root, 'none')))).resolves.toBe(false);
    await h.close();
  }, 30_000);

  it('validates what crosses: AddRegistryEntries only on Windows, and a value name outside the pattern ends the channel', async () => {
    const h = await startElevatedHelper(withPkexec('registry', 'exec "$@"'));
    const entries = { valueName: 'AzureADAppCertThumbprint_6f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0', thumbprint: '9A3F0C1E2B4D5F60718293A4B5C6D7E8F9012345', fileName: 'OfflineApplicationParams_acct01.xml', xml: '<x/>', dataDir: 'C:\\Users\\op\\AppData\\Roaming\\Offline Seed' };
    await expect(h.registryEntries(entries)).rejects.toMatchObject({ code: 'app:errors.helperFailed', params: { reason: 'AddRegistryEntries is written by the elevated helper on Windows only.' } });
    await expect(h.registryEntries({ ...entries, valueName: 'Run' })).rejects.toMatchObject({ code: 'app:errors.helperLost' });
    await h.close();
  }, 30_000);

  it('validates the certificate repair’s one value: Windows only, and a thumbprint outside the pattern ends the channel', async () => {
    const h = await startElevatedHelper(withPkexec('thumbprint', 'exec "$@"'));
    const value = { valueName: 'AzureADAppCertThumbprint_6f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0', thumbprint: '8E9D185BA5A317AD4051A9823A1AC474215E1709' };
    await expect(h.thumbprintValue(value)).rejects.toMatchObject({ code: 'app:errors.helperFailed', params: { reason: 'The certificate repair writes HKLM through the elevated helper on Windows only.' } });
    await expect(h.thumbprintValue({ ...value, thumbprint: 'C:\\evil' })).rejects.toMatchObject({ code: 'app:errors.helperLost' });
    await h.close();
  }, 30_000);

  it('says when pkexec was dismissed (exit 126) and when it failed, in one sentence each', async () => {
    await expect(startElevatedHelper(withPkexec('dismissed', 'exit 126'))).rejects.toMatchObject({ code: 'app:errors.elevationDeclined', params: { tool: 'pkexec' } });
    await expect(startElevatedHelper(withPkexec('refused', 'echo "Error executing command as another user: Not authorized" >&2; exit 127'))).rejects.toMatchObject({
      code: 'app:errors.elevationFailed',
      params: { tool: 'pkexec', reason: 'exit 127: Error executing command as another user: Not authorized' },
    });
  }, 30_000);
});

describe.runIf(isRoot)('the helper erases nothing it must not', () => {
  it('stops before the erase when cancelled, keeps a drive an import job lists (its keys cross the channel), and mounts nowhere a link points', async () => {
    const loops = await LoopDrives.create();
    try {
      const d = await loops.add(64);
      await fs.writeFile(path.join(d.mount, 'keep-me.txt'), 'still here');
      loops.unmount(d);
      const { listDrives } = await import('../../../src/core/drives/enumerate');
      const drive = (await listDrives()).find((x) => x.device === d.device)!;
      const stagingDir = path.join(loops.dir, 'staging');
      await fs.mkdir(stagingDir);
      const ops = elevatedDriveOps(withPkexec('cancel', 'exec "$@"'));
      const stop = new AbortController();
      stop.abort();
      const phases: string[] = [];
      try {
        const eligibility = { stagingDir, sourcePaths: [], largestFileBytes: 0, copyMachineVirtual: false, sourceMachineVirtual: null };
        const r = ops.prepare({ drive, stagingDir, cloud: path.join(root, 'cloud.json'), label: 'x', eligibility, signal: stop.signal, onPhase: (p) => phases.push(p) });
        await expect(r).rejects.toMatchObject({ code: 'app:errors.cancelled' });
      } finally {
        await ops.close();
      }
      expect(phases).toEqual([]);
      loops.mount(d);
      expect(await fs.readFile(path.join(d.mount, 'keep-me.txt'), 'utf8')).toBe('still here');
      loops.unmount(d);

      // The keys an import job holds for the drive cross to the helper (it does not talk to Azure): a drive the job
      // lists, whose volume does not open with that key, stops the run instead of being erased with a new key.
      const ops2 = elevatedDriveOps(withPkexec('job-keys', 'exec "$@"'));
      try {
        const eligibility = { stagingDir, sourcePaths: [], largestFileBytes: 0, copyMachineVirtual: false, sourceMachineVirtual: null };
        const jobKeys = async (id: string) => (id === drive.serial ? [{ job: 'seed-job-1', key: '111111-222222-333333-444444-555555-666666-777777-888888' }] : []);
        const r = ops2.prepare({ drive, stagingDir, cloud: path.join(root, 'cloud.json'), label: 'x', eligibility, jobKeys });
        await expect(r).rejects.toMatchObject({ code: 'drives:errors.keyDisagrees', params: { job: 'seed-job-1' } });
      } finally {
        await ops2.close();
      }
      loops.mount(d);
      expect(await fs.readFile(path.join(d.mount, 'keep-me.txt'), 'utf8')).toBe('still here');
      loops.unmount(d);

      // A session folder whose .work is a link elsewhere: root would mount over (and hand the user) that folder.
      const linked = path.join(loops.dir, 'linked-staging');
      const elsewhere = path.join(loops.dir, 'elsewhere');
      await fs.mkdir(linked);
      await fs.mkdir(elsewhere);
      await fs.symlink(elsewhere, path.join(linked, '.work'));
      const ops3 = elevatedDriveOps(withPkexec('linked', 'exec "$@"'));
      try {
        const eligibility = { stagingDir: linked, sourcePaths: [], largestFileBytes: 0, copyMachineVirtual: false, sourceMachineVirtual: null };
        const r = ops3.prepare({ drive, stagingDir: linked, cloud: path.join(root, 'cloud.json'), label: 'x', eligibility });
        await expect(r).rejects.toMatchObject({ code: 'app:errors.helperFailed', params: { reason: `${path.join(linked, '.work')} is not a folder of the user who asked for the elevation, so nothing was done.` } });
      } finally {
        await ops3.close();
      }
      expect(await fs.readdir(elsewhere)).toEqual([]);
      loops.mount(d);
      expect(await fs.readFile(path.join(d.mount, 'keep-me.txt'), 'utf8')).toBe('still here');
    } finally {
      await loops.cleanup();
    }
  }, 60_000);
});

describe('Windows: the UAC prompt', () => {
  const replay = (result: unknown, code = 0) => async () => ({ code, stdout: `${resultMarker}${JSON.stringify({ complete: true, result })}\r\n`, stderr: '' });

  it('starts the helper with the "runas" verb through ShellExecuteEx and reads a declined prompt by its error number', () => {
    expect(startElevatedScript).toContain("$psi.Verb = 'runas'");
    expect(startElevatedScript).toContain('$psi.UseShellExecute = $true');
    expect(startElevatedScript).toMatch(/NativeErrorCode -eq 1223/);
    expect(startElevatedScript).not.toMatch(/\$OfflineSeedInput\.file\s*\+|Invoke-Expression/);
  });

  it('quotes each argument as CommandLineToArgvW splits it', () => {
    expect(windowsArg('C:\\Program Files\\Offline Seed\\Offline Seed.exe')).toBe('"C:\\Program Files\\Offline Seed\\Offline Seed.exe"');
    expect(windowsArg('--elevated-helper')).toBe('--elevated-helper');
    expect(windowsArg('\\\\.\\pipe\\offline-seed-0a')).toBe('\\\\.\\pipe\\offline-seed-0a');
    expect(windowsArg('C:\\Users\\Jo Ann\\Temp\\')).toBe('"C:\\Users\\Jo Ann\\Temp\\\\"');
    expect(windowsArg('say "hi"')).toBe('"say \\"hi\\""');
    expect(windowsArg('')).toBe('""');
  });

  it('says that the prompt was declined, and that a helper which never connects failed', async () => {
    let input: { file: string; arguments: string } | undefined;
    const declined = async (_script: string, stdin?: string) => {
      input = JSON.parse(Buffer.from(stdin!, 'base64').toString('utf8')) as typeof input;
      return replay({ started: false, declined: true, pid: 0 })();
    };
    const o = { command: { file: 'C:\\Program Files\\Offline Seed\\Offline Seed.exe', args: ['--elevated-helper'] }, platform: 'win32' as const };
    await expect(startElevatedHelper({ ...o, ps: declined })).rejects.toMatchObject({ code: 'app:errors.elevationDeclined', params: { tool: 'UAC' } });
    expect(input!.file).toBe(o.command.file);
    expect(input!.arguments).toMatch(/^--elevated-helper --socket \S+ --token-file \S+$/);
    await expect(startElevatedHelper({ ...o, ps: replay({ started: true, declined: false, pid: 4242 }), connectTimeoutMs: 300 })).rejects.toMatchObject({
      code: 'app:errors.elevationFailed',
      params: { tool: 'UAC' },
    });
  });
});
