/**
 * Restore: recreates each source as `<to>/<source folder name>` from the index and packs, byte for byte
 * (contents, folders, links, modes, mtimes; sparse files stay sparse), checking every chunk's SHA-256.
 * Chunks are read through a `PackSource`, so the same code restores from a staging folder or from the cloud.
 */

import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { decompress } from 'zstd-napi';
import { stagingLayout } from '../../shared/stagingLayout';
import type { JobContext } from '../jobs';
import { stagingError } from './errors';
import { chunkLocation, indexFileName, parseIndex, type StagingIndex } from './indexFile';

/** Where restore reads staging files from. */
export interface PackSource {
  /** A name for messages: the staging folder or the container. */
  readonly where: string;
  /** Pack file names (`pack-000001.osp`), sorted. */
  listPacks(): Promise<string[]>;
  readRange(packName: string, offset: number, length: number): Promise<Uint8Array>;
  /** The bytes of the index file. */
  readIndex(): Promise<Uint8Array>;
}

/** A staging folder on disk as a PackSource. */
export function folderPackSource(stagingDir: string): PackSource {
  const packs = path.join(stagingDir, stagingLayout.packsDir);
  return {
    where: stagingDir,
    async listPacks() {
      return (await fs.readdir(packs).catch(() => [] as string[])).filter((n) => n.endsWith('.osp')).sort();
    },
    async readRange(packName, offset, length) {
      const h = await fs.open(path.join(packs, packName), 'r');
      try {
        const buf = Buffer.allocUnsafe(length);
        let done = 0;
        while (done < length) {
          const { bytesRead } = await h.read(buf, done, length - done, offset + done);
          if (bytesRead === 0) break;
          done += bytesRead;
        }
        return buf.subarray(0, done);
      } finally {
        await h.close();
      }
    },
    readIndex: () => fs.readFile(path.join(stagingDir, stagingLayout.indexDir, indexFileName)),
  };
}

/**
 * Any store of staging-relative files (`index/…`, `packs/…`) as a PackSource — e.g. the workflow's cloud
 * staging source (`files()`, `read(relPath, offset, length)`).
 */
export function filesPackSource(where: string, store: { files(): string[]; read(relPath: string, offset?: number, length?: number): Promise<Uint8Array> }): PackSource {
  const packPrefix = `${stagingLayout.packsDir}/`;
  return {
    where,
    listPacks: async () => store.files().filter((f) => f.startsWith(packPrefix) && f.endsWith('.osp')).map((f) => f.slice(packPrefix.length)).sort(),
    readRange: (packName, offset, length) => store.read(`${packPrefix}${packName}`, offset, length),
    readIndex: () => store.read(`${stagingLayout.indexDir}/${indexFileName}`),
  };
}

export interface RestoreStats {
  files: number;
  folders: number;
  links: number;
  bytes: number;
  chunks: number;
}

function isAllZero(b: Uint8Array): boolean {
  const words = b.byteOffset % 8 === 0 ? new BigUint64Array(b.buffer, b.byteOffset, Math.floor(b.length / 8)) : null;
  let i = 0;
  if (words) {
    for (const w of words) if (w !== 0n) return false;
    i = words.length * 8;
  }
  for (; i < b.length; i++) if (b[i] !== 0) return false;
  return true;
}

async function loadIndex(source: PackSource): Promise<StagingIndex> {
  let bytes: Uint8Array;
  try {
    bytes = await source.readIndex();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') {
      throw stagingError(
        'noIndex',
        { staging: source.where },
      );
    }
    throw e;
  }
  try {
    return parseIndex(bytes);
  } catch (e) {
    throw stagingError('indexCorrupt', { staging: source.where }, 1, e);
  }
}

/** Restores every source of the index under `toDir`. Existing targets are refused rather than overwritten. */
export async function restoreStaging(source: PackSource, toDir: string, job: JobContext): Promise<RestoreStats> {
  const index = await loadIndex(source);
  const stats: RestoreStats = { files: 0, folders: 0, links: 0, bytes: 0, chunks: 0 };
  for (const s of index.sources) {
    const target = path.join(toDir, s.name);
    const exists = await fs.lstat(target).then(() => true, () => false);
    if (exists) {
      throw stagingError('restoreTargetExists', { target }, 2);
    }
  }
  const total = index.entries.reduce((n, e) => n + (e.size ?? 0), 0);
  const totalFiles = index.entries.filter((e) => e.t === 'f').length;
  const dirs: Array<{ abs: string; mode: number; mtimeMs: number }> = [];
  const report = (current?: string) =>
    job.report({ phase: 'writing', bytesDone: stats.bytes, bytesTotal: total, itemsDone: stats.files, itemsTotal: totalFiles, ...(current ? { current } : {}) });

  const readChunk = async (id: string): Promise<Buffer> => {
    const t = index.chunks[id];
    if (!t) throw stagingError('chunkMissing', { chunk: id });
    const loc = chunkLocation(t);
    const stored = await source.readRange(loc.pack, loc.offset, loc.stored);
    let data: Buffer;
    try {
      data = loc.zstd ? decompress(Buffer.from(stored.buffer, stored.byteOffset, stored.byteLength)) : Buffer.from(stored.buffer, stored.byteOffset, stored.byteLength);
    } catch {
      data = Buffer.alloc(0);
    }
    if (data.length !== loc.size || createHash('sha256').update(data).digest('hex') !== id) {
      throw stagingError('chunkDamaged', { pack: loc.pack, staging: source.where, chunk: id });
    }
    stats.chunks++;
    return data;
  };

  await fs.mkdir(toDir, { recursive: true });
  for (const e of index.entries) {
    job.throwIfCancelled();
    const src = index.sources[e.s]!;
    const abs = e.p ? path.join(toDir, src.name, ...e.p.split('/')) : path.join(toDir, src.name);
    if (e.t === 'd') {
      await fs.mkdir(abs, { recursive: true });
      dirs.push({ abs, mode: e.mode, mtimeMs: e.mtimeMs });
      stats.folders++;
      continue;
    }
    await fs.mkdir(path.dirname(abs), { recursive: true });
    if (e.t === 'l') {
      await fs.symlink(e.target ?? '', abs);
      const t = e.mtimeMs / 1000;
      await fs.lutimes(abs, t, t).catch(() => undefined);
      stats.links++;
      continue;
    }
    report(e.p);
    const h = await fs.open(abs, 'w', 0o600);
    try {
      let pos = 0;
      for (const id of e.chunks ?? []) {
        job.throwIfCancelled();
        const data = await readChunk(id);
        if (e.sparse) {
          // Leave holes where the source had zeros: write only the non-zero 64 KiB blocks.
          for (let off = 0; off < data.length; off += 65536) {
            const block = data.subarray(off, Math.min(data.length, off + 65536));
            if (!isAllZero(block)) await h.write(block, 0, block.length, pos + off);
          }
        } else {
          let done = 0;
          while (done < data.length) done += (await h.write(data, done, data.length - done, pos + done)).bytesWritten;
        }
        pos += data.length;
        stats.bytes += data.length;
        report(e.p);
      }
      if (pos !== (e.size ?? 0)) throw stagingError('sizeMismatch', { file: abs, actual: pos, expected: e.size ?? 0 });
      await h.truncate(pos);
      await h.chmod(e.mode);
    } finally {
      await h.close();
    }
    const t = e.mtimeMs / 1000;
    await fs.utimes(abs, t, t);
    stats.files++;
  }
  // Folders last, deepest first, so writing their contents does not change their mtimes again.
  for (const d of dirs.reverse()) {
    await fs.chmod(d.abs, d.mode);
    const t = d.mtimeMs / 1000;
    await fs.utimes(d.abs, t, t);
  }
  job.report({ phase: 'done', bytesDone: stats.bytes, bytesTotal: total, itemsDone: stats.files, itemsTotal: totalFiles }, true);
  return stats;
}
