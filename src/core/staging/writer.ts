/**
 * The writer: walks the sources, cuts files into content-defined chunks, stores each new chunk once
 * (SHA-256 id, zstd on both cores) in bounded packs, and writes the index. Resumable after a kill at any
 * point: finished packs describe themselves, and `.work/journal.jsonl` remembers finished files.
 */

import { createHash } from 'node:crypto';
import fsSync, { promises as fs, type Stats } from 'node:fs';
import path from 'node:path';
import { isOfflineSeedError } from '../../shared/errors';
import { stagingLayout } from '../../shared/stagingLayout';
import type { JobContext } from '../jobs';
import { chunkParamsFor, Chunker } from './chunker';
import { CompressPool, type Compressed } from './compressPool';
import { stagingError, writeError } from './errors';
import { chunkTuple, writeIndex, type IndexEntry, type StagingIndex } from './indexFile';
import { listFinishedPacks, PackWriter, readPackTrailer, type ChunkLocation } from './packs';
import { walkSource, type WalkItem } from './walk';

export interface StageSource {
  /** Absolute path of the folder. */
  path: string;
  /** Folder name it is restored under. */
  name: string;
}

export interface WriterOptions {
  stagingDir: string;
  sources: StageSource[];
  packSize: number;
  /** Report unreadable files and go on instead of failing. */
  skipUnreadable?: boolean;
  /** zstd level (2 unless told: measured within 5 % of level 3’s size on text, at a clearly lower cost). */
  level?: number;
  threads?: number;
  /** Called for every problem that was skipped (unreadable file, special file). */
  onSkipped?: (item: { source: string; path: string; reason: string }) => void;
  /** Test hook: runs after a file's first block was read. */
  afterFirstBlock?: (absPath: string) => Promise<void>;
}

export interface StagingStats {
  files: number;
  folders: number;
  links: number;
  skipped: number;
  /** Bytes of all files. */
  sourceBytes: number;
  /** Bytes of the distinct chunks. */
  uniqueBytes: number;
  /** Bytes stored in packs (after zstd). */
  storedBytes: number;
  chunks: number;
  packs: number;
  /** Files taken over from an interrupted run without reading them again. */
  resumedFiles: number;
}

interface JournalLine {
  e: IndexEntry;
  sig: string;
}

export const defaultLevel = 2;
const readBlock = 1024 * 1024;
/** Files below this size are read with synchronous calls in one piece. */
const smallFile = 256 * 1024;
/** Tests that kill the real command at chosen points slow it down around each finished pack; never set otherwise. */
const testPackDelayMs = Number(process.env.OFFLINE_SEED_TEST_PACK_DELAY_MS ?? 0) || 0;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const maxRereads = 3;
const lanesCount = 3;

/** What the plan keeps of each walked entry: a few numbers instead of a whole Stats object, so memory stays flat. */
type SlimStat = Pick<Stats, 'size' | 'mode' | 'mtimeMs' | 'ctimeMs' | 'ino' | 'blocks'>;
type PlannedItem = WalkItem extends infer W ? (W extends { stat: Stats } ? Omit<W, 'stat'> & { stat: SlimStat } : W) : never;

function slim(item: WalkItem): PlannedItem {
  if (item.kind === 'unreadable') return item;
  const { size, mode, mtimeMs, ctimeMs, ino, blocks } = item.stat;
  return { ...item, stat: { size, mode, mtimeMs, ctimeMs, ino, blocks } } as PlannedItem;
}

interface Lane {
  chunker: Chunker;
  buf: Buffer;
}

function signature(st: { size: number; mtimeMs: number; ctimeMs: number; ino: number }): string {
  return `${st.size}:${st.mtimeMs}:${st.ctimeMs}:${st.ino}`;
}

async function loadJournal(file: string): Promise<JournalLine[]> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch {
    return [];
  }
  const out: JournalLine[] = [];
  for (const line of text.split('\n')) {
    if (!line) continue;
    try {
      out.push(JSON.parse(line) as JournalLine);
    } catch {
      // The last line of a killed run may be cut short; the file is simply read again.
    }
  }
  return out;
}

/** Stages `sources` into `stagingDir` (which must exist and have passed validation). */
export async function writeStaging(opts: WriterOptions, job: JobContext): Promise<{ index: StagingIndex; stats: StagingStats }> {
  const { stagingDir } = opts;
  const workDir = path.join(stagingDir, stagingLayout.workDir);
  const journalPath = path.join(workDir, 'journal.jsonl');
  const chunkParams = chunkParamsFor(opts.packSize);
  try {
    for (const d of [workDir, path.join(stagingDir, stagingLayout.packsDir), path.join(stagingDir, stagingLayout.indexDir)]) {
      await fs.mkdir(d, { recursive: true });
    }
    // Leftovers of a killed run: unfinished packs never reached packs/, so they are simply dropped.
    for (const n of await fs.readdir(workDir)) if (n.endsWith('.partial') || n.endsWith('.tmp')) await fs.rm(path.join(workDir, n), { force: true });
    // An index write cut short leaves its temp file next to the index; it is never shipped, but it is clutter.
    const indexDir = path.join(stagingDir, stagingLayout.indexDir);
    for (const n of await fs.readdir(indexDir)) if (n.endsWith('.tmp')) await fs.rm(path.join(indexDir, n), { force: true });
  } catch (e) {
    throw writeError(e, stagingDir);
  }

  // Chunks already in finished packs.
  const known = new Map<string, ChunkLocation>();
  const finished = await listFinishedPacks(stagingDir);
  for (const name of finished) {
    for (const [id, loc] of await readPackTrailer(path.join(stagingDir, stagingLayout.packsDir, name))) known.set(id, loc);
  }
  let nextPack = finished.length === 0 ? 1 : Number(/(\d+)/.exec(finished[finished.length - 1]!)![1]) + 1;
  const journal = new Map<string, JournalLine>();
  for (const line of await loadJournal(journalPath)) {
    if ((line.e.chunks ?? []).every((c) => known.has(c))) journal.set(`${line.e.s}\0${line.e.p}`, line);
  }

  // Planning: walk everything first, for totals and the free-space estimate.
  job.report({ phase: 'scanning', bytesDone: 0, bytesTotal: 0 }, true);
  const items: Array<{ s: number; item: PlannedItem }> = [];
  let totalBytes = 0;
  let totalFiles = 0;
  for (const [s, src] of opts.sources.entries()) {
    for await (const item of walkSource(src.path)) {
      job.throwIfCancelled();
      items.push({ s, item: slim(item) });
      if (item.kind === 'file') {
        totalBytes += item.stat.size;
        totalFiles++;
      }
      if (items.length % 500 === 0) job.report({ phase: 'scanning', bytesDone: 0, bytesTotal: totalBytes, itemsDone: 0, itemsTotal: totalFiles, current: item.rel });
    }
  }

  const stats: StagingStats = { files: 0, folders: 0, links: 0, skipped: 0, sourceBytes: 0, uniqueBytes: 0, storedBytes: 0, chunks: 0, packs: finished.length, resumedFiles: 0 };
  for (const loc of known.values()) {
    stats.uniqueBytes += loc.size;
    stats.storedBytes += loc.stored;
  }
  const entries: IndexEntry[] = [];
  const pool = new CompressPool(chunkParams.max, opts.level ?? defaultLevel, opts.threads);
  let journalLines: string[] = [];
  let journalChain: Promise<void> = Promise.resolve();
  const flushJournal = () => {
    const text = journalLines.join('');
    journalLines = [];
    if (!text) return journalChain;
    journalChain = journalChain.then(async () => {
      await journalHandle!.write(text).catch((e: unknown) => {
        failure ??= writeError(e, stagingDir);
      });
    });
    return journalChain;
  };
  const pending = new Set<string>();
  const inflight = new Set<Promise<void>>();
  let pack: PackWriter | null = null;
  let writeChain: Promise<void> = Promise.resolve();
  let failure: unknown = null;
  let bytesDone = 0;
  let journalHandle: fs.FileHandle | null = null;

  const progress = (current: string | undefined, force = false) => {
    const extra: Record<string, number> = {
      compressionRatio: stats.storedBytes > 0 ? stats.uniqueBytes / stats.storedBytes : 1,
      dedupRatio: stats.uniqueBytes > 0 ? Math.max(1, bytesDone / stats.uniqueBytes) : 1,
      storedBytes: stats.storedBytes,
      packs: stats.packs,
    };
    job.report({ phase: 'compressing', bytesDone, bytesTotal: totalBytes, itemsDone: stats.files, itemsTotal: totalFiles, extra, ...(current ? { current } : {}) }, force);
  };

  const store = (id: string, c: Compressed, size: number) => {
    const { data, compressed: zstd } = c;
    writeChain = writeChain.then(async () => {
      if (failure) return c.release();
      try {
        if (pack && pack.count > 0 && pack.bytes + data.length > opts.packSize) {
          const done = pack;
          pack = null;
          if (testPackDelayMs) await sleep(testPackDelayMs);
          await done.finish();
          stats.packs++;
          if (testPackDelayMs) await sleep(testPackDelayMs);
        }
        if (!pack) pack = await PackWriter.open(stagingDir, nextPack++);
        known.set(id, await pack.append(id, data, size, zstd));
        pending.delete(id);
        stats.storedBytes += data.length;
      } catch (e) {
        failure ??= writeError(e, stagingDir);
      } finally {
        c.release();
      }
    });
    return writeChain;
  };

  const addChunk = async (chunk: Buffer): Promise<string> => {
    const id = createHash('sha256').update(chunk).digest('hex');
    if (known.has(id) || pending.has(id)) return id;
    pending.add(id);
    stats.uniqueBytes += chunk.length;
    stats.chunks++;
    const size = chunk.length;
    // Waits while every slot is busy; once it returns, `chunk` was copied and may be overwritten.
    const { result } = await pool.submit(chunk);
    const p: Promise<void> = result
      .then((c) => store(id, c, size))
      .catch((e: unknown) => {
        failure ??= e;
      })
      .finally(() => inflight.delete(p));
    inflight.add(p);
    if (failure) throw failure;
    return id;
  };

  /**
   * A small file in one go with synchronous calls: from the page cache this takes microseconds, while five
   * round trips through libuv's thread pool per file made many small files four times slower than tar.
   */
  const readSmallFile = async (abs: string, lane: Lane): Promise<{ chunks: string[]; sig: string; size: number; stat: Stats } | { changed: true }> => {
    const fd = fsSync.openSync(abs, 'r');
    let n: number;
    let before: Stats;
    let after: Stats;
    try {
      before = fsSync.fstatSync(fd);
      if (before.size >= lane.buf.length) return { changed: true };
      n = fsSync.readSync(fd, lane.buf, 0, lane.buf.length, 0);
      after = fsSync.fstatSync(fd);
    } finally {
      fsSync.closeSync(fd);
    }
    const now = fsSync.lstatSync(abs, { throwIfNoEntry: false });
    if (signature(before) !== signature(after) || n !== after.size || !now || now.ino !== after.ino) return { changed: true };
    const ids: string[] = [];
    lane.chunker.reset();
    for (const c of lane.chunker.push(lane.buf.subarray(0, n))) ids.push(await addChunk(c));
    for (const c of lane.chunker.finish()) ids.push(await addChunk(c));
    bytesDone += n;
    progress(undefined);
    if (opts.afterFirstBlock) await opts.afterFirstBlock(abs);
    return { chunks: ids, sig: signature(after), size: n, stat: now };
  };

  const readFileChunks = async (abs: string, lane: Lane): Promise<{ chunks: string[]; sig: string; size: number; stat: Stats } | { changed: true }> => {
    const h = await fs.open(abs, 'r');
    try {
      const before = await h.stat();
      const { chunker, buf } = lane;
      chunker.reset();
      const ids: string[] = [];
      let pos = 0;
      let first = true;
      for (;;) {
        job.throwIfCancelled();
        const { bytesRead } = await h.read(buf, 0, readBlock, pos);
        if (bytesRead === 0) break;
        pos += bytesRead;
        for (const c of chunker.push(buf.subarray(0, bytesRead))) ids.push(await addChunk(c));
        bytesDone += bytesRead;
        progress(undefined);
        if (first && opts.afterFirstBlock) await opts.afterFirstBlock(abs);
        first = false;
      }
      for (const c of chunker.finish()) ids.push(await addChunk(c));
      const after = await h.stat();
      const now = await fs.lstat(abs).catch(() => null);
      if (signature(before) !== signature(after) || pos !== after.size || !now || now.ino !== after.ino) {
        bytesDone -= pos;
        return { changed: true };
      }
      return { chunks: ids, sig: signature(after), size: pos, stat: now };
    } finally {
      await h.close();
    }
  };

  const skipOrFail = (src: StageSource, rel: string, abs: string, err: NodeJS.ErrnoException) => {
    if (!opts.skipUnreadable) {
      throw stagingError(
        'unreadableFile',
        { file: abs, reason: err.code ?? err.message },
      );
    }
    stats.skipped++;
    opts.onSkipped?.({ source: src.name, path: rel, reason: err.code ?? err.message });
  };

  try {
    journalHandle = await fs.open(journalPath, 'a').catch((e: unknown) => {
      throw writeError(e, stagingDir);
    });
    progress(undefined, true);
    const results: Array<IndexEntry | undefined> = new Array(items.length);
    const processItem = async (i: number, lane: Lane): Promise<void> => {
      const { s, item } = items[i]!;
      const src = opts.sources[s]!;
      if (item.kind === 'unreadable') {
        skipOrFail(src, item.rel, item.abs, item.error);
        return;
      }
      if (item.kind === 'special') {
        stats.skipped++;
        opts.onSkipped?.({ source: src.name, path: item.rel, reason: 'special' });
        return;
      }
      const base = { s, p: item.rel, mode: item.stat.mode & 0o7777, mtimeMs: item.stat.mtimeMs };
      if (item.kind === 'dir') {
        results[i] = { ...base, t: 'd' };
        stats.folders++;
        return;
      }
      if (item.kind === 'link') {
        try {
          results[i] = { ...base, t: 'l', target: await fs.readlink(item.abs) };
          stats.links++;
        } catch (e) {
          skipOrFail(src, item.rel, item.abs, e as NodeJS.ErrnoException);
        }
        return;
      }
      const sparse = item.stat.blocks * 512 < item.stat.size;
      const prior = journal.get(`${s}\0${item.rel}`);
      if (prior && prior.sig === signature(item.stat)) {
        results[i] = prior.e;
        stats.files++;
        stats.resumedFiles++;
        stats.sourceBytes += prior.e.size ?? 0;
        bytesDone += prior.e.size ?? 0;
        progress(item.rel);
        return;
      }
      progress(item.rel);
      let result: Awaited<ReturnType<typeof readFileChunks>> | null = null;
      for (let attempt = 0; attempt < maxRereads; attempt++) {
        try {
          result = item.stat.size < smallFile && attempt === 0 ? await readSmallFile(item.abs, lane) : await readFileChunks(item.abs, lane);
        } catch (e) {
          const err = e as NodeJS.ErrnoException;
          // Only a file-system error of the source (EACCES, EIO…) is "unreadable"; anything else is a real failure.
          if (isOfflineSeedError(e) || failure || typeof err.code !== 'string' || typeof err.syscall !== 'string') throw failure ?? e;
          if (err.code !== 'ENOENT') skipOrFail(src, item.rel, item.abs, err);
          return;
        }
        if (!('changed' in result)) break;
      }
      if (result === null) return;
      if ('changed' in result) {
        throw stagingError(
          'fileChanging',
          { file: item.abs },
        );
      }
      const entry: IndexEntry = { ...base, mode: result.stat.mode & 0o7777, mtimeMs: result.stat.mtimeMs, t: 'f', size: result.size, chunks: result.chunks, ...(sparse ? { sparse: true } : {}) };
      results[i] = entry;
      stats.files++;
      stats.sourceBytes += result.size;
      journalLines.push(JSON.stringify({ e: entry, sig: result.sig } satisfies JournalLine) + '\n');
      if (journalLines.length >= 64) void flushJournal();
    };
    // A few files at once, so that waiting for one file's reads overlaps cutting and hashing another's.
    let next = 0;
    let stop: unknown = null;
    const lanes = Array.from({ length: lanesCount }, async () => {
      const lane: Lane = { chunker: new Chunker(chunkParams, readBlock), buf: Buffer.allocUnsafe(readBlock) };
      while (stop === null && failure === null) {
        const i = next++;
        if (i >= items.length) return;
        try {
          job.throwIfCancelled();
          await processItem(i, lane);
        } catch (e) {
          stop ??= e;
        }
      }
    });
    await Promise.all(lanes);
    await flushJournal();
    if (stop !== null) throw stop;
    if (failure) throw failure;
    for (const e of results) if (e) entries.push(e);
    await Promise.all(inflight);
    await writeChain;
    if (failure) throw failure;
    const last = pack as PackWriter | null;
    pack = null;
    if (last) {
      if (last.count > 0) {
        await last.finish().catch((e: unknown) => {
          throw writeError(e, stagingDir);
        });
        stats.packs++;
      } else await last.discard();
    }
    job.report({ phase: 'writing', bytesDone, bytesTotal: totalBytes, itemsDone: stats.files, itemsTotal: totalFiles }, true);
    const used = new Set(entries.flatMap((e) => e.chunks ?? []));
    const index: StagingIndex = {
      format: 'offline-seed-index',
      version: 1,
      createdAt: new Date().toISOString(),
      chunkParams,
      sources: opts.sources.map((s) => ({ name: s.name, path: s.path })),
      entries,
      chunks: Object.fromEntries([...used].map((id) => [id, chunkTuple(known.get(id)!)])),
    };
    await writeIndex(stagingDir, index).catch((e: unknown) => {
      throw writeError(e, stagingDir);
    });
    await journalHandle.close();
    journalHandle = null;
    await fs.rm(workDir, { recursive: true, force: true });
    stats.chunks = used.size;
    job.report({ phase: 'done', bytesDone, bytesTotal: totalBytes, itemsDone: stats.files, itemsTotal: totalFiles }, true);
    return { index, stats };
  } catch (e) {
    // Keep what is done: wait for the chunks under way, then close the pack if it can be closed cleanly.
    await Promise.allSettled(inflight);
    await writeChain;
    if (journalHandle) await flushJournal();
    const open = pack as PackWriter | null;
    pack = null;
    if (open) {
      if (failure || open.count === 0) await open.discard();
      else await open.finish().catch(() => open.discard());
    }
    throw failure && !isOfflineSeedError(e) ? failure : e;
  } finally {
    await journalHandle?.close().catch(() => undefined);
    await pool.close();
  }
}
