/**
 * The read-ahead window: staging stops walking when the entries read but not yet in the index hold too many
 * bytes, and must walk on once they are written. With a window smaller than one batch, every pause of the
 * walk ends only when those entries are written: a run that missed that wake-up stopped for good, idle.
 */

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createJobContext } from '../../../src/core/jobs';
import { folderPackSource, restoreStaging } from '../../../src/core/staging/restore';
import { writeStaging } from '../../../src/core/staging/writer';
import { describeTree } from './tree';

let tmp: string;
beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'os-stage-window-'));
});
afterAll(async () => {
  await fs.rm(tmp, { recursive: true, force: true });
});

describe('the read-ahead window', () => {
  it('walks on after the window fills and empties, to the last file', { timeout: 30_000 }, async () => {
    const src = path.join(tmp, 'source');
    for (let d = 0; d < 4; d++) {
      await fs.mkdir(path.join(src, `d${d}`), { recursive: true });
      for (let f = 0; f < 60; f++) await fs.writeFile(path.join(src, `d${d}`, `f${f}.txt`), `folder ${d} file ${f} `.repeat(40 + f));
    }
    const staging = path.join(tmp, 'staging');
    await fs.mkdir(staging);
    const { stats } = await writeStaging(
      { stagingDir: staging, sources: [{ path: src, name: 'source' }], packSize: 1024 * 1024, limits: { maxItemsAhead: 16, maxBytesAhead: 4096 } },
      createJobContext('stage'),
    );
    expect(stats.files).toBe(240);

    const out = path.join(tmp, 'restored');
    await restoreStaging(folderPackSource(staging), out, createJobContext('restore'));
    expect(await describeTree(path.join(out, 'source'))).toEqual(await describeTree(src));
  });
});
