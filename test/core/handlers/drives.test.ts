/** The drives handlers over real folders (`dir:` drives): list, plan, a refused and a finished preparation, results. */

import { afterAll, describe, expect, it } from 'vitest';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createDrivesHandlers } from '../../../src/core/handlers/drives';
import type { HandlerContext } from '../../../src/core/handlers/types';
import { JobRunner } from '../../../src/core/jobs';
import { writeSession } from '../../../src/core/session/sessionFile';
import type { JobEnd } from '../../../src/shared/progress';
import { sessionFixture } from '../../helpers/session';
import { stageForDrives } from '../../helpers/staging';

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await fs.rm(d, { recursive: true, force: true });
});

async function setup() {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'os-drives-h-'));
  dirs.push(root);
  const staging = path.join(root, 'staging');
  await stageForDrives(staging, [2, 1]);
  await writeSession(staging, sessionFixture({ cloud: path.join(root, 'cloud.json') }));
  const drive = path.join(root, 'drive1');
  await fs.mkdir(drive);
  const ends: JobEnd[] = [];
  const jobs = new JobRunner({ progress: () => undefined, end: (e) => ends.push(e) });
  const ctx = { language: () => 'en', setLanguage: () => undefined, jobs, emit: () => undefined, capabilities: {}, dataDir: root, openExternal: async () => undefined } as unknown as HandlerContext;
  return { root, staging, drive, ctx, ends, jobs };
}

describe('drives handlers', () => {
  it('lists, plans, prepares a dir: drive in a job and reports the verified result', async () => {
    const { staging, drive, ctx, ends } = await setup();
    const h = createDrivesHandlers();
    const list = await h['drives.list']({ stagingDir: staging, folders: [drive] }, ctx);
    const mine = list.drives.find((d) => d.drive.kind === 'dir')!;
    expect(mine).toMatchObject({ resumed: false, eligibility: { eligible: true } });
    expect(list.shippable.files).toBe(3);

    const plan = await h['drives.plan']({ stagingDir: staging, drives: [`dir:${drive}`] }, ctx);
    expect(plan).toMatchObject({ driveCount: 1, jobCount: 1, unplaceable: [] });

    const { jobId } = await h['drives.prepare']({ stagingDir: staging, drives: [`dir:${drive}`], confirmations: [] }, ctx);
    await expect.poll(() => ends.find((e) => e.jobId === jobId)?.outcome, { timeout: 20_000 }).toBe('succeeded');
    const results = await h['drives.results']({ stagingDir: staging }, ctx);
    expect(results.remainingFiles).toBe(0);
    expect(results.drives).toHaveLength(1);
    expect(results.drives[0]).toMatchObject({ verified: true, keyChecked: true, files: 3, bitLocker: 'emulated' });
    expect((await fs.readdir(drive)).sort()).toEqual(['DriveManifest.xml', 'OfflineSeedBitLocker.json', 'seedjob']);
  });

  it('refuses a drive inside the staging location before any job starts', async () => {
    const { staging, ctx, jobs } = await setup();
    const h = createDrivesHandlers();
    await expect(h['drives.prepare']({ stagingDir: staging, drives: [`dir:${path.join(staging, 'packs')}`], confirmations: [] }, ctx)).rejects.toMatchObject({ code: 'drives:errors.notEligible' });
    expect(jobs.hasRunning()).toBe(false);
  });
});
