/**
 * The page ranges of a page blob's manifest entry: the file cut into 4 MiB windows, and in each window the runs of
 * 512-byte pages that hold something. Pages of zeros are left out (a page blob reads as zeros where nothing was
 * written), so every range is aligned on 512, at most 4 MiB, in order and not overlapping, as the manifest format
 * requires ("PageRangeList", https://learn.microsoft.com/previous-versions/azure/storage/common/storage-import-export-file-format-manifest).
 */

import { createHash } from 'node:crypto';
import { maxRangeBytes, pageBytes } from '../../shared/rules/agentStaging';

export interface PageRange {
  offset: number;
  length: number;
  /** Base16 MD5, upper case. */
  md5: string;
}

const zeroWindow = Buffer.alloc(maxRangeBytes);

/** Whether `buf[start, end)` is all zeros. */
function isZero(buf: Buffer, start: number, end: number): boolean {
  return zeroWindow.compare(buf, start, end, 0, end - start) === 0;
}

/**
 * The ranges of `buf` (a part of the file read at `at`, both multiples of 512; `at` a multiple of 4 MiB unless the
 * caller passes windows itself). Each 4 MiB window is checked whole first, so runs of zeros cost one comparison.
 */
export function pageRangesOf(buf: Buffer, at: number, out: PageRange[] = []): PageRange[] {
  for (let w = 0; w < buf.length; w += maxRangeBytes) {
    const end = Math.min(buf.length, w + maxRangeBytes);
    if (isZero(buf, w, end)) continue;
    let run = -1;
    for (let p = w; p <= end; p += pageBytes) {
      const data = p < end && !isZero(buf, p, Math.min(end, p + pageBytes));
      if (data && run < 0) run = p;
      if (!data && run >= 0) {
        out.push({ offset: at + run, length: p - run, md5: createHash('md5').update(buf.subarray(run, p)).digest('hex').toUpperCase() });
        run = -1;
      }
    }
  }
  return out;
}
