/**
 * The read-back verify reads the drive, not a cache: bytes changed underneath a mounted NTFS loop drive after the
 * copy (in its backing image, as a drive that silently corrupts writes would hold them) are caught, although every
 * cache between the file and the image (the FUSE page cache, the loop device's buffer cache) still holds the
 * bytes that were written. Root only: loop devices and mounts.
 * @module-tag root
 */

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { LoopDrives, type LoopDrive } from './loopDrives';
import { makeStaging } from '../../helpers/staging';
import { copyToDrive, verifyDrive } from '../../../src/core/copy/copyToDrive';
import { readFileOnMedium } from '../../../src/core/copy/mediumRead';
import { generateRecoveryPassword } from '../../../src/core/drives/emulatedBitLocker';

let loops: LoopDrives;
let drive: LoopDrive;

beforeAll(async () => {
  loops = await LoopDrives.create();
  drive = await loops.add(64);
});
afterAll(async () => {
  await loops?.cleanup();
});

/** Where `needle` sits in the backing image (the file's bytes as NTFS laid them out). */
async function offsetInImage(image: string, needle: Buffer): Promise<number> {
  const img = await fs.readFile(image);
  const at = img.indexOf(needle);
  if (at < 0) throw new Error('the copied bytes are not in the image');
  if (img.indexOf(needle, at + 1) >= 0) throw new Error('the copied bytes are in the image twice');
  return at;
}

/** The file as a direct read returns it (the read-back's own reader), without emptying the device's buffer cache first. */
async function directReadOnly(file: string): Promise<Buffer> {
  const opened: boolean[] = [];
  const bytes = await readFileOnMedium(file, { onOpen: (_f, direct) => opened.push(direct) });
  expect(opened).toEqual([true]);
  return bytes;
}

describe('read-back verify', () => {
  it('catches bytes corrupted on the medium after the copy, which cached reads still return intact', async () => {
    const staging = path.join(loops.dir, 'staging');
    const files = await makeStaging(staging, [3, 2]);
    const result = await copyToDrive({
      stagingDir: staging,
      target: { root: drive.mount, label: drive.device, driveId: 'READBACK1', bitLockerKey: generateRecoveryPassword() },
      files,
      container: 'c',
      importJobName: 'job',
      sessionId: 's',
    });
    expect(result.verified).toBe(true);
    expect(result.readFromMedium).toBe(true);

    const pack = 'packs/pack-000002.osp';
    const onDrive = path.join(drive.mount, 'job', ...pack.split('/'));
    const original = await fs.readFile(path.join(staging, ...pack.split('/')));
    // A plain read now fills the FUSE page cache with the file as written.
    expect((await fs.readFile(onDrive)).equals(original)).toBe(true);

    // Corrupt 16 bytes in the middle of the second pack, in the image under the mounted drive.
    const inFile = 1024 * 1024 + 12345;
    const at = await offsetInImage(drive.image, original.subarray(inFile, inFile + 4096));
    const img = await fs.open(drive.image, 'r+');
    await img.write(Buffer.alloc(16, 0xee), 0, 16, at);
    await img.sync();
    await img.close();

    // Every cache still has the copy as written: a plain read (FUSE page cache), and a direct read alone
    // (ntfs-3g reading the loop device through its buffer cache)…
    expect((await fs.readFile(onDrive)).equals(original)).toBe(true);
    expect((await directReadOnly(onDrive)).equals(original)).toBe(true);
    // …the read-back verify reads the medium and names the blob and the block.
    const problems = await verifyDrive(drive.mount, result.manifestHash);
    expect(problems).toEqual([{ blobPath: `c/job/${pack}`, filePath: '\\job\\packs\\pack-000002.osp', problem: { kind: 'md5Mismatch', offset: 0 } }]);
    // The medium does hold the corrupted bytes now.
    const now = await directReadOnly(onDrive);
    expect(now.subarray(inFile, inFile + 16)).toEqual(Buffer.alloc(16, 0xee));
  });
});
