/**
 * One pass that copies a file and computes its per-block MD5s: the read of block n+1, the write of block n and
 * its hash overlap (reads and writes run on libuv's pool while the main thread hashes), then fsync.
 */

import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { maxManifestBlockSize, type ManifestBlock } from '../formats/driveManifest';
import { openOnMedium, readAt, takeAlignedBuffers, type MediumAccess, type MediumFile } from './mediumRead';

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
 * the fsync to the caller (copyToDrive syncs a drive's files together, before its manifest).
 */
export async function copyWithBlockHashes(
  src: string,
  dst: string,
  opts: { blockSize?: number; onBytes?: (n: number) => void; throwIfCancelled?: () => void; sync?: boolean } = {},
): Promise<BlockCopyResult> {
  const blockSize = Math.min(opts.blockSize ?? maxManifestBlockSize, maxManifestBlockSize);
  // I/O in chunks of four blocks: fewer, larger requests through FUSE; each block is hashed on its own.
  const ioSize = blockSize * 4;
  const input = await fs.open(src, 'r');
  let output: fs.FileHandle | undefined;
  try {
    output = await fs.open(dst, 'w', 0o644);
    // Three buffers: one being read, one being written and hashed, one spare.
    const bufs = [Buffer.allocUnsafe(ioSize), Buffer.allocUnsafe(ioSize), Buffer.allocUnsafe(ioSize)];
    const blocks: ManifestBlock[] = [];
    let pos = 0;
    let i = 0;
    let pendingRead = readFull(input, bufs[0]!, 0);
    for (;;) {
      const n = await pendingRead;
      if (n === 0) break;
      opts.throwIfCancelled?.();
      const buf = bufs[i % 3]!;
      const at = pos;
      pos += n;
      i++;
      pendingRead = n < ioSize ? Promise.resolve(0) : readFull(input, bufs[i % 3]!, pos);
      const written = writeFull(output, buf, n, at);
      for (let o = 0; o < n; o += blockSize) {
        const len = Math.min(blockSize, n - o);
        blocks.push({ offset: at + o, length: len, md5: md5(buf.subarray(o, o + len)) });
      }
      await written;
      opts.onBytes?.(n);
    }
    if (opts.sync !== false) await output.sync();
    return { length: pos, blocks };
  } finally {
    await input.close();
    await output?.close();
  }
}

export type BlockProblem = { kind: 'missing' } | { kind: 'lengthMismatch'; actual: number } | { kind: 'md5Mismatch'; offset: number };

/**
 * Reads `file` back from the medium (mediumRead.ts: direct I/O, not the page cache) and checks its length and every
 * block against `blocks`; null when all match.
 */
export async function verifyBlocks(
  file: string,
  length: number,
  blocks: ManifestBlock[],
  onBytes?: (n: number) => void,
  access?: MediumAccess,
): Promise<BlockProblem | null> {
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
      if (b.offset !== end) return { kind: 'lengthMismatch', actual: end };
      end += b.length;
    }
    if (end !== length) return { kind: 'lengthMismatch', actual: end };
    // Sequential reads of 16 MiB, one ahead of the hashing; blocks are cut out of them.
    const ioSize = 16 * 1024 * 1024;
    buffers = takeAlignedBuffers(2, ioSize);
    const bufs = buffers.bufs;
    let pos = 0;
    let i = 0;
    let k = 0;
    let hash = createHash('md5');
    let inBlock = 0;
    let next: Promise<number> | null = length > 0 ? readAt(f, bufs[0]!, 0) : null;
    while (next) {
      const n = await next;
      const buf = bufs[i % 2]!;
      i++;
      pos += n;
      next = n === ioSize && pos < length ? readAt(f, bufs[i % 2]!, pos) : null;
      if (n === 0) break;
      let o = 0;
      while (o < n) {
        const b = sorted[k];
        // More bytes than the size read at the start: the file changed under the read-back.
        if (!b) {
          await next;
          return { kind: 'lengthMismatch', actual: pos };
        }
        const take = Math.min(b.length - inBlock, n - o);
        hash.update(buf.subarray(o, o + take));
        o += take;
        inBlock += take;
        if (inBlock === b.length) {
          if (hash.digest('hex').toUpperCase() !== b.md5.toUpperCase()) {
            await next;
            return { kind: 'md5Mismatch', offset: b.offset };
          }
          k++;
          inBlock = 0;
          hash = createHash('md5');
        }
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
