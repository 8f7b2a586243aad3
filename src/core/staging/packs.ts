/**
 * Pack files: `OSPACK01`, then stored chunks back to back, then a trailer listing them, so a finished pack
 * describes itself (resume rebuilds the chunk table from the trailers). A pack is written under `.work/` and
 * renamed into `packs/` only when complete, so every file in `packs/` is final and never rewritten.
 */

import { promises as fs } from 'node:fs';
import path from 'node:path';
import { stagingLayout } from '../../shared/stagingLayout';

export const packMagic = Buffer.from('OSPACK01', 'latin1');
export const packEndMagic = Buffer.from('OSPKEND1', 'latin1');
const footerLength = 4 + packEndMagic.length;

/** Where a chunk lives: pack file name, byte offset, stored length, original length, zstd or raw. */
export interface ChunkLocation {
  pack: string;
  offset: number;
  stored: number;
  size: number;
  zstd: boolean;
}

type TrailerEntry = [id: string, offset: number, stored: number, size: number, zstd: 0 | 1];

export const packNamePattern = /^pack-(\d{6,})\.osp$/;
export function packName(n: number): string {
  return `pack-${String(n).padStart(6, '0')}.osp`;
}

async function syncDir(dir: string): Promise<void> {
  try {
    const h = await fs.open(dir, 'r');
    await h.sync().catch(() => undefined);
    await h.close();
  } catch {
    // Windows cannot open a directory for fsync; the rename is durable there anyway.
  }
}

/** One pack being filled. */
export class PackWriter {
  private entries: TrailerEntry[] = [];
  private size = packMagic.length;
  /** Chunks not yet written: they end at `size`. */
  private readonly buffer = Buffer.allocUnsafe(1024 * 1024);
  private buffered = 0;

  private constructor(
    readonly name: string,
    private readonly tmpPath: string,
    private readonly finalPath: string,
    private readonly handle: fs.FileHandle,
  ) {}

  static async open(stagingDir: string, number: number): Promise<PackWriter> {
    const name = packName(number);
    const tmpPath = path.join(stagingDir, stagingLayout.workDir, `${name}.partial`);
    const finalPath = path.join(stagingDir, stagingLayout.packsDir, name);
    const handle = await fs.open(tmpPath, 'w');
    try {
      await handle.write(packMagic, 0, packMagic.length, 0);
    } catch (e) {
      await handle.close();
      throw e;
    }
    return new PackWriter(name, tmpPath, finalPath, handle);
  }

  get bytes(): number {
    return this.size;
  }

  get count(): number {
    return this.entries.length;
  }

  /** Appends one stored chunk (copied: `data` may be reused at once); returns where it went. */
  async append(id: string, data: Uint8Array, size: number, zstd: boolean): Promise<ChunkLocation> {
    const offset = this.size;
    if (this.buffered + data.length > this.buffer.length) await this.flush();
    if (data.length > this.buffer.length) await this.writeAt(data, offset);
    else {
      this.buffer.set(data, this.buffered);
      this.buffered += data.length;
    }
    this.size += data.length;
    this.entries.push([id, offset, data.length, size, zstd ? 1 : 0]);
    return { pack: this.name, offset, stored: data.length, size, zstd };
  }

  private async writeAt(data: Uint8Array, offset: number): Promise<void> {
    let done = 0;
    while (done < data.length) {
      const { bytesWritten } = await this.handle.write(data, done, data.length - done, offset + done);
      done += bytesWritten;
    }
  }

  /** Writes the buffered small chunks (one write instead of one per chunk). */
  private async flush(): Promise<void> {
    if (this.buffered === 0) return;
    await this.writeAt(this.buffer.subarray(0, this.buffered), this.size - this.buffered);
    this.buffered = 0;
  }

  /** Writes the trailer, syncs and renames the pack into `packs/`. After this the pack is final. */
  async finish(): Promise<void> {
    const trailer = Buffer.from(JSON.stringify({ chunks: this.entries }), 'utf8');
    const footer = Buffer.alloc(footerLength);
    footer.writeUInt32LE(trailer.length, 0);
    packEndMagic.copy(footer, 4);
    const tail = Buffer.concat([trailer, footer]);
    await this.flush();
    await this.writeAt(tail, this.size);
    await this.handle.sync();
    await this.handle.close();
    await fs.rename(this.tmpPath, this.finalPath);
    await syncDir(path.dirname(this.finalPath));
  }

  /** Drops an unfinished pack (nothing of it reaches `packs/`). */
  async discard(): Promise<void> {
    await this.handle.close().catch(() => undefined);
    await fs.rm(this.tmpPath, { force: true });
  }
}

/** The chunks listed in a finished pack's trailer; throws when the pack is not complete. */
export function parsePackTrailer(name: string, tail: Uint8Array, fileSize: number): Array<[string, ChunkLocation]> {
  const buf = Buffer.from(tail.buffer, tail.byteOffset, tail.byteLength);
  if (buf.length < footerLength || !buf.subarray(buf.length - packEndMagic.length).equals(packEndMagic)) {
    throw new Error(`pack ${name} has no end marker`);
  }
  const trailerLen = buf.readUInt32LE(buf.length - footerLength);
  if (trailerLen + footerLength > buf.length) throw new RangeError(`need ${trailerLen + footerLength}`);
  const json = buf.subarray(buf.length - footerLength - trailerLen, buf.length - footerLength).toString('utf8');
  const parsed = JSON.parse(json) as { chunks: TrailerEntry[] };
  return parsed.chunks.map(([id, offset, stored, size, z]) => {
    if (offset + stored > fileSize - footerLength - trailerLen) throw new Error(`pack ${name} lists a chunk beyond its data`);
    return [id, { pack: name, offset, stored, size, zstd: z === 1 }];
  });
}

/** Reads a finished pack's chunk list from disk. */
export async function readPackTrailer(file: string): Promise<Array<[string, ChunkLocation]>> {
  const h = await fs.open(file, 'r');
  try {
    const { size } = await h.stat();
    let want = Math.min(size, 64 * 1024);
    for (;;) {
      const buf = Buffer.alloc(want);
      await h.read(buf, 0, want, size - want);
      try {
        return parsePackTrailer(path.basename(file), buf, size);
      } catch (e) {
        const m = e instanceof RangeError ? /need (\d+)/.exec(e.message) : null;
        if (!m || Number(m[1]) > size) throw e;
        want = Number(m[1]);
      }
    }
  } finally {
    await h.close();
  }
}

/** Names of the finished packs in `packs/`, sorted. */
export async function listFinishedPacks(stagingDir: string): Promise<string[]> {
  try {
    return (await fs.readdir(path.join(stagingDir, stagingLayout.packsDir))).filter((n) => packNamePattern.test(n)).sort();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
}
