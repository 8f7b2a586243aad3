/**
 * Temporary files never outlive a successful run: a resumed run removes the `DriveManifest.xml.<pid>.<time>.tmp`
 * and marker `.tmp` an interrupted one left at the drive's root, so they are not shipped. A folder drive: no root.
 */

import { afterEach, beforeEach, expect, it } from 'vitest';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { makeStaging } from '../../helpers/staging';
import { copyToDrive } from '../../../src/core/copy/copyToDrive';
import { generateRecoveryPassword } from '../../../src/core/drives/emulatedBitLocker';

let dir: string;
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'os-leftovers-'));
});
afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

it('removes the temporary files an interrupted run left on the drive, and nothing else', async () => {
  const staging = path.join(dir, 'staging');
  const drive = path.join(dir, 'drive');
  await fs.mkdir(drive);
  const files = await makeStaging(staging, [0.5]);
  await fs.writeFile(path.join(drive, 'DriveManifest.xml.4242.1764500000000.tmp'), '<DriveManifest');
  await fs.writeFile(path.join(drive, 'OfflineSeedBitLocker.json.tmp'), '{');
  await fs.writeFile(path.join(drive, 'notes.tmp'), 'the operator’s own file');
  const r = await copyToDrive({
    stagingDir: staging,
    target: { root: drive, label: `dir:${drive}`, driveId: 'LEFTOVERS1', bitLockerKey: generateRecoveryPassword() },
    files,
    container: 'c',
    importJobName: 'job',
    sessionId: 's',
  });
  expect(r.verified).toBe(true);
  expect((await fs.readdir(drive)).sort()).toEqual(['DriveManifest.xml', 'job', 'notes.tmp']);
});
