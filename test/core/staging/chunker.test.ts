/** Content-defined chunking: bounds, determinism, and boundaries that survive an insertion. */

import { describe, expect, it } from 'vitest';
import { randomBytes, createHash } from 'node:crypto';
import { Chunker, chunkParamsFor, defaultChunkParams } from '../../../src/core/staging/chunker';

function cut(data: Buffer, pieces: number[], params = defaultChunkParams): Buffer[] {
  const c = new Chunker(params);
  const out: Buffer[] = [];
  let pos = 0;
  for (let i = 0; pos < data.length; i++) {
    const n = pieces[i % pieces.length]!;
    out.push(...c.push(data.subarray(pos, pos + n)).map((b) => Buffer.from(b)));
    pos += n;
  }
  out.push(...c.finish().map((b) => Buffer.from(b)));
  return out;
}

const hashes = (chunks: Buffer[]) => chunks.map((c) => createHash('sha256').update(c).digest('hex'));

describe('chunker', () => {
  const data = randomBytes(24 * 1024 * 1024);

  it('cuts ~1 MiB chunks within the bounds, whatever the feeding pieces', () => {
    const a = cut(data, [4 * 1024 * 1024]);
    const b = cut(data, [12_345, 1_000_003, 77]);
    expect(Buffer.concat(a).equals(data)).toBe(true);
    expect(hashes(a)).toEqual(hashes(b));
    for (const c of a.slice(0, -1)) {
      expect(c.length).toBeGreaterThanOrEqual(defaultChunkParams.min);
      expect(c.length).toBeLessThanOrEqual(defaultChunkParams.max);
    }
    const avg = data.length / a.length;
    expect(avg).toBeGreaterThan(512 * 1024);
    expect(avg).toBeLessThan(2 * 1024 * 1024);
  });

  it('keeps most chunks when bytes are inserted near the start', () => {
    const before = new Set(hashes(cut(data, [4 * 1024 * 1024])));
    const shifted = Buffer.concat([data.subarray(0, 100_000), Buffer.from('inserted bytes'), data.subarray(100_000)]);
    const after = hashes(cut(shifted, [4 * 1024 * 1024]));
    const kept = after.filter((h) => before.has(h)).length;
    expect(kept).toBeGreaterThanOrEqual(after.length - 3);
  });

  it('cuts long zero runs into identical maximum-size chunks (sparse files dedupe)', () => {
    const zeros = cut(Buffer.alloc(20 * 1024 * 1024), [1024 * 1024]);
    expect(new Set(hashes(zeros.slice(0, -1))).size).toBe(1);
  });

  it('uses smaller chunks for small packs', () => {
    expect(chunkParamsFor(1024 ** 3)).toEqual(defaultChunkParams);
    const small = chunkParamsFor(1024 * 1024);
    expect(small.avg).toBe(128 * 1024);
    expect(small.max).toBeLessThanOrEqual(1024 * 1024);
  });
});
