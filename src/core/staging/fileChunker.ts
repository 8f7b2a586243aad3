/**
 * The file chunker: reads one file, cuts it into content-defined chunks and hands them to the pack store,
 * checking that the file did not change while it was read.
 */

import fsSync, { promises as fs, type Stats } from 'node:fs';
import type { JobContext } from '../jobs';
import { Chunker, type ChunkParams } from './chunker';
import type { PackStore } from './packStore';
import { signature } from './plan';

export type ChunkedFile = { chunks: string[]; sig: string; size: number; stat: Stats } | { changed: true };

export const readBlock = 1024 * 1024;
/** Files below this size are read with synchronous calls in one piece. */
export const smallFile = 256 * 1024;

export class FileChunker {
  private readonly chunker: Chunker;
  private readonly buf = Buffer.allocUnsafe(readBlock);

  constructor(
    params: ChunkParams,
    private readonly store: PackStore,
    private readonly job: JobContext,
    /** Called with the bytes read so far (for progress). */
    private readonly onBytes: (n: number) => void,
    /** Test hook: runs after a file's first block was read. */
    private readonly afterFirstBlock?: (absPath: string) => Promise<void>,
  ) {
    this.chunker = new Chunker(params, readBlock);
  }

  /** Small files in one go with synchronous calls; larger ones block by block. */
  read(abs: string, size: number, firstAttempt: boolean): Promise<ChunkedFile> {
    return size < smallFile && firstAttempt ? this.readSmall(abs) : this.readLarge(abs);
  }

  private async chunkAll(data: Buffer, ids: string[], final: boolean): Promise<void> {
    for (const c of this.chunker.push(data)) ids.push(await this.store.add(c));
    if (final) for (const c of this.chunker.finish()) ids.push(await this.store.add(c));
  }

  /**
   * From the page cache this takes microseconds, while five round trips through libuv's thread pool per file
   * made many small files four times slower than tar.
   */
  private async readSmall(abs: string): Promise<ChunkedFile> {
    const fd = fsSync.openSync(abs, 'r');
    let n: number;
    let before: Stats;
    let after: Stats;
    try {
      before = fsSync.fstatSync(fd);
      if (before.size >= this.buf.length) return { changed: true };
      n = fsSync.readSync(fd, this.buf, 0, this.buf.length, 0);
      after = fsSync.fstatSync(fd);
    } finally {
      fsSync.closeSync(fd);
    }
    const now = fsSync.lstatSync(abs, { throwIfNoEntry: false });
    if (signature(before) !== signature(after) || n !== after.size || !now || now.ino !== after.ino) return { changed: true };
    const ids: string[] = [];
    this.chunker.reset();
    await this.chunkAll(this.buf.subarray(0, n), ids, true);
    this.onBytes(n);
    if (this.afterFirstBlock) await this.afterFirstBlock(abs);
    return { chunks: ids, sig: signature(after), size: n, stat: now };
  }

  private async readLarge(abs: string): Promise<ChunkedFile> {
    const h = await fs.open(abs, 'r');
    try {
      const before = await h.stat();
      this.chunker.reset();
      const ids: string[] = [];
      let pos = 0;
      for (;;) {
        this.job.throwIfCancelled();
        const { bytesRead } = await h.read(this.buf, 0, readBlock, pos);
        if (bytesRead === 0) break;
        const first = pos === 0;
        pos += bytesRead;
        await this.chunkAll(this.buf.subarray(0, bytesRead), ids, false);
        this.onBytes(bytesRead);
        if (first && this.afterFirstBlock) await this.afterFirstBlock(abs);
      }
      await this.chunkAll(Buffer.alloc(0), ids, true);
      const after = await h.stat();
      const now = await fs.lstat(abs).catch(() => null);
      if (signature(before) !== signature(after) || pos !== after.size || !now || now.ino !== after.ino) {
        this.onBytes(-pos);
        return { changed: true };
      }
      return { chunks: ids, sig: signature(after), size: pos, stat: now };
    } finally {
      await h.close();
    }
  }
}
