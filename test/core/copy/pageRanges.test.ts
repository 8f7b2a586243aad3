import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { pageRangesOf } from '../../../src/core/copy/pageRanges';

const MiB = 1024 * 1024;
const md5 = (b: Buffer) => createHash('md5').update(b).digest('hex').toUpperCase();

describe('page ranges', () => {
  it('leaves pages of zeros out and cuts runs at every 4 MiB boundary', () => {
    const buf = Buffer.alloc(12 * MiB);
    buf.fill(7, 512, 1536); // two pages
    buf.fill(9, 4 * MiB - 512, 4 * MiB + 1024); // a run across the first boundary
    buf.fill(1, 9 * MiB, 12 * MiB); // the last 3 MiB
    const r = pageRangesOf(buf, 0);
    expect(r.map((x) => [x.offset, x.length])).toEqual([
      [512, 1024],
      [4 * MiB - 512, 512],
      [4 * MiB, 1024],
      [9 * MiB, 3 * MiB],
    ]);
    for (const x of r) expect(x.md5).toBe(md5(buf.subarray(x.offset, x.offset + x.length)));
    expect(r.every((x) => x.length <= 4 * MiB && x.offset % 512 === 0 && x.length % 512 === 0)).toBe(true);
  });

  it('offsets a part read further in the file, and lists nothing for zeros', () => {
    const buf = Buffer.alloc(4 * MiB);
    buf[5] = 1;
    expect(pageRangesOf(buf, 8 * MiB).map((x) => [x.offset, x.length])).toEqual([[8 * MiB, 512]]);
    expect(pageRangesOf(Buffer.alloc(8 * MiB), 0)).toEqual([]);
  });
});
