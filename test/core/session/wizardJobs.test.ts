import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync, readFileSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OfflineSeedError } from '../../../src/shared/errors';
import { currentWizardJob, newWizardJob, recentJobsKept, saveWizardJob, switchWizardJob, wizardJobsFileName } from '../../../src/core/session/wizardJobs';
import { summaryOfStaging } from '../../../src/core/usecases/wizardJobs';
import { writeSession } from '../../../src/core/session/sessionFile';
import { sessionFixture } from '../../helpers/session';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'wizard-jobs-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const change = (over: Record<string, unknown> = {}) => ({
  summary: { cloud: 'AzureCloud', subscriptionId: 'sub', storageAccount: 'acct', container: 'c1', importJobName: 'job-one', stagingLocation: '/s1' },
  status: { signIn: 'done', certificate: 'done', staging: 'done', importJob: 'done' } as const,
  fields: { 'staging.sources': '/data' },
  step: 'importJob' as const,
  ...over,
});

describe('the wizard’s current job', () => {
  it('starts blank, saves changes to a 0600 file, and comes back the same after a restart', async () => {
    const first = await currentWizardJob(dir);
    expect(first.job.summary).toEqual({});
    expect(first.job.status.importJob).toBe('notStarted');
    expect(await saveWizardJob(dir, first.job.id, change())).toBe(true);
    const file = path.join(dir, wizardJobsFileName);
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o777).toBe(0o600);
    const again = await currentWizardJob(dir);
    expect(again.job.id).toBe(first.job.id);
    expect(again.job.summary.importJobName).toBe('job-one');
    expect(again.job.fields['staging.sources']).toBe('/data');
    expect(again.job.step).toBe('importJob');
  });

  it('a new job keeps the cloud, the account, sign-in and certificate, and nothing of the job itself', async () => {
    const first = await currentWizardJob(dir);
    await saveWizardJob(dir, first.job.id, change());
    const second = await newWizardJob(dir);
    expect(second.job.id).not.toBe(first.job.id);
    expect(second.job.summary).toEqual({ cloud: 'AzureCloud', subscriptionId: 'sub', storageAccount: 'acct' });
    expect(second.job.status).toMatchObject({ signIn: 'done', certificate: 'done', staging: 'notStarted', importJob: 'notStarted' });
    expect(second.job.fields).toEqual({});
    expect(second.recent.map((r) => r.id)).toEqual([second.job.id, first.job.id]);
    expect(second.recent[1]).toMatchObject({ importJobName: 'job-one', stagingLocation: '/s1', route: 'importExport', done: 4, total: 9 });
    // Opens on step 1, where the route is asked again.
    expect(second.job.step).toBe('signIn');
  });

  it('a new job after a Data Box job preselects the Data Box route, and a Data Box job counts its own steps', async () => {
    const first = await currentWizardJob(dir);
    await saveWizardJob(dir, first.job.id, {
      summary: { cloud: 'AzureCloud', subscriptionId: 'sub', storageAccount: 'acct', route: 'dataBox', dataBoxOrder: 'seed-disk' },
      // certificate is done for the account (an earlier Import/Export job) but is not a step of the Data Box route.
      status: { signIn: 'done', certificate: 'done', dataBoxReadiness: 'done', dataBoxOrder: 'done', dataBoxTrack: 'inProgress' },
      fields: {},
      step: 'dataBoxTrack',
    });
    const second = await newWizardJob(dir);
    expect(second.job.summary.route).toBe('dataBox');
    expect(second.job.step).toBe('signIn');
    expect(second.recent[1]).toMatchObject({ dataBoxOrder: 'seed-disk', route: 'dataBox', done: 3, total: 9 });
    expect(second.recent[0]).toMatchObject({ route: 'dataBox', done: 1, total: 9 });
  });

  it('switches back to a recent job, refuses an unknown one, and ignores a save from a window still on the old job', async () => {
    const first = await currentWizardJob(dir);
    await saveWizardJob(dir, first.job.id, change());
    const second = await newWizardJob(dir);
    expect(await saveWizardJob(dir, first.job.id, change({ summary: { importJobName: 'stale' } }))).toBe(false);
    const back = await switchWizardJob(dir, first.job.id);
    expect(back.job.summary.importJobName).toBe('job-one');
    await expect(switchWizardJob(dir, '00000000-0000-0000-0000-000000000000')).rejects.toMatchObject({ code: 'app:errors.wizardJobGone' });
    await expect(switchWizardJob(dir, second.job.id)).resolves.toMatchObject({ job: { id: second.job.id } });
  });

  it('keeps the newest jobs only, and never loses the current one', async () => {
    for (let i = 0; i < recentJobsKept + 5; i++) await newWizardJob(dir);
    const now = await currentWizardJob(dir);
    expect(now.recent).toHaveLength(recentJobsKept);
    expect(now.recent[0]!.id).toBe(now.job.id);
  });

  it('sets a damaged file aside and starts afresh', async () => {
    const file = path.join(dir, wizardJobsFileName);
    writeFileSync(file, '{"current": 3, "jobs": "no"}');
    const r = await currentWizardJob(dir);
    expect(r.job.summary).toEqual({});
    expect(readFileSync(`${file}.unreadable`, 'utf8')).toContain('"jobs": "no"');
  });

  it('two saves at once both land, one after the other', async () => {
    const { job } = await currentWizardJob(dir);
    const results = await Promise.all([saveWizardJob(dir, job.id, change()), saveWizardJob(dir, job.id, change({ step: 'shipping' }))]);
    expect(results).toEqual([true, true]);
    expect((await currentWizardJob(dir)).job.step).toBe('shipping');
    expect(existsSync(path.join(dir, wizardJobsFileName))).toBe(true);
  });

  it('reads a staging location’s session for the Session panel', async () => {
    const staging = path.join(dir, 'staging');
    mkdirSync(staging);
    await writeSession(staging, sessionFixture({ importJobName: 'from-staging', container: 'box' }));
    const s = await summaryOfStaging(staging);
    expect(s).toMatchObject({ importJobName: 'from-staging', container: 'box', stagingLocation: staging });
    expect(await summaryOfStaging(path.join(dir, 'empty'))).toEqual({ stagingLocation: path.join(dir, 'empty') });
    expect(OfflineSeedError).toBeDefined();
  });
});
