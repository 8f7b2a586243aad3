/** The staging contract handlers as the wizard page calls them: validate, publish settings, start as a job, status, restore. */

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createStagingHandlers } from '../../../src/core/handlers/staging';
import type { HandlerContext } from '../../../src/core/handlers/types';
import { JobRunner } from '../../../src/core/jobs';
import type { JobEnd, Progress } from '../../../src/shared/progress';
import { stagingRequests } from '../../../src/shared/contract/staging';

let tmp: string;
beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'os-stage-h-'));
});
afterAll(async () => {
  await fs.rm(tmp, { recursive: true, force: true });
});

describe('staging handlers', () => {
  it('validates, stages as a job with progress, reports status and restores', async () => {
    const ends: JobEnd[] = [];
    const progress: Progress[] = [];
    const jobs = new JobRunner({ progress: (p) => progress.push(p), end: (e) => ends.push(e) });
    const ctx = { jobs, language: () => 'en', dataDir: tmp } as unknown as HandlerContext;
    const h = createStagingHandlers();
    const src = path.join(tmp, 'photos');
    await fs.mkdir(src);
    await fs.writeFile(path.join(src, 'a.txt'), 'hello '.repeat(10_000));
    const staging = path.join(tmp, 'staging');
    const input = stagingRequests['staging.validate'].arg.parse({
      stagingDir: staging,
      sources: [src],
      importJobName: 'job-one',
      subscriptionId: '8f0c2f1e-7d2b-4b3a-9c1d-2e3f4a5b6c7d',
      resourceGroup: 'rg',
      storageAccount: 'acct01',
      container: 'seed',
    });

    const bad = await h['staging.start']({ input: { ...input, container: 'A' } }, ctx);
    expect(bad).toEqual({ problems: [{ key: 'app:validation.container', params: { value: 'A' } }] });
    await expect(fs.access(staging)).rejects.toThrow();

    expect(await h['staging.validate'](input, ctx)).toEqual({ problems: [], sourceBytes: 60_000 });
    const started = await h['staging.start']({ input }, ctx);
    expect('jobId' in started).toBe(true);
    while (ends.length === 0) await new Promise((r) => setTimeout(r, 20));
    expect(ends[0]).toMatchObject({ kind: 'stage', outcome: 'succeeded' });
    expect(progress.some((p) => p.kind === 'stage')).toBe(true);

    const status = await h['staging.status']({ stagingDir: staging }, ctx);
    expect(status).toMatchObject({ state: 'staged', importJobName: 'job-one', stats: { files: 1, sourceBytes: 60_000 } });
    expect(status!.shippable.files).toBe(2);

    await h['staging.restore']({ stagingDir: staging, toDir: path.join(tmp, 'out') }, ctx);
    while (ends.length < 2) await new Promise((r) => setTimeout(r, 20));
    expect(ends[1]).toMatchObject({ kind: 'restore', outcome: 'succeeded' });
    expect(await fs.readFile(path.join(tmp, 'out', 'photos', 'a.txt'), 'utf8')).toBe('hello '.repeat(10_000));
  });
});
