/**
 * The privilege split, with real processes: `offline-seed diskprep` run as an unprivileged user (uid 65534, no
 * groups, its own data folder) on an NTFS loop device. With no way to ask for elevation it says so in one sentence
 * and touches nothing; with `pkexec` on PATH it asks once, the elevated helper (the real helper, started through the
 * real protocol) formats and mounts the drive as root, and the phases come back to the unelevated command, which
 * copies, verifies and keeps every file of the session folder as its own user.
 * The `pkexec` is the stand-in of test/helpers/elevation.ts: it runs its arguments as root, as polkit's does.
 * Root only (loop devices, setpriv).
 * @module-tag root
 */

import { execFileSync } from 'node:child_process';
import { existsSync, promises as fs, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LoopDrives, type LoopDrive } from '../../core/copy/loopDrives';
import { readSession } from '../../../src/core/session/sessionFile';
import { parseDriveInfo } from '../../../src/core/formats/journal';
import { asNobody, nobody, nobodyEnv, notOwnedBy, stagingOfNobody, unelevatedWorkplace, type ElevationHarness } from '../../helpers/elevation';
import { runCommand } from '../../helpers/command';

const isRoot = process.getuid?.() === 0;

let loops: LoopDrives;
let drive: LoopDrive;
let harness: ElevationHarness;

/** The command as uid 65534 (no groups), with `pathDirs` as its PATH. */
const cli = (args: string[], pathDirs: string[]) => runCommand('/usr/bin/setpriv', asNobody(args), { env: nobodyEnv(loops.dir, pathDirs) });


const newStaging = async (name: string) => (await stagingOfNobody(loops, name, [5, 5, 3])).dir;

beforeAll(async () => {
  if (!isRoot) return;
  ({ loops, harness } = await unelevatedWorkplace());
  drive = await loops.add(64);
  await fs.writeFile(path.join(drive.mount, 'keep-me.txt'), 'still here');
  loops.unmount(drive);
});

afterAll(async () => {
  harness?.stop();
  await loops?.cleanup();
});

describe.runIf(isRoot)('diskprep run unelevated (uid 65534)', () => {
  it('says in one sentence that it cannot ask for root rights when neither pkexec nor sudo exists, and erases nothing', async () => {
    const staging = await newStaging('no-elevation');
    const r = await cli(['diskprep', `s:${staging}`, '--drive', drive.device, '--yes'], [harness.plainBin]);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n').slice(-1)[0]).toBe(
      'Error: Preparing drives needs root rights, and this computer has neither pkexec nor sudo to ask for them: run Offline Seed as root for this step.',
    );
    expect(harness.requests).toEqual([]);
    const look = path.join(loops.dir, 'look-untouched');
    await fs.mkdir(look, { recursive: true });
    execFileSync('ntfs-3g', [drive.device, look]);
    try {
      expect(await fs.readFile(path.join(look, 'keep-me.txt'), 'utf8')).toBe('still here');
    } finally {
      execFileSync('fusermount', ['-u', look]);
    }
    expect((await readSession(staging))!.drives).toBeUndefined();
  }, 60_000);

  it('asks once through pkexec; the root helper formats and mounts, the phases reach the command, and every session file stays the user’s', async () => {
    const staging = await newStaging('via-pkexec');
    const r = await cli(['diskprep', `s:${staging}`, '--drive', drive.device, '--yes'], [harness.fakeBin, harness.plainBin]);
    expect(r.stdout).toContain('every byte read back and verified');
    expect(r.stdout).toContain('1 drive is ready');
    // The import job step follows and needs the cloud profile, which this test does not start.
    expect(r.stderr).toContain('cloud.json');
    // One elevation for the whole step, for the helper alone, and it ended cleanly.
    expect(harness.requests).toHaveLength(1);
    expect(harness.requests[0]!.argv.slice(0, 3)).toEqual([process.execPath, path.resolve('out/cli/index.mjs'), '--elevated-helper']);
    expect(harness.requests[0]!.code).toBe(0);
    // The phases the root helper went through reached the unelevated command's progress.
    // (Encrypting is reported only by the helper: the command itself announces Formatting before it asks.)
    expect(r.stderr).toMatch(/Formatting[\s\S]*Encrypting[\s\S]*Copying/);

    const session = (await readSession(staging))!;
    const rec = session.drives!.drives![0]!;
    expect(rec).toMatchObject({ drive: drive.device, bitLocker: 'emulated', verified: true, keyChecked: true });
    const info = parseDriveInfo(await fs.readFile(path.join(staging, rec.bitLockerKeyRef), 'utf8'), rec.bitLockerKeyRef);
    expect(r.stdout + r.stderr).not.toContain(info.bitLockerKey);
    // Written by the user, not by root: Monitor and a rerun read them unelevated; the secrets are 0600 in 0700 folders.
    expect(notOwnedBy(staging, nobody)).toEqual([]);
    expect(statSync(path.join(staging, rec.bitLockerKeyRef)).mode & 0o777).toBe(0o600);
    expect(statSync(path.join(staging, 'journals')).mode & 0o777).toBe(0o700);
    // The helper unmounted what it mounted, and left no token or socket behind.
    expect((await fs.readFile('/proc/self/mounts', 'utf8')).split('\n').filter((l) => l.startsWith(`${drive.device} `))).toEqual([]);
    expect(existsSync(harness.requests[0]!.argv[harness.requests[0]!.argv.indexOf('--token-file') + 1]!)).toBe(false);
  }, 120_000);
});
