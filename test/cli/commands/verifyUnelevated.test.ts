/**
 * The read-back of a drive copied by an unelevated command reaches the medium: emptying the device's buffer cache
 * under ntfs-3g (BLKFLSBUF) is root only, so `offline-seed diskprep` run as uid 65534 has the elevated helper do it
 * (the real helper, started through the stand-in `pkexec` of test/helpers/elevation.ts). Bytes corrupted in the
 * drive's image between the copy and the read-back, which the device's cache still holds intact, are caught. Where
 * no helper can be had, the drive is not taken as verified: one sentence says why.
 * Root only (loop devices, mounts, setpriv).
 * @module-tag root
 */

import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LoopDrives, type LoopDrive } from '../../core/copy/loopDrives';
import { readSession } from '../../../src/core/session/sessionFile';
import { driveCheck } from '../../../src/shared/session/drives';
import { asNobody, nobody, nobodyEnv, stagingOfNobody, unelevatedWorkplace, type ElevationHarness } from '../../helpers/elevation';
import { startCommand } from '../../helpers/command';

const isRoot = process.getuid?.() === 0;

let loops: LoopDrives;
let harness: ElevationHarness;

/** The command as uid 65534 (no groups), with `pathDirs` as its PATH. */
const cliAsNobody = (args: string[], pathDirs: string[], env: Record<string, string> = {}) => startCommand('/usr/bin/setpriv', asNobody(args), { env: nobodyEnv(loops.dir, pathDirs, env) });

const newStaging = (name: string) => stagingOfNobody(loops, name, [3, 2]);

/** Resolves once the staging's journals record `count` copied files. */
async function journaled(stagingDir: string, count: number): Promise<void> {
  for (let i = 0; i < 1200; i++) {
    const dir = path.join(stagingDir, 'journals');
    const names = await fs.readdir(dir).catch(() => [] as string[]);
    let n = 0;
    for (const j of names.filter((x) => x.endsWith('.jrn'))) n += ((await fs.readFile(path.join(dir, j), 'utf8')).match(/^ActivityId: CopyFile$/gm) ?? []).length;
    if (n >= count) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('the copy never journaled its files');
}

/** Overwrites 16 bytes of `file`'s content (at 1 MiB + 12345) in the drive's image, under the device's buffer cache. */
async function corruptInImage(d: LoopDrive, file: string): Promise<void> {
  // Whatever the copy left dirty reaches the image first (the cache keeps it, clean): the copy's own flush then has
  // nothing to write over the change below.
  execFileSync('sync');
  const content = await fs.readFile(file);
  const inFile = 1024 * 1024 + 12345;
  const img = await fs.readFile(d.image);
  const at = img.indexOf(content.subarray(inFile, inFile + 4096));
  if (at < 0 || img.indexOf(content.subarray(inFile, inFile + 4096), at + 1) >= 0) throw new Error('the copied bytes are not in the image exactly once');
  const h = await fs.open(d.image, 'r+');
  await h.write(Buffer.alloc(16, 0xee), 0, 16, at);
  await h.sync();
  await h.close();
}

beforeAll(async () => {
  if (isRoot) ({ loops, harness } = await unelevatedWorkplace());
});

afterAll(async () => {
  harness?.stop();
  await loops?.cleanup();
});

describe.runIf(isRoot)('verify run unelevated (uid 65534) reads the medium', () => {
  it('has the elevated helper empty the device cache, so bytes corrupted on the medium after the copy are caught', async () => {
    const d = await loops.add(64, { mount: false });
    const { dir: staging, files } = await newStaging('via-helper');
    const pack = files.find((f) => f.relPath.startsWith('packs/') && f.size > 2 * 1024 * 1024)!;
    // A pause after each journaled file: the bytes are changed in the image during the last one.
    const run = cliAsNobody(['diskprep', `s:${staging}`, '--drive', d.device, '--yes'], [harness.fakeBin, harness.plainBin], { OFFLINE_SEED_TEST_FILE_DELAY_MS: '3000' });
    await journaled(staging, files.length);
    await corruptInImage(d, path.join(staging, ...pack.relPath.split('/')));
    const r = await run.done;

    const session = await fs.readFile(path.join(staging, 'session.json'), 'utf8').catch(() => '');
    expect(r.stdout, session).not.toContain('every byte read back and verified');
    expect(r.stderr).toContain(`${d.device}: \\${(await readSession(staging))!.importJobName}\\${pack.relPath.replace(/\//g, '\\')} does not match what was written (md5Mismatch).`);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n').slice(-1)[0]).toMatch(/^Error: Reading back .* did not match what was written/);
    // Bytes found different are a failed verify, not a read-back that could not reach the drive.
    const rec = (await readSession(staging))!.drives!.drives![0]!;
    expect(rec).toMatchObject({ drive: d.device, verified: false });
    expect(driveCheck(rec)).toBe('differs');
    // One elevation, for the helper alone.
    expect(harness.requests).toHaveLength(1);
  }, 180_000);

  it('with no way to elevate, does not take a folder on an ntfs-3g volume as verified, and says why in one sentence', async () => {
    const d = await loops.add(64, { mount: false });
    await fs.mkdir(d.mount, { recursive: true });
    // A volume the user has mounted (as a desktop does through udisks): ntfs-3g, its files the user's.
    execFileSync('ntfs-3g', ['-o', `uid=${nobody},gid=${nobody}`, d.device, d.mount]);
    try {
      const { dir: staging } = await newStaging('no-helper');
      const before = harness.requests.length;
      const r = await cliAsNobody(['diskprep', `s:${staging}`, '--drive', `dir:${d.mount}`, '--yes'], [harness.plainBin]).done;
      expect(r.stdout).not.toContain('every byte read back and verified');
      expect(r.code).toBe(1);
      expect(r.stderr.trim().split('\n').slice(-1)[0]).toBe(
        `Error: Reading back dir:${d.mount} went through this computer's cache of the drive, not to the drive itself: emptying that cache needs root rights, which Offline Seed could not get (no pkexec or sudo, or the request was declined), so the drive is not verified; do not ship it yet. Run the same step again where root rights can be had: the copied files are kept and read back from the drive.`,
      );
      // Recorded as not verified (the wizard's "Not verified: read from the cache"), not as found different.
      const rec = (await readSession(staging))!.drives!.drives![0]!;
      expect(rec).toMatchObject({ verified: false, readThroughCache: true });
      expect(driveCheck(rec)).toBe('notVerified');
      expect(harness.requests.length).toBe(before);

      // With pkexec, the same run asks for the helper to empty the cache alone: the copied files are kept, read back
      // from the drive, and verified.
      const again = await cliAsNobody(['diskprep', `s:${staging}`, '--drive', `dir:${d.mount}`, '--yes'], [harness.fakeBin, harness.plainBin]).done;
      expect(again.stdout).toContain('every byte read back and verified');
      expect(harness.requests.length).toBe(before + 1);
      const after = (await readSession(staging))!.drives!.drives![0]!;
      expect(after).toMatchObject({ verified: true });
      expect(driveCheck(after)).toBe('verified');
    } finally {
      loops.unmount(d);
    }
  }, 180_000);
});
