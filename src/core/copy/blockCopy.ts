/**
 * One pass that copies a file and computes its per-block MD5s: the read of block n+1, the write of block n and
 * its hash overlap (reads and writes run on libuv's pool while the main thread hashes), then fsync.
 */

import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { maxManifestBlockSize, type ManifestBlock } from '../drives/driveManifest';

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
 * called after each block with the bytes just written. `throwIfCancelled` runs between blocks.
 */
export async function copyWithBlockHashes(
  src: string,
  dst: string,
  opts: { blockSize?: number; onBytes?: (n: number) => void; throwIfCancelled?: () => void } = {},
): Promise<BlockCopyResult> {
  const blockSize = Math.min(opts.blockSize ?? maxManifestBlockSize, maxManifestBlockSize);
  const input = await fs.open(src, 'r');
  let output: fs.FileHandle | undefined;
  try {
    output = await fs.open(dst, 'w', 0o644);
    // Three buffers: one being read, one being written, one spare so a read never waits for a write's buffer.
    const bufs = [Buffer.allocUnsafe(blockSize), Buffer.allocUnsafe(blockSize), Buffer.allocUnsafe(blockSize)];
    const blocks: ManifestBlock[] = [];
    let pos = 0;
    let i = 0;
    let pendingRead = readFull(input, bufs[0]!, 0);
    let pendingWrite: Promise<void> = Promise.resolve();
    for (;;) {
      const n = await pendingRead;
      if (n === 0) break;
      opts.throwIfCancelled?.();
      const buf = bufs[i % 3]!;
      const at = pos;
      pos += n;
      i++;
      pendingRead = n < blockSize ? Promise.resolve(0) : readFull(input, bufs[i % 3]!, pos);
      await pendingWrite;
      const out = output;
      pendingWrite = writeFull(out, buf, n, at);
      blocks.push({ offset: at, length: n, md5: md5(buf.subarray(0, n)) });
      await pendingWrite;
      opts.onBytes?.(n);
    }
    await pendingWrite;
    await output.sync();
    return { length: pos, blocks };
  } finally {
    await input.close();
    await output?.close();
  }
}

export type BlockProblem = { kind: 'missing' } | { kind: 'lengthMismatch'; actual: number } | { kind: 'md5Mismatch'; offset: number };

/** Reads `file` back and checks its length and every block against `blocks`; null when all match. */
export async function verifyBlocks(file: string, length: number, blocks: ManifestBlock[], onBytes?: (n: number) => void): Promise<BlockProblem | null> {
  let h: fs.FileHandle;
  try {
    h = await fs.open(file, 'r');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'missing' };
    throw e;
  }
  try {
    const size = (await h.stat()).size;
    if (size !== length) return { kind: 'lengthMismatch', actual: size };
    const max = blocks.reduce((m, b) => Math.max(m, b.length), 0);
    const bufs = [Buffer.allocUnsafe(max), Buffer.allocUnsafe(max)];
    let next = blocks[0] ? readFull(h, bufs[0]!.subarray(0, blocks[0].length), blocks[0].offset) : null;
    for (const [i, b] of blocks.entries()) {
      const n = await next!;
      const buf = bufs[i % 2]!;
      const nb = blocks[i + 1];
      next = nb ? readFull(h, bufs[(i + 1) % 2]!.subarray(0, nb.length), nb.offset) : null;
      if (n !== b.length || md5(buf.subarray(0, n)) !== b.md5.toUpperCase()) {
        await next;
        return { kind: 'md5Mismatch', offset: b.offset };
      }
      onBytes?.(n);
    }
    const covered = blocks.reduce((s, b) => s + b.length, 0);
    if (covered !== length) return { kind: 'lengthMismatch', actual: covered };
    return null;
  } finally {
    await h.close();
  }
}
