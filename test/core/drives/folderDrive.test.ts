/**
 * Folder (`dir:`) drives: never a backup source, the staging location or a folder inside them (the copy would
 * write packs and a manifest into them), never the current folder by accident (`dir:` alone), and never a folder
 * with files in it unless --allow-nonempty, which names the files the copy replaces.
 */

import { ownStagingSource } from '../../../src/core/copy/source';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { resolveDrive } from '../../../src/core/drives/resolve';
import { checkChosenDrive, type DrivesStep } from '../../../src/core/usecases/drives';
import type { Session } from '../../../src/shared/session';
import { OfflineSeedError } from '../../../src/shared/errors';

let dir: string;
let step: DrivesStep;

beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'os-folderdrive-'));
  const stagingDir = path.join(dir, 'staging');
  const source = path.join(dir, 'source');
  await fs.mkdir(stagingDir);
  await fs.mkdir(path.join(source, 'sub'), { recursive: true });
  step = {
    stagingDir,
    location: stagingDir,
    session: { sources: [{ path: source, name: 'source' }], importJobName: 'seed-job' } as Session,
    source: ownStagingSource(stagingDir, 'seed-job'),
    files: [{ relPath: 'packs/pack-000001.osp', size: 1024, blobType: 'block' }],
    totalBytes: 1024,
    eligibility: { stagingDir, sourcePaths: [source], largestFileBytes: 1024, copyMachineVirtual: false, sourceMachineVirtual: false },
    cloud: path.join(dir, 'local.json'),
  };
});
afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

async function refusedWith(arg: string, allowNonEmpty = false): Promise<string> {
  const e = await resolveDrive(arg, [])
    .then((d) => checkChosenDrive(step, d, { all: [], taken: [], allowNonEmpty }))
    .then(
      () => null,
      (x: unknown) => x,
    );
  expect(e).toBeInstanceOf(OfflineSeedError);
  const x = e as OfflineSeedError;
  return x.code === 'drives:errors.notEligible' ? `${x.code}:${String(x.params?.reason)}` : x.code;
}

describe('folder drives', () => {
  it('refuses dir: alone, the staging location, a source and folders inside them', async () => {
    expect(await refusedWith('dir:')).toBe('drives:errors.dirEmpty');
    expect(await refusedWith('dir:  ')).toBe('drives:errors.dirEmpty');
    expect(await refusedWith(`dir:${step.stagingDir}`)).toBe('drives:errors.notEligible:holdsStaging');
    await fs.mkdir(path.join(step.stagingDir, 'out'));
    expect(await refusedWith(`dir:${path.join(step.stagingDir, 'out')}`)).toBe('drives:errors.notEligible:holdsStaging');
    expect(await refusedWith(`dir:${path.join(dir, 'source')}`)).toBe('drives:errors.notEligible:holdsSource');
    expect(await refusedWith(`dir:${path.join(dir, 'source', 'sub')}`)).toBe('drives:errors.notEligible:holdsSource');
    // Through a symbolic link too.
    await fs.symlink(path.join(dir, 'source', 'sub'), path.join(dir, 'link'));
    expect(await refusedWith(`dir:${path.join(dir, 'link')}`)).toBe('drives:errors.notEligible:holdsSource');
  });

  it('refuses a folder with files in it unless allowed, and then names the files the copy replaces', async () => {
    const folder = path.join(dir, 'drive');
    await fs.mkdir(folder);
    const empty = await checkChosenDrive(step, await resolveDrive(`dir:${folder}`, []), { all: [], taken: [] });
    expect(empty.replaces).toEqual([]);

    await fs.writeFile(path.join(folder, 'DriveManifest.xml'), '<old/>');
    await fs.writeFile(path.join(folder, 'holiday.jpg'), 'x');
    await fs.mkdir(path.join(folder, 'seed-job'));
    expect(await refusedWith(`dir:${folder}`)).toBe('drives:errors.dirNotEmpty');
    const allowed = await checkChosenDrive(step, await resolveDrive(`dir:${folder}`, []), { all: [], taken: [], allowNonEmpty: true });
    expect(allowed.replaces).toEqual(['DriveManifest.xml', 'seed-job']);
  });
});
