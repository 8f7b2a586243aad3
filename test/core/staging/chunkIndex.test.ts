/** The bounded chunk index: every entry found with its place after spilling to sorted runs on disk, absent ids not found. */

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ChunkIndex, parseId } from '../../../src/core/staging/chunkIndex';

let tmp: string;
beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'os-chunk-index-'));
});
afterAll(async () => {
  await fs.rm(tmp, { recursive: true, force: true });
});

const id = (n: number) => createHash('sha256').update(`chunk ${n}`).digest('hex');
const loc = (n: number) => ({ pack: 1 + (n % 7), offset: n * 4097 + 2 ** 33, stored: 1000 + (n % 977), size: 2000 + (n % 1013), zstd: n % 3 !== 0 });

describe('ChunkIndex', () => {
  it('finds every entry with its place after many runs were written and merged', () => {
    const dir = path.join(tmp, 'runs');
    const index = new ChunkIndex({ dir, memEntries: 1024, bloomBytes: 64 * 1024, maxFences: 16 });
    const n = 20_000;
    for (let i = 0; i < n; i++) index.add(id(i), loc(i));
    expect(index.size).toBe(n);
    // 20 000 entries, 1 024 in memory: about log2(20) runs once equal runs are merged.
    expect(index.runCount).toBeGreaterThan(0);
    expect(index.runCount).toBeLessThanOrEqual(5);
    for (let i = 0; i < n; i += 7) expect(index.get(id(i))).toEqual(loc(i));
    for (let i = n; i < n + 2000; i++) expect(index.get(id(i))).toBeUndefined();
    index.close();
  });

  it('removes its run files on close and refuses what is not an id', async () => {
    const dir = path.join(tmp, 'close');
    const index = new ChunkIndex({ dir, memEntries: 1024 });
    for (let i = 0; i < 3000; i++) index.add(id(i), loc(i));
    expect((await fs.readdir(dir)).length).toBeGreaterThan(0);
    index.close();
    expect(await fs.readdir(dir)).toEqual([]);
    expect(index.get('not an id')).toBeUndefined();
    expect(() => index.add('x'.repeat(64), loc(1))).toThrow(RangeError);
    const words = new Uint32Array(8);
    expect(parseId('00'.repeat(31) + 'fF', words)).toBe(true);
    expect(words[7]).toBe(0xff);
  });
});
