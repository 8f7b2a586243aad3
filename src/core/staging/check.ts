/**
 * The check of a staging location before anything of it is shipped: the index is read whole (every block
 * against its SHA-256, every line checked, the end line present), and every pack is read once, start to end,
 * against the length and SHA-256 recorded in the index when the pack was sealed. Packs in `packs/` that the
 * index does not list are refused too. Damage stops the check with one sentence naming the file.
 */

import { promises as fs } from 'node:fs';
import path from 'node:path';
import { stagingLayout } from '../../shared/stagingLayout';
import type { JobContext } from '../jobs';
import { stagingError } from './errors';
import { boundHeapGrowth } from './heap';
import { fileRangeReader, IndexFormatError, packFileName, parseLine, readIndexLines, type IndexLine } from './indexFile';
import { findIndex } from './layout';
import { hashFile, listFinishedPacks, packNumber } from './packs';

export interface IntegrityReport {
  /** Staging-relative path of the index that was checked. */
  index: string;
  packs: number;
  /** Bytes of the packs, all read. */
  packBytes: number;
  entries: number;
  files: number;
}

/** Pack lengths by pack number (8 bytes a pack; -1 where a number is not listed). */
class PackSizes {
  private sizes = new Float64Array(64).fill(-1);
  set(n: number, bytes: number): void {
    if (n >= this.sizes.length) {
      const more = new Float64Array(Math.max(this.sizes.length * 2, n + 1)).fill(-1);
      more.set(this.sizes);
      this.sizes = more;
    }
    this.sizes[n] = bytes;
  }
  get(n: number): number {
    return n < this.sizes.length ? this.sizes[n]! : -1;
  }
}

/** Reads the whole index as checked lines; a damaged index becomes `indexDamaged` naming it. */
async function* checkedLines(stagingDir: string, rel: string): AsyncGenerator<IndexLine> {
  const file = path.join(stagingDir, ...rel.split('/'));
  const damaged = (cause?: unknown) => stagingError('indexDamaged', { file }, 1, cause);
  let h: fs.FileHandle;
  try {
    h = await fs.open(file, 'r');
  } catch (e) {
    throw damaged(e);
  }
  try {
    for await (const text of readIndexLines(fileRangeReader(h), (await h.stat()).size, true)) yield parseLine(text);
  } catch (e) {
    if (e instanceof IndexFormatError) throw damaged(e);
    throw e;
  } finally {
    await h.close();
  }
}

/**
 * Checks every pack of `stagingDir` against its index (one sequential read of each pack) and the index
 * itself; reports progress in the `verifying` phase (and `done` at the end unless `reportDone` is false: the
 * check is then the first part of a longer job). Throws one clear error for the first damage found.
 */
export async function checkStagingIntegrity(stagingDir: string, job: JobContext, o: { reportDone?: boolean } = {}): Promise<IntegrityReport> {
  boundHeapGrowth();
  const rel = await findIndex(stagingDir);
  if (!rel) {
    throw stagingError('noIndex', { staging: stagingDir });
  }
  const indexFile = path.join(stagingDir, ...rel.split('/'));
  const damaged = () => stagingError('indexDamaged', { file: indexFile });
  const packsDir = path.join(stagingDir, stagingLayout.packsDir);
  const onDisk = await listFinishedPacks(stagingDir);
  let total = 0;
  for (const name of onDisk) total += (await fs.stat(path.join(packsDir, name))).size;
  let done = 0;
  const report = (current?: string) => job.report({ phase: 'verifying', bytesDone: done, bytesTotal: total, ...(current ? { current } : {}) });
  job.report({ phase: 'verifying', bytesDone: 0, bytesTotal: total }, true);

  // Pass 1: the index whole, and each pack as its record comes by.
  const sizes = new PackSizes();
  let packs = 0;
  let entries = 0;
  let files = 0;
  let end: { entries: number; packs: number } | null = null;
  for await (const l of checkedLines(stagingDir, rel)) {
    if (l.t === 'd' || l.t === 'l' || l.t === 'f') entries++;
    if (l.t === 'f') files++;
    if (l.t === 'e') end = l;
    if (l.t !== 'p') continue;
    if (sizes.get(l.pack) >= 0) throw damaged();
    const name = packFileName(l.pack);
    const file = path.join(packsDir, name);
    job.throwIfCancelled();
    const st = await fs.stat(file).catch(() => null);
    if (!st?.isFile()) {
      throw stagingError('packMissing', { pack: name, staging: stagingDir });
    }
    if (st.size !== l.bytes) {
      throw stagingError('packSizeWrong', { pack: name, staging: stagingDir, actual: st.size, expected: l.bytes });
    }
    const { sha256 } = await hashFile(file, (n) => {
      done += n;
      report(name);
      job.throwIfCancelled();
    });
    if (sha256 !== l.sha256) {
      throw stagingError('packDamaged', { pack: name, staging: stagingDir });
    }
    sizes.set(l.pack, l.bytes);
    packs++;
  }
  if (!end || end.entries !== entries || end.packs !== packs) throw damaged();
  for (const name of onDisk) {
    if (sizes.get(packNumber(name)) < 0) {
      throw stagingError('packUnlisted', { pack: name, staging: stagingDir });
    }
  }
  // Pass 2: every chunk an entry names lies inside a listed pack (cheap: the index only).
  for await (const l of checkedLines(stagingDir, rel)) {
    if (l.t !== 'f' && l.t !== 'c') continue;
    for (const [, pack, offset, stored] of l.c) {
      const bytes = sizes.get(pack);
      if (bytes < 0 || offset + stored > bytes) throw damaged();
    }
  }
  if (o.reportDone !== false) job.report({ phase: 'done', bytesDone: done, bytesTotal: total }, true);
  return { index: rel, packs, packBytes: done, entries, files };
}
