/**
 * A drive's size is journaled when it is first written, and a resumed run checks the disk against it (not against
 * this run's own listing): a real loop drive is prepared and copied, its image then grown and the loop device told
 * so, and the resume is refused naming both sizes, erasing nothing. A journal written before the size was recorded
 * still resumes. Root only (loop devices, ntfs-3g).
 * @module-tag root
 */

import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LoopDrives, type LoopDrive } from '../copy/loopDrives';
import { makeStaging } from '../../helpers/staging';
import { copyToDrive } from '../../../src/core/copy/copyToDrive';
import { listDrives } from '../../../src/core/drives/enumerate';
import { prepareDrive, releaseDrive, type PrepareInput } from '../../../src/core/drives/prepare';
import { journalPaths, readJournal } from '../../../src/core/formats/journal';
import type { DriveInfo } from '../../../src/shared/rules/driveEligibility';

const isRoot = process.getuid?.() === 0;
let loops: LoopDrives;

beforeAll(async () => {
  if (isRoot) loops = await LoopDrives.create();
});
afterAll(async () => {
  await loops?.cleanup();
});

const listed = async (d: LoopDrive): Promise<DriveInfo> => (await listDrives()).find((x) => x.device === d.device)!;

/** Grows the drive's image by `mib` MiB and has the loop device take the new size (as another disk would show). */
async function grow(d: LoopDrive, mib: number): Promise<void> {
  const st = await fs.stat(d.image);
  await fs.truncate(d.image, st.size + mib * 1024 * 1024);
  execFileSync('losetup', ['-c', d.device]);
}

/** Prepares `d` (formatting it) for `stagingDir` and copies a small staging onto it; the drive is released after. */
async function prepareAndCopyOnce(d: LoopDrive, stagingDir: string, journalSize: boolean): Promise<DriveInfo> {
  const files = await makeStaging(stagingDir, [1]);
  const drive = await listed(d);
  const input: PrepareInput = {
    drive,
    stagingDir,
    cloud: path.join(loops.dir, 'cloud.json'),
    label: 'seed',
    eligibility: { stagingDir, sourcePaths: [], largestFileBytes: 0, copyMachineVirtual: false, sourceMachineVirtual: null },
  };
  const t = await prepareDrive(input);
  try {
    expect(t).toMatchObject({ formatted: true, sizeBytes: drive.sizeBytes });
    const target = journalSize ? t : { ...t, sizeBytes: undefined };
    const r = await copyToDrive({ stagingDir, target, files, container: 'c', importJobName: 'job', sessionId: 's' });
    expect(r.verified).toBe(true);
  } finally {
    await releaseDrive(t);
  }
  return drive;
}

const resumeInput = async (d: LoopDrive, stagingDir: string): Promise<PrepareInput> => ({
  drive: await listed(d),
  stagingDir,
  cloud: path.join(loops.dir, 'cloud.json'),
  label: 'seed',
  eligibility: { stagingDir, sourcePaths: [], largestFileBytes: 0, copyMachineVirtual: false, sourceMachineVirtual: null },
});

describe.runIf(isRoot)('the drive size in the journal', () => {
  it('refuses to resume on a disk that is no longer the size it was prepared at, and erases nothing', async () => {
    const d = await loops.add(64, { mount: false });
    const stagingDir = path.join(loops.dir, 'staging-size');
    const first = await prepareAndCopyOnce(d, stagingDir, true);
    expect((await readJournal(journalPaths(stagingDir, first.serial).journal)).driveSizeBytes).toBe(first.sizeBytes);

    await grow(d, 16);
    const input = await resumeInput(d, stagingDir);
    expect(input.drive.sizeBytes).toBe(first.sizeBytes + 16 * 1024 * 1024);
    const phases: string[] = [];
    await expect(prepareDrive({ ...input, onPhase: (p) => phases.push(p) })).rejects.toMatchObject({
      code: 'drives:errors.driveSwapped',
      params: { drive: d.device, expected: first.serial, expectedSize: first.sizeBytes, foundSize: first.sizeBytes + 16 * 1024 * 1024 },
    });
    expect(phases).toEqual([]);
    // Not formatted, and not left mounted: the copied file is still on the volume.
    expect((await fs.readFile('/proc/self/mounts', 'utf8')).split('\n').filter((l) => l.startsWith(`${d.device} `))).toEqual([]);
    loops.mount(d);
    try {
      expect(await fs.readdir(path.join(d.mount, 'job', 'packs'))).toEqual(['pack-000001.osp']);
    } finally {
      loops.unmount(d);
    }
  }, 120_000);

  it('resumes from a journal without the size (written before it was recorded), as before', async () => {
    const d = await loops.add(64, { mount: false });
    const stagingDir = path.join(loops.dir, 'staging-old');
    const first = await prepareAndCopyOnce(d, stagingDir, false);
    expect((await readJournal(journalPaths(stagingDir, first.serial).journal)).driveSizeBytes).toBeNull();
    await grow(d, 16);
    const t = await prepareDrive(await resumeInput(d, stagingDir));
    try {
      expect(t).toMatchObject({ formatted: false, driveId: first.serial });
    } finally {
      await releaseDrive(t);
    }
  }, 120_000);
});
