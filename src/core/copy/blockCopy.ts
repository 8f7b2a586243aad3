/**
 * One pass that copies a file and computes its per-block MD5s (or, for a page blob, the MD5s of its page ranges):
 * the read of block n+1, the write of block n and its hash overlap (reads and writes run on libuv's pool while the
 * main thread hashes), then fsync.
 */

import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { maxManifestBlockSize, type ManifestBlock } from '../formats/driveManifest';
import { hashBlocks, md5Here } from './md5Thread';
import { openOnMedium, readAt, takeAlignedBuffers, type MediumAccess, type MediumFile } from './mediumRead';
import { pageRangesOf } from './pageRanges';

/** An error reading the source file (not writing the drive): the drive is fine, the staging location is not. */
export class SourceReadError extends Error {
  readonly code: string;
  constructor(
    readonly file: string,
    reason: unknown,
  ) {
    super(`cannot read ${file}`, { cause: reason });
    this.name = 'SourceReadError';
    this.code = (reason as NodeJS.ErrnoException | null)?.code ?? 'EIO';
  }
}

export interface BlockCopyResult {
  length: number;
  blocks: ManifestBlock[];
}

/** Reads up to `buf.length` bytes at `pos`, looping over short reads. */
async function readFull(h: fs.FileHandle, buf: Buffer, pos: number): Promise<number> {
  let n = 0;
  while (n < buf.length) {
    const { bytesRead } = await h.read(buf, n, buf.length - n, pos + n);
    if (bytesRead === 0) break;
    n += bytesRead;
  }
  return n;
}

async function writeFull(h: fs.FileHandle, buf: Buffer, len: number, pos: number): Promise<void> {
  let n = 0;
  while (n < len) {
    const { bytesWritten } = await h.write(buf, n, len - n, pos + n);
    n += bytesWritten;
  }
}

const md5 = (b: Buffer) => createHash('md5').update(b).digest('hex').toUpperCase();

/**
 * Copies `src` to `dst` (created or truncated) and returns the length and the MD5 of every block. `onBytes` is
 * called after each block with the bytes just written. `throwIfCancelled` runs between blocks. `sync: false` leaves
 * the fsync to the caller (copyToDrive syncs a drive's files together, before its manifest). `pages: true` lists the
 * page ranges of a page blob instead of blocks (pages of zeros left out). Errors reading `src` are SourceReadError.
 */
export async function copyWithBlockHashes(
  src: string,
  dst: string,
  opts: { blockSize?: number; onBytes?: (n: number) => void; throwIfCancelled?: () => void; sync?: boolean; pages?: boolean } = {},
): Promise<BlockCopyResult & { mtimeMs: number; size: number }> {
  const blockSize = opts.pages ? maxManifestBlockSize : Math.min(opts.blockSize ?? maxManifestBlockSize, maxManifestBlockSize);
  // I/O in chunks of four blocks: fewer, larger requests through FUSE; each block is hashed on its own.
  const ioSize = blockSize * 4;
  const input = await fs.open(src, 'r').catch((e: unknown) => Promise.reject(new SourceReadError(src, e)));
  const readSource = (buf: Buffer, pos: number) => readFull(input, buf, pos).catch((e: unknown) => Promise.reject(new SourceReadError(src, e)));
  let output: fs.FileHandle | undefined;
  try {
    output = await fs.open(dst, 'w', 0o644);
    // Three buffers: one being read, one being written and hashed, one spare.
    const bufs = [Buffer.allocUnsafe(ioSize), Buffer.allocUnsafe(ioSize), Buffer.allocUnsafe(ioSize)];
    const blocks: ManifestBlock[] = [];
    let pos = 0;
    let i = 0;
    let pendingRead = readSource(bufs[0]!, 0);
    for (;;) {
      const n = await pendingRead;
      if (n === 0) break;
      opts.throwIfCancelled?.();
      const buf = bufs[i % 3]!;
      const at = pos;
      pos += n;
      i++;
      pendingRead = n < ioSize ? Promise.resolve(0) : readSource(bufs[i % 3]!, pos);
      const written = writeFull(output, buf, n, at);
      if (opts.pages) pageRangesOf(buf.subarray(0, n), at, blocks);
      else {
        for (let o = 0; o < n; o += blockSize) {
          const len = Math.min(blockSize, n - o);
          blocks.push({ offset: at + o, length: len, md5: md5(buf.subarray(o, o + len)) });
        }
      }
      await written;
      opts.onBytes?.(n);
    }
    if (opts.sync !== false) await output.sync();
    // The source as it was when the last byte was read: compared with a stat taken before, it shows a change during the copy.
    const st = await input.stat().catch((e: unknown) => Promise.reject(new SourceReadError(src, e)));
    return { length: pos, blocks, mtimeMs: st.mtimeMs, size: st.size };
  } finally {
    await input.close();
    await output?.close();
  }
}

export type BlockProblem = { kind: 'missing' } | { kind: 'lengthMismatch'; actual: number } | { kind: 'md5Mismatch'; offset: number };

const zeros = Buffer.alloc(64 * 1024);

/**
 * The MD5s (hex) of `blocks` ([offset in buf, length, …]) of one read: the later half on the helper thread while this
 * thread hashes the first half, or all here when there is only one block or no thread.
 */
async function md5OnTwoCores(buf: Buffer, blocks: Array<[number, number, number]>): Promise<string[]> {
  const ranges = blocks.map(([o, l]): [number, number] => [o, l]);
  const mine = ranges.length >= 2 ? Math.ceil(ranges.length / 2) : ranges.length;
  const theirs = mine < ranges.length ? hashBlocks(buf, ranges.slice(mine)) : null;
  const here = md5Here(buf, theirs ? ranges.slice(0, mine) : ranges);
  if (!theirs) return here;
  const there = await theirs.catch(() => null);
  return [...here, ...(there ?? md5Here(buf, ranges.slice(mine)))];
}

/** Whether `buf[start, end)` is all zeros. */
function allZero(buf: Buffer, start: number, end: number): boolean {
  for (let o = start; o < end; o += zeros.length) {
    const e = Math.min(end, o + zeros.length);
    if (zeros.compare(buf, o, e, 0, e - o) !== 0) return false;
  }
  return true;
}

/**
 * Reads `file` back from the medium (mediumRead.ts: direct I/O, not the page cache) and checks its length and every
 * block against `blocks`; null when all match. With `pages`, the blocks are a page blob's ranges: in order, not
 * overlapping, inside the file, and every byte outside them is zero (the blob reads as zeros there, so the file must
 * too).
 */
export async function verifyBlocks(
  file: string,
  length: number,
  blocks: ManifestBlock[],
  onBytes?: (n: number) => void,
  opts: { pages?: boolean; access?: MediumAccess } = {},
): Promise<BlockProblem | null> {
  const { pages = false, access } = opts;
  let f: MediumFile;
  try {
    f = await openOnMedium(file, access);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'missing' };
    throw e;
  }
  access?.onOpen?.(file, f.direct);
  const h = f.handle;
  let buffers: { bufs: Buffer[]; release(): void } | undefined;
  try {
    const size = (await h.stat()).size;
    if (size !== length) return { kind: 'lengthMismatch', actual: size };
    const sorted = [...blocks].sort((a, b) => a.offset - b.offset);
    let end = 0;
    for (const b of sorted) {
      if (pages ? b.offset < end : b.offset !== end) return { kind: 'lengthMismatch', actual: end };
      end = b.offset + b.length;
    }
    if (pages ? end > length : end !== length) return { kind: 'lengthMismatch', actual: end };
    // Sequential reads of 16 MiB, one ahead of the hashing; blocks are cut out of them. The blocks a read holds whole
    // are hashed on two cores (md5Thread.ts); a block cut by the end of a read is hashed here as its bytes come.
    const ioSize = 16 * 1024 * 1024;
    buffers = takeAlignedBuffers(2, ioSize);
    const bufs = buffers.bufs;
    let pos = 0;
    let i = 0;
    let k = 0;
    let hash = createHash('md5');
    let partial = false;
    let next: Promise<number> | null = length > 0 ? readAt(f, bufs[0]!, 0) : null;
    while (next) {
      const n = await next;
      const buf = bufs[i % 2]!;
      const at = pos;
      i++;
      pos += n;
      next = n === ioSize && pos < length ? readAt(f, bufs[i % 2]!, pos) : null;
      if (n === 0) break;
      // Blocks held whole by this read: [offset in buf, length, index in sorted], checked in order before anything later.
      const whole: Array<[number, number, number]> = [];
      const checkWhole = async (): Promise<BlockProblem | null> => {
        const digests = await md5OnTwoCores(buf, whole);
        const bad = digests.findIndex((d, j) => d.toUpperCase() !== sorted[whole[j]![2]]!.md5.toUpperCase());
        return bad < 0 ? null : { kind: 'md5Mismatch', offset: sorted[whole[bad]![2]]!.offset };
      };
      const stop = async (p: BlockProblem): Promise<BlockProblem> => {
        const first = (await checkWhole()) ?? p;
        await next;
        return first;
      };
      let o = 0;
      while (o < n) {
        const b = sorted[k];
        const here = at + o;
        // More bytes than the size read at the start: the file changed under the read-back.
        if (here >= length) return stop({ kind: 'lengthMismatch', actual: pos });
        if (!b || here < b.offset) {
          // A gap between page ranges (never in a block blob: the blocks tile the file).
          const take = Math.min((b ? b.offset : length) - here, n - o);
          if (!allZero(buf, o, o + take)) return stop({ kind: 'md5Mismatch', offset: here });
          o += take;
          continue;
        }
        const take = Math.min(b.offset + b.length - here, n - o);
        if (!partial && take === b.length) {
          whole.push([o, take, k]);
          o += take;
          k++;
          continue;
        }
        hash.update(buf.subarray(o, o + take));
        partial = true;
        o += take;
        if (at + o === b.offset + b.length) {
          if (hash.digest('hex').toUpperCase() !== b.md5.toUpperCase()) return stop({ kind: 'md5Mismatch', offset: b.offset });
          k++;
          hash = createHash('md5');
          partial = false;
        }
      }
      const problem = await checkWhole();
      if (problem) {
        await next;
        return problem;
      }
      onBytes?.(n);
    }
    if (pos !== length) return { kind: 'lengthMismatch', actual: pos };
    return null;
  } finally {
    buffers?.release();
    await h.close();
  }
}
