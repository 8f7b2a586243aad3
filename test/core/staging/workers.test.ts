/**
 * How many worker threads a staging run starts (one for trees of tiny files, else one per core, at most 4), how many
 * slots they share, and the threads started ahead of their pool (real threads, real files).
 */

import { createHash, randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJobContext } from '../../../src/core/jobs';
import { runStaging } from '../../../src/core/staging/stage';
import { defaultThreads, liveThreads, startThreads } from '../../../src/core/staging/slotWorkers';
import { fileStatus, slotsFor, StageWorkers, statWidth, type FromWorker } from '../../../src/core/staging/stageWorkers';
import { workersFor } from '../../../src/core/staging/writer';

let tmp: string;
beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'os-threads-'));
});
afterAll(async () => {
  await fs.rm(tmp, { recursive: true, force: true });
});

/** Waits (up to 10 s) until `cond` holds; a thread's end is reported a moment after it is asked for. */
async function until(cond: () => boolean): Promise<void> {
  for (let i = 0; i < 1000 && !cond(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(cond()).toBe(true);
}

const params = { min: 64 * 1024, avg: 128 * 1024, max: 256 * 1024 };
const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

describe('workersFor', () => {
  it('starts one worker when the files average under 2 KiB', () => {
    expect(workersFor({ files: 200_000, bytes: 200_000 * 1024 })).toBe(1);
    expect(workersFor({ files: 10, bytes: 10 * 2047 })).toBe(1);
  });

  it('starts one per core (at most 4) for larger files, and for an empty tree', () => {
    expect(defaultThreads()).toBeGreaterThanOrEqual(1);
    expect(defaultThreads()).toBeLessThanOrEqual(4);
    expect(workersFor({ files: 10, bytes: 10 * 2048 })).toBe(defaultThreads());
    expect(workersFor({ files: 13_163, bytes: 2 * 1024 ** 3 })).toBe(defaultThreads());
    expect(workersFor({ files: 0, bytes: 0 })).toBe(defaultThreads());
  });
});

describe('slotsFor', () => {
  it('gives each worker one slot, and a single worker two so it never waits for the main thread', () => {
    expect(slotsFor(1)).toBe(2);
    expect(slotsFor(2)).toBe(2);
    expect(slotsFor(4)).toBe(4);
  });
});

describe('threads started ahead of their pool', () => {
  it('runs the work of the pool on them; the pool takes them all and ends those it does not need', async () => {
    const before = liveThreads();
    const started = startThreads(3);
    expect(liveThreads()).toBe(before + 3);
    const pool = new StageWorkers({ params, level: 1, threads: 2, slotSize: 1024 * 1024, started });
    expect(started).toEqual([]);
    await until(() => liveThreads() === before + 2);
    try {
      for (const worker of [0, 1]) {
        // Under the smallest chunk (64 KiB): one chunk, whatever the random bytes.
        const data = randomBytes(60_000 + worker);
        const file = path.join(tmp, `file-${worker}`);
        await fs.writeFile(file, data);
        const slot = pool.takeSlot()!;
        const answer = await new Promise<FromWorker>((done) => pool.send(worker, { op: 'batch', slot, paths: file, count: 1 }, 0, done));
        expect(answer).toMatchObject({ op: 'batch', chunks: 1, errors: [] });
        const t = pool.tables(slot);
        expect(t.lens[0]).toBe(data.length);
        expect(t.digests.toString('hex', 0, 32)).toBe(sha256(data));
        pool.releaseSlot(slot);
      }
    } finally {
      await pool.close();
    }
    await until(() => liveThreads() === before);
  });

  it('sends back unopened the rest of a batch once a file does not fit a slot more than half full', async () => {
    const pool = new StageWorkers({ params, level: 1, threads: 1, slotSize: 1024 * 1024, started: startThreads(1) });
    try {
      const files: string[] = [];
      for (let i = 0; i < 4; i++) {
        files.push(path.join(tmp, `part-${i}`));
        await fs.writeFile(files[i]!, randomBytes(400_000));
      }
      const slot = pool.takeSlot()!;
      const answer = await new Promise<FromWorker>((done) => pool.send(0, { op: 'batch', slot, paths: files.join('\0'), count: 4 }, 0, done));
      expect(answer).toMatchObject({ op: 'batch', errors: [] });
      const t = pool.tables(slot);
      // Two fit (800,000 of 1 MiB), the third is left for later with its size, the fourth is not opened.
      expect([...t.status.subarray(0, 4)]).toEqual([fileStatus.ok, fileStatus.ok, fileStatus.deferred, fileStatus.unopened]);
      expect(t.stats[2 * statWidth]).toBe(400_000);
    } finally {
      await pool.close();
    }
  });

  it('reports a thread that ended before the pool took it as a failure of the pool', async () => {
    const started = startThreads(1);
    await started[0]!.terminate();
    const pool = new StageWorkers({ params, level: 1, threads: 1, slotSize: 1024 * 1024, started });
    const failure = await new Promise<Error>((resolve) => (pool.onFailure = resolve));
    expect(failure.message).toMatch(/^a worker thread exited with code \d+$/);
    await pool.close();
  });

  it('a staging run leaves no thread running, whether it refused its input or staged the tree', async () => {
    const src = path.join(tmp, 'source');
    await fs.mkdir(src, { recursive: true });
    await fs.writeFile(path.join(src, 'a.txt'), randomBytes(300_000));
    const request = (job: string) => ({
      stagingDir: path.join(tmp, `staging-${job}`),
      sources: [src],
      importJobName: job,
      subscriptionId: '00000000-0000-4000-8000-000000000001',
      resourceGroup: 'rg',
      storageAccount: 'threadstest01',
      container: 'seed',
      packSize: '1GiB',
      skipUnreadable: false,
      cloud: 'AzureCloud',
    });
    const before = liveThreads();
    const refused = await runStaging(request('no spaces allowed'), createJobContext('stage'));
    expect(refused.ok).toBe(false);
    await expect(fs.stat(path.join(tmp, 'staging-no spaces allowed'))).rejects.toThrow();
    await until(() => liveThreads() === before);
    const staged = await runStaging(request('threads-job'), createJobContext('stage'));
    expect(staged).toMatchObject({ ok: true, alreadyStaged: false, stats: { files: 1, sourceBytes: 300_000 } });
    await until(() => liveThreads() === before);
  });
});
