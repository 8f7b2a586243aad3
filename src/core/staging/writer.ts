/**
 * The writer: stages the sources as a pipeline that keeps every core busy.
 *
 *   walk (main thread) → read + cut + hash (workers, many small files per task) → dedup (main thread,
 *   bounded chunk index) → zstd on the new chunks only (workers) → packs (main thread, written behind)
 *   → index lines in walk order (main thread, streamed to disk a block at a time).
 *
 * Everything in flight is bounded: shared-memory slots for file data, a window of entries not yet in the
 * index, and the bytes queued for writing. A killed run is resumed from its finished packs and its partial
 * index (see journal.ts).
 */

import { lstatSync, promises as fs, readlinkSync, type Stats } from 'node:fs';
import path from 'node:path';
import type { Worker } from 'node:worker_threads';
import { isOfflineSeedError } from '../../shared/errors';
import { stagingLayout } from '../../shared/stagingLayout';
import type { JobContext } from '../jobs';
import { chunkParamsFor, type ChunkParams } from './chunker';
import { ChunkIndex, type ChunkLoc } from './chunkIndex';
import { stagingError, writeError } from './errors';
import { boundHeapGrowth } from './heap';
import { IndexWriter, indexFileName, packFileName, refsPerLine, type HeaderLine, type PackLine } from './indexFile';
import { partialIndexName, ResumeJournal } from './journal';
import { hashFile, listFinishedPacks, packNumber, PackStore, readPackTrailer, syncDir } from './packs';
import { defaultThreads } from './slotWorkers';
import { fileStatus, maxBatchFiles, StageWorkers, statWidth, type FromWorker } from './stageWorkers';
import { Walker, type LazyFile, type WalkItem } from './walk';
import type { StagingStats } from '../../shared/model/staging';

export interface StageSource {
  /** Absolute path of the folder. */
  path: string;
  /** Folder name it is restored under. */
  name: string;
}

/** Hooks for tests that need to act at precise points; never set in normal use. */
export interface WriterHooks {
  /** Runs after a file's first block was read (before the file is recorded). */
  afterFirstBlock?: (absPath: string) => Promise<void>;
  /** Milliseconds to wait before and after sealing each pack (tests kill the process around it). */
  packSealDelayMs?: number;
}

/** Memory settings; the defaults keep a whole run under ~128 MiB whatever the data. */
export interface WriterLimits {
  /** Worker threads (default: `workersFor` the totals). */
  threads?: number;
  /** Shared-memory slots for file data (default: `slotsFor` the threads, one per worker, two for one). */
  slots?: number;
  /** Bytes per slot (default 4 MiB; at least the largest chunk). */
  slotSize?: number;
  /** Chunk index entries in memory before a sorted run is written to disk. */
  chunkIndexEntries?: number;
  /** Bloom filter in front of the chunk index runs. */
  bloomBytes?: number;
  /** Entries read ahead of the oldest one not yet in the index. */
  maxItemsAhead?: number;
  /** File bytes read ahead of the oldest entry not yet in the index. */
  maxBytesAhead?: number;
  /** Chunk references per index line (tests use a small number to exercise continuation lines). */
  refsPerLine?: number;
}

export interface WriterOptions {
  stagingDir: string;
  sources: StageSource[];
  packSize: number;
  /** Report unreadable files and go on instead of failing. */
  skipUnreadable?: boolean;
  /** zstd level (see `defaultLevel`). */
  level?: number;
  /** Totals for progress when the caller already measured the sources (saves counting them again). */
  totals?: { bytes: number; files: number };
  limits?: WriterLimits;
  /** Threads started ahead for the run's pool (`startThreads`); the run takes them all. */
  startedThreads?: Worker[];
  /** Called for every problem that was skipped (unreadable file, special file). */
  onSkipped?: (item: { source: string; path: string; reason: string }) => void;
  hooks?: WriterHooks;
}

export type { StagingStats };

/**
 * zstd level 1: on this project's mixed benchmark tree it stores within a few percent of level 3 at about
 * half the CPU (see `npm run bench:stage`, which prints the trade for levels 1–3).
 */
export const defaultLevel = 1;
const maxRereads = 3;

/** Below this average file size, one worker keeps pace with the main thread (see `workersFor`). */
const tinyFileAverage = 2 * 1024;

/**
 * Worker threads for a run: one per core (at most 4), but one for a tree of tiny files. There the main thread's
 * work per file (walk, dedup, index line) is as long as a worker's (open, read, hash, compress), so a second
 * worker cannot make the run faster and costs about 12 MiB (its V8 isolate, its malloc arena, its zstd
 * context). Measured staging 200,000 files of 1 KiB with the command (shared 2-core machine, load ~16): CPU
 * seconds with one worker: main thread 3.6, worker 3.7; with two: main 3.8, workers 2.0 each; peak RSS 122 MiB
 * with one worker, 133 MiB with two.
 */
export function workersFor(totals: { bytes: number; files: number }): number {
  return totals.files > 0 && totals.bytes / totals.files < tinyFileAverage ? 1 : defaultThreads();
}
/** Items taken from the walk before the event loop gets a turn. */
const walkBurst = 1024;
/** Bytes waiting to be written (packs and index) above which no new file data is read. */
const writeBacklogLimit = 8 * 1024 * 1024;

/** A chunk of a file: its place (pack 0 until it is stored), and the files waiting for that. */
interface Ref extends ChunkLoc {
  id: string;
  /** The first file waiting for the place, and any others (a chunk met twice while under way). */
  waiter: FileRec | null;
  more: FileRec[] | null;
}

interface FileRec {
  kind: 'file';
  s: number;
  rel: string;
  abs: string;
  /** Bytes, once a worker looked at the file (-1 before). */
  size: number;
  attempt: number;
  refs: Ref[];
  unresolved: number;
  /** The worker's fstat once the whole file was read. */
  mode: number;
  mtimeMs: number;
  ctimeMs: number;
  ino: number;
  blocks: number;
  done: boolean;
  /** Dropped (vanished or skipped): no entry. */
  gone: boolean;
  /** Large files: the worker that reads it, its id there, bytes cut so far, a segment under way. */
  worker: number;
  fileId: number;
  cutBytes: number;
  busy: boolean;
  firstSeen: boolean;
}
type Rec = FileRec | { kind: 'line'; text: string } | { kind: 'none' };

interface SlotUse {
  compressLeft: number;
  /** The new chunks: their row in the slot's tables. */
  chunks: Array<{ row: number; ref: Ref }>;
}

/** size:mtimeMs:ctimeMs:inode, of what a worker read. */
function recSignature(r: FileRec): string {
  return `${r.size}:${r.mtimeMs}:${r.ctimeMs}:${r.ino}`;
}

/** Takes a worker's fstat numbers (`statWidth` of them at `at`). */
function setStat(r: FileRec, st: Float64Array, at: number): void {
  r.size = st[at]!;
  r.mode = st[at + 1]! & 0o7777;
  r.mtimeMs = st[at + 2]!;
  r.ctimeMs = st[at + 3]!;
  r.ino = st[at + 4]!;
  r.blocks = st[at + 5]!;
}


/** The same, from an lstat. */
function lstatSignature(st: Stats): string {
  return `${st.size}:${st.mtimeMs}:${st.ctimeMs}:${st.ino}`;
}

/** Creates the work folders and drops what a killed run left unfinished (never shipped, only clutter). */
async function prepareFolders(stagingDir: string): Promise<void> {
  const workDir = path.join(stagingDir, stagingLayout.workDir);
  const indexDir = path.join(stagingDir, stagingLayout.indexDir);
  for (const d of [workDir, path.join(stagingDir, stagingLayout.packsDir), indexDir]) await fs.mkdir(d, { recursive: true });
  for (const n of await fs.readdir(workDir)) {
    if (n.endsWith('.partial') && n !== partialIndexName) await fs.rm(path.join(workDir, n), { force: true });
    if (n.endsWith('.tmp') || n.endsWith('.run')) await fs.rm(path.join(workDir, n), { force: true });
  }
  for (const n of await fs.readdir(indexDir)) if (n.endsWith('.tmp')) await fs.rm(path.join(indexDir, n), { force: true });
}

/** Walks the sources once for the totals that progress shows. */
export async function countSources(sources: StageSource[], job: JobContext): Promise<{ bytes: number; files: number }> {
  const totals = { bytes: 0, files: 0 };
  for (const src of sources) {
    const w = new Walker(src.path);
    let n = 0;
    for (let item = w.next(); item; item = w.next()) {
      if (item.kind === 'file') {
        totals.bytes += item.stat.size;
        totals.files++;
      }
      if (++n % 4096 === 0) {
        job.throwIfCancelled();
        job.report({ phase: 'scanning', bytesDone: 0, bytesTotal: totals.bytes, itemsDone: 0, itemsTotal: totals.files, current: item.rel });
        await new Promise((r) => setImmediate(r));
      }
    }
  }
  return totals;
}

/** Stages `sources` into `stagingDir` (which must exist and have passed validation). */
export async function writeStaging(opts: WriterOptions, job: JobContext): Promise<{ stats: StagingStats; indexFile: string }> {
  boundHeapGrowth();
  const { stagingDir } = opts;
  const workDir = path.join(stagingDir, stagingLayout.workDir);
  const chunkParams = chunkParamsFor(opts.packSize);
  job.report({ phase: 'scanning', bytesDone: 0, bytesTotal: opts.totals?.bytes ?? 0 }, true);
  try {
    await prepareFolders(stagingDir);
  } catch (e) {
    throw writeError(e, stagingDir);
  }
  const stats: StagingStats = { files: 0, folders: 0, links: 0, skipped: 0, sourceBytes: 0, uniqueBytes: 0, storedBytes: 0, chunks: 0, packs: 0, resumedFiles: 0 };
  const chunkIndex = new ChunkIndex({
    dir: workDir,
    ...(opts.limits?.chunkIndexEntries ? { memEntries: opts.limits.chunkIndexEntries } : {}),
    ...(opts.limits?.bloomBytes ? { bloomBytes: opts.limits.bloomBytes } : {}),
  });
  let journal: ResumeJournal | null = null;
  let index: IndexWriter | null = null;
  try {
    // What earlier runs finished: their packs (chunks → chunk index) and, in their partial index, the files.
    const finished = await listFinishedPacks(stagingDir);
    const sealed = new SealedSet();
    for (const name of finished) {
      const n = packNumber(name);
      sealed.add(n);
      for (const [id, loc] of await readPackTrailer(path.join(stagingDir, stagingLayout.packsDir, name))) {
        if (chunkIndex.get(id)) continue;
        chunkIndex.add(id, loc);
        stats.uniqueBytes += loc.size;
        stats.storedBytes += loc.stored;
        stats.chunks++;
      }
    }
    stats.packs = finished.length;
    journal = await ResumeJournal.open(workDir);
    const header: HeaderLine = {
      t: 'h',
      format: 'offline-seed-index',
      version: 2,
      createdAt: new Date().toISOString(),
      chunkParams,
      sources: opts.sources.map((s) => ({ name: s.name, path: s.path })),
    };
    index = await IndexWriter.create(path.join(workDir, partialIndexName)).catch((e: unknown) => {
      throw writeError(e, stagingDir);
    });
    index.line(header);
    // Every finished pack gets its record: copied from the earlier run's index, or hashed again if it was
    // sealed after that index was last written.
    const recorded = new SealedSet();
    for await (const p of journal.packs()) {
      if (!sealed.has(p.pack) || recorded.has(p.pack)) continue;
      const st = await fs.stat(path.join(stagingDir, stagingLayout.packsDir, packFileName(p.pack))).catch(() => null);
      if (st?.size !== p.bytes) continue;
      index.line(p);
      recorded.add(p.pack);
    }
    for (const name of finished) {
      const n = packNumber(name);
      if (recorded.has(n)) continue;
      const trailer = await readPackTrailer(path.join(stagingDir, stagingLayout.packsDir, name));
      const { bytes, sha256 } = await hashFile(path.join(stagingDir, stagingLayout.packsDir, name));
      index.line({ t: 'p', pack: n, bytes, sha256, chunks: trailer.length });
    }
    await journal.start(header);
    const totals = opts.totals ?? (await countSources(opts.sources, job));
    const firstPack = finished.length === 0 ? 1 : packNumber(finished[finished.length - 1]!) + 1;
    const run = new StagingRun(opts, job, chunkParams, chunkIndex, journal, index, sealed, stats, totals, firstPack);
    await run.run();
    job.report({ phase: 'writing', bytesDone: run.bytesDone, bytesTotal: totals.bytes, itemsDone: stats.files, itemsTotal: totals.files }, true);
    index.line({ t: 'e', entries: run.entries, packs: stats.packs });
    await index.finish().catch((e: unknown) => {
      throw writeError(e, stagingDir);
    });
    index = null;
    const indexDir = path.join(stagingDir, stagingLayout.indexDir);
    const finalIndex = path.join(indexDir, indexFileName);
    await fs.rename(path.join(workDir, partialIndexName), finalIndex);
    await syncDir(indexDir);
    await journal.close(true);
    journal = null;
    chunkIndex.close();
    await fs.rm(workDir, { recursive: true, force: true });
    job.report({ phase: 'done', bytesDone: run.bytesDone, bytesTotal: totals.bytes, itemsDone: stats.files, itemsTotal: totals.files }, true);
    return { stats, indexFile: finalIndex };
  } catch (e) {
    throw isOfflineSeedError(e) ? e : writeError(e, stagingDir);
  } finally {
    await index?.abandon();
    await journal?.close(false);
    chunkIndex.close();
  }
}

/** Pack numbers as a bit set (8 packs a byte), so even millions of small packs cost little. */
class SealedSet {
  private bits = new Uint8Array(64);
  add(n: number): void {
    if (n >> 3 >= this.bits.length) {
      const more = new Uint8Array(Math.max(this.bits.length * 2, (n >> 3) + 1));
      more.set(this.bits);
      this.bits = more;
    }
    this.bits[n >> 3]! |= 1 << (n & 7);
  }
  has(n: number): boolean {
    return n >> 3 < this.bits.length && (this.bits[n >> 3]! & (1 << (n & 7))) !== 0;
  }
}

/** One run of the pipeline. */
class StagingRun {
  bytesDone = 0;
  entries = 0;
  private readonly workers: StageWorkers;
  private readonly packs: PackStore;
  private readonly walkers: Walker[];
  private source = 0;
  private walkDone = false;
  /** Entries in walk order, from the oldest not yet in the index. */
  private readonly order: Rec[] = [];
  private head = 0;
  /** File bytes of the entries in `order`. */
  private bytesAhead = 0;
  private readonly pending = new Map<string, Ref>();
  private batch: FileRec[] = [];
  private batchBytes = 0;
  /** Batches formed and waiting for a slot. */
  private readonly ready: Array<{ files: FileRec[]; bytes: number }> = [];
  private backlogTimer: NodeJS.Timeout | null = null;
  private journalFill: Promise<void> | null = null;
  private lastReport = -Infinity;
  private readonly large: FileRec[] = [];
  private readonly retry: FileRec[] = [];
  private nextFileId = 1;
  private failure: unknown = null;
  private settle: (() => void) | null = null;
  private pumping = false;
  private pumpQueued = false;
  /** Hook calls under way (tests only): the run waits for them before it ends. */
  private hooksRunning = 0;
  /** Slots waiting for writes made straight from them. */
  private directWrites = 0;
  private readonly maxItemsAhead: number;
  private readonly maxBytesAhead: number;
  private readonly smallMax: number;

  constructor(
    private readonly opts: WriterOptions,
    private readonly job: JobContext,
    params: ChunkParams,
    private readonly chunkIndex: ChunkIndex,
    private readonly journal: ResumeJournal,
    private readonly index: IndexWriter,
    private readonly sealed: SealedSet,
    private readonly stats: StagingStats,
    private readonly totals: { bytes: number; files: number },
    firstPack: number,
  ) {
    const limits = opts.limits ?? {};
    this.workers = new StageWorkers({
      params,
      level: opts.level ?? defaultLevel,
      threads: limits.threads ?? workersFor(totals),
      ...(limits.slots ? { slots: limits.slots } : {}),
      ...(limits.slotSize ? { slotSize: limits.slotSize } : {}),
      ...(opts.startedThreads ? { started: opts.startedThreads } : {}),
    });
    this.workers.onFailure = (e) => this.fail(e);
    this.smallMax = this.workers.slotSize;
    this.maxItemsAhead = limits.maxItemsAhead ?? 8 * 1024;
    this.maxBytesAhead = limits.maxBytesAhead ?? 512 * 1024 * 1024;
    this.walkers = opts.sources.map((s) => new Walker(s.path, true));
    this.packs = new PackStore({
      stagingDir: opts.stagingDir,
      packSize: opts.packSize,
      firstNumber: firstPack,
      onSealed: (p) => this.onSealed(p),
      ...(opts.hooks?.packSealDelayMs ? { sealDelayMs: opts.hooks.packSealDelayMs } : {}),
    });
  }

  async run(): Promise<void> {
    const done = new Promise<void>((resolve) => (this.settle = resolve));
    this.progress(undefined, true);
    this.pump();
    await done;
    // Keep what is done: the open pack is sealed when it can be (not after a write error).
    if (this.failure === null) {
      try {
        await this.packs.finish();
      } catch (e) {
        this.failure = e;
      }
    } else await this.packs.abandon();
    if (this.packs.failure && this.failure === null) this.failure = this.packs.failure;
    this.emit();
    await this.workers.close();
    if (this.failure !== null) {
      await this.index.abandon();
      const f = this.failure;
      throw isOfflineSeedError(f) ? f : writeError(f, this.opts.stagingDir);
    }
  }

  private onSealed(p: PackLine): void {
    this.sealed.add(p.pack);
    this.stats.packs++;
    // Entries that point into this pack are now worth keeping: push the block out (and walk on, as in pump).
    if (this.emit() && !this.walkDone) this.schedule();
    this.index.line(p);
    this.index.cut();
  }

  private fail(e: unknown): void {
    this.failure ??= e;
    this.schedule();
  }

  private progress(current: string | undefined, force = false) {
    // Reports are shown ~10 times a second at most: no need to build more of them.
    const now = performance.now();
    if (!force && now - this.lastReport < 100) return;
    this.lastReport = now;
    const s = this.stats;
    const extra: Record<string, number> = {
      compressionRatio: s.storedBytes > 0 ? s.uniqueBytes / s.storedBytes : 1,
      dedupRatio: s.uniqueBytes > 0 ? Math.max(1, this.bytesDone / s.uniqueBytes) : 1,
      storedBytes: s.storedBytes,
      packs: s.packs,
    };
    this.job.report({ phase: 'compressing', bytesDone: this.bytesDone, bytesTotal: this.totals.bytes, itemsDone: s.files, itemsTotal: this.totals.files, extra, ...(current ? { current } : {}) }, force);
  }

  /** Runs `pump` soon (never re-entrant). */
  private schedule(): void {
    if (this.pumpQueued) return;
    this.pumpQueued = true;
    setImmediate(() => {
      this.pumpQueued = false;
      this.pump();
    });
  }

  private skipOrFail(s: number, rel: string, abs: string, code: string): boolean {
    if (!this.opts.skipUnreadable) {
      this.fail(stagingError('unreadableFile', { file: abs, reason: code }));
      return false;
    }
    this.stats.skipped++;
    this.opts.onSkipped?.({ source: this.opts.sources[s]!.name, path: rel, reason: code });
    return true;
  }

  /** Takes walk items, forms tasks and hands them to the workers as far as slots and bounds allow. */
  private pump(): void {
    if (this.pumping) return;
    this.pumping = true;
    try {
      if (this.failure === null && this.job.signal.aborted) {
        try {
          this.job.throwIfCancelled();
        } catch (e) {
          this.failure = e;
        }
      }
      if (this.failure === null) {
        this.admit();
        this.dispatch();
      }
      // Writing entries out makes room in the read-ahead window that admit() may just have found full: walk on
      // (nothing else would wake the walk if no work is in flight).
      if (this.emit() && !this.walkDone) this.schedule();
      this.maybeFinish();
    } catch (e) {
      this.failure ??= e;
      this.maybeFinish();
    } finally {
      this.pumping = false;
    }
  }

  private get queued(): number {
    return this.order.length - this.head;
  }

  private admit(): void {
    let taken = 0;
    while (!this.walkDone && taken < walkBurst) {
      if (this.journal.wantsMore) {
        this.journalFill ??= this.journal.fill().then(
          () => {
            this.journalFill = null;
            this.schedule();
          },
          (e: unknown) => this.fail(e),
        );
        return;
      }
      // Bounds: entries not yet in the index, bytes read ahead of the oldest, batches waiting for a slot.
      if (this.queued >= this.maxItemsAhead || this.ready.length > this.workers.threads) return;
      const headSize = this.headFile()?.size ?? 0;
      if (this.queued > 0 && this.bytesAhead - headSize > this.maxBytesAhead) return;
      const item = this.walkers[this.source]!.next();
      taken++;
      if (!item) {
        if (++this.source >= this.walkers.length) this.walkDone = true;
        continue;
      }
      this.take(this.source, item);
    }
    if (taken >= walkBurst) this.schedule();
  }

  private headFile(): FileRec | undefined {
    const r = this.order[this.head];
    return r?.kind === 'file' ? r : undefined;
  }

  private push(r: Rec): void {
    this.order.push(r);
  }

  private take(s: number, item: WalkItem | LazyFile): void {
    if (item.kind === 'unreadable') {
      const code = String(item.error.code ?? item.error.message);
      if (this.skipOrFail(s, item.rel, item.abs, code)) this.journal.take(s, item.rel, null, () => false);
      return;
    }
    if (item.kind === 'special') {
      this.stats.skipped++;
      this.opts.onSkipped?.({ source: this.opts.sources[s]!.name, path: item.rel, reason: 'special' });
      return;
    }
    if (item.kind === 'dir') {
      this.journal.take(s, item.rel, null, () => false);
      this.stats.folders++;
      this.push({ kind: 'line', text: JSON.stringify({ t: 'd', s, p: item.rel, mode: item.stat.mode & 0o7777, mtimeMs: item.stat.mtimeMs }) });
      return;
    }
    if (item.kind === 'link') {
      const mode = item.stat.mode & 0o7777;
      const mtimeMs = item.stat.mtimeMs;
      this.journal.take(s, item.rel, null, () => false);
      let target: string;
      try {
        target = readlinkSync(item.abs);
      } catch (e) {
        const err = e as NodeJS.ErrnoException;
        if (err.code !== 'ENOENT') this.skipOrFail(s, item.rel, item.abs, String(err.code ?? err.message));
        return;
      }
      this.stats.links++;
      this.push({ kind: 'line', text: JSON.stringify({ t: 'l', s, p: item.rel, mode, mtimeMs, target }) });
      return;
    }
    if (item.kind === 'file' || this.journal.has(s, item.rel)) {
      // Resuming: an unchanged file is taken over from the earlier run without reading it.
      const st = item.kind === 'file' ? item.stat : lstatSync(item.abs, { throwIfNoEntry: false });
      const prior = st?.isFile() ? this.journal.take(s, item.rel, lstatSignature(st), (p) => this.sealed.has(p)) : undefined;
      if (prior !== undefined && st) {
        this.stats.files++;
        this.stats.resumedFiles++;
        this.stats.sourceBytes += st.size;
        this.bytesDone += st.size;
        this.push({ kind: 'line', text: prior });
        return;
      }
    }
    const rec: FileRec = {
      kind: 'file',
      s,
      rel: item.rel,
      abs: item.abs,
      size: -1,
      attempt: 0,
      refs: [],
      unresolved: 0,
      mode: 0,
      mtimeMs: 0,
      ctimeMs: 0,
      ino: 0,
      blocks: 0,
      done: false,
      gone: false,
      worker: -1,
      fileId: 0,
      cutBytes: 0,
      busy: false,
      firstSeen: false,
    };
    this.push(rec);
    this.queue(rec);
  }

  /** Puts a file into the current batch, or the large-file list once it is known to be large. */
  private queue(rec: FileRec): void {
    if (rec.size >= this.smallMax) {
      this.large.push(rec);
      return;
    }
    const size = Math.max(rec.size, 0);
    if (this.batchBytes + size > this.workers.slotSize || this.batch.length >= maxBatchFiles) this.closeBatch();
    this.batch.push(rec);
    this.batchBytes += size;
  }

  private closeBatch(): void {
    if (this.batch.length === 0) return;
    this.ready.push({ files: this.batch, bytes: this.batchBytes });
    this.batch = [];
    this.batchBytes = 0;
  }

  private dispatch(): void {
    for (const r of this.retry.splice(0)) this.queue(r);
    if (this.packs.backlog + this.index.backlog > writeBacklogLimit) {
      // The disk is behind: wait for the writes before reading more.
      if (!this.backlogTimer) {
        this.backlogTimer = setTimeout(() => {
          this.backlogTimer = null;
          this.schedule();
        }, 2);
      }
      return;
    }
    // Large files: one segment at a time each, sticky to one worker; files behind the head only within the window.
    for (const rec of this.large) {
      if (rec.busy || rec.done || rec.gone || this.workers.freeSlots === 0) continue;
      if (rec !== this.headFile() && rec.cutBytes >= this.maxBytesAhead) continue;
      this.sendSegment(rec);
    }
    // A part-filled batch goes too when a worker would otherwise wait, or nothing more will come.
    if (this.batch.length > 0 && this.ready.length === 0 && (this.walkDone || this.workers.pending < this.workers.threads || this.queued >= this.maxItemsAhead)) this.closeBatch();
    while (this.ready.length > 0 && this.workers.freeSlots > 0) this.sendBatch(this.ready.shift()!);
  }

  private sendBatch(b: { files: FileRec[]; bytes: number }): void {
    const slot = this.workers.takeSlot()!;
    const { files, bytes } = b;
    const worker = this.workers.leastBusy();
    this.workers.send(worker, { op: 'batch', slot, paths: files.map((f) => f.abs).join('\0'), count: files.length }, bytes + files.length * 4096, (m) => this.onBatch(files, slot, m));
  }

  private sendSegment(rec: FileRec): void {
    const slot = this.workers.takeSlot()!;
    rec.busy = true;
    const first = rec.worker < 0;
    if (first) {
      rec.worker = this.workers.leastBusy();
      rec.fileId = this.nextFileId++;
    }
    const msg = first ? { op: 'segment' as const, slot, file: rec.fileId, path: rec.abs } : { op: 'segment' as const, slot, file: rec.fileId };
    this.workers.send(rec.worker, msg, this.workers.slotSize, (m) => this.onSegment(rec, slot, m));
  }

  /** A chunk found in a file: already stored, on its way, or new (then it joins the slot's compression list). */
  private resolve(rec: FileRec, id: string, row: number, len: number, fresh: SlotUse): void {
    let ref = this.pending.get(id);
    if (!ref) {
      ref = { id, pack: 0, offset: 0, stored: 0, size: 0, zstd: false, waiter: null, more: null };
      if (!this.chunkIndex.find(id, ref)) {
        this.pending.set(id, ref);
        fresh.chunks.push({ row, ref });
        this.stats.uniqueBytes += len;
        this.stats.chunks++;
      }
    }
    if (ref.pack === 0) {
      if (ref.waiter === null) ref.waiter = rec;
      else (ref.more ??= []).push(rec);
      rec.unresolved++;
    }
    rec.refs.push(ref);
  }

  private onBatch(files: FileRec[], slot: number, m: FromWorker): void {
    if (m.op !== 'batch') return;
    const t = this.workers.tables(slot);
    const use: SlotUse = { compressLeft: 0, chunks: [] };
    let row = 0;
    const hooked: FileRec[] = [];
    for (let i = 0; i < files.length; i++) {
      const rec = files[i]!;
      const status = t.status[i]!;
      const n = t.counts[i]!;
      if (status === fileStatus.ok && this.failure === null) {
        for (let k = 0; k < n; k++, row++) this.resolve(rec, t.digests.toString('hex', row * 32, row * 32 + 32), row, t.lens[row]!, use);
        setStat(rec, t.stats, i * statWidth);
        this.bytesAhead += rec.size;
        if (this.opts.hooks?.afterFirstBlock) hooked.push(rec);
        else this.finishFile(rec);
      } else {
        row += n;
        if (status === fileStatus.changed) this.reread(rec);
        else if (status === fileStatus.deferred) {
          // Too large for the room left in this slot: into another batch, or read piece by piece.
          rec.size = t.stats[i * statWidth]!;
          this.bytesAhead += rec.size;
          this.retry.push(rec);
        } else if (status === fileStatus.unopened) this.retry.push(rec);
      }
    }
    for (const [i, code] of m.errors) this.unreadable(files[i]!, code);
    this.compressSlot(slot, use);
    for (const rec of hooked) this.runHook(rec, () => this.checkAfterHook(rec));
    this.schedule();
  }

  private onSegment(rec: FileRec, slot: number, m: FromWorker): void {
    if (m.op !== 'segment') return;
    rec.busy = false;
    const use: SlotUse = { compressLeft: 0, chunks: [] };
    if (m.status === fileStatus.error) {
      this.large.splice(this.large.indexOf(rec), 1);
      this.unreadable(rec, m.error![0]);
    } else if (this.failure === null) {
      const t = this.workers.tables(slot);
      for (let k = 0; k < m.chunks; k++) this.resolve(rec, t.digests.toString('hex', k * 32, k * 32 + 32), k, t.lens[k]!, use);
      rec.cutBytes += m.consumed;
      this.bytesDone += m.consumed;
      this.progress(rec.rel);
      if (m.eof) {
        this.large.splice(this.large.indexOf(rec), 1);
        if (m.status === fileStatus.changed) {
          this.bytesDone -= rec.cutBytes;
          this.reread(rec);
        } else {
          const size = rec.size;
          setStat(rec, this.workers.tables(slot).stats, 0);
          this.bytesAhead += rec.size - Math.max(size, 0);
          rec.done = true;
          this.stats.files++;
          this.stats.sourceBytes += rec.cutBytes;
        }
      } else if (!rec.firstSeen && this.opts.hooks?.afterFirstBlock) {
        rec.firstSeen = true;
        rec.busy = true;
        this.runHook(rec, () => (rec.busy = false));
      }
    }
    this.compressSlot(slot, use);
    this.schedule();
  }

  private runHook(rec: FileRec, then: () => void): void {
    this.hooksRunning++;
    this.opts.hooks!.afterFirstBlock!(rec.abs).then(
      () => {
        this.hooksRunning--;
        then();
        this.schedule();
      },
      (e: unknown) => {
        this.hooksRunning--;
        this.fail(e);
      },
    );
  }

  /** Tests only: the hook may have changed the file after it was read. */
  private checkAfterHook(rec: FileRec): void {
    const now = lstatSync(rec.abs, { throwIfNoEntry: false });
    if (now && lstatSignature(now) === recSignature(rec)) this.finishFile(rec);
    else this.reread(rec);
  }

  private finishFile(rec: FileRec): void {
    rec.done = true;
    this.stats.files++;
    this.stats.sourceBytes += rec.size;
    this.bytesDone += rec.size;
    this.progress(rec.rel);
  }

  /** The file changed while it was read: read it again, a few times at most. */
  private reread(rec: FileRec): void {
    rec.refs = [];
    rec.unresolved = 0;
    rec.cutBytes = 0;
    rec.worker = -1;
    rec.firstSeen = false;
    if (++rec.attempt >= maxRereads) {
      this.fail(stagingError('fileChanging', { file: rec.abs }));
      return;
    }
    this.bytesAhead -= Math.max(rec.size, 0);
    rec.size = -1;
    this.retry.push(rec);
  }

  private unreadable(rec: FileRec, code: string): void {
    rec.gone = true;
    // A file that vanished since the walk is simply not staged.
    if (code !== 'ENOENT') this.skipOrFail(rec.s, rec.rel, rec.abs, code);
  }

  /** Sends the slot's new chunks to the workers (split when both are free), or frees the slot at once. */
  private compressSlot(slot: number, use: SlotUse): void {
    if (use.chunks.length === 0) {
      this.workers.releaseSlot(slot);
      return;
    }
    const t = this.workers.tables(slot);
    let total = 0;
    use.chunks.forEach((c, k) => {
      t.todo[k] = c.row;
      total += t.lens[c.row]!;
    });
    // Split into about as many parts as workers when there is enough to share, so one slot never waits on one core.
    const parts = total >= 1024 * 1024 ? this.workers.threads : 1;
    const per = total / parts;
    let from = 0;
    while (from < use.chunks.length) {
      let bytes = 0;
      let to = from;
      while (to < use.chunks.length && (bytes < per || to === from)) bytes += t.lens[use.chunks[to++]!.row]!;
      use.compressLeft++;
      const first = from;
      this.workers.send(this.workers.leastBusy(), { op: 'compress', slot, from, count: to - from }, bytes, () => this.onCompressed(slot, use, first, to));
      from = to;
    }
  }

  private onCompressed(slot: number, use: SlotUse, from: number, to: number): void {
    const t = this.workers.tables(slot);
    const writes: Array<Promise<void>> = [];
    for (let k = from; k < to; k++) {
      const { row, ref } = use.chunks[k]!;
      if (this.packs.failure) {
        this.failure ??= this.packs.failure;
        break;
      }
      const off = t.offs[row]!;
      const len = t.lens[row]!;
      const n = t.sizes[row]!;
      const data = n > 0 ? t.output.subarray(off, off + n) : t.input.subarray(off, off + len);
      try {
        ref.offset = this.packs.append(ref.id, data, len, n > 0);
      } catch (e) {
        this.fail(e);
        break;
      }
      ref.pack = this.packs.current;
      const direct = this.packs.lastDirect;
      if (direct) writes.push(direct);
      ref.stored = data.length;
      ref.size = len;
      ref.zstd = n > 0;
      this.stats.storedBytes += data.length;
      this.pending.delete(ref.id);
      this.chunkIndex.add(ref.id, ref);
      if (ref.waiter) ref.waiter.unresolved--;
      if (ref.more) for (const w of ref.more) w.unresolved--;
      ref.waiter = null;
      ref.more = null;
    }
    // Large chunks are written straight from the slot: it is free once those writes are done.
    const done = () => {
      if (--use.compressLeft === 0) this.workers.releaseSlot(slot);
      this.schedule();
    };
    if (writes.length === 0) done();
    else {
      this.directWrites++;
      void Promise.all(writes).then(() => {
        this.directWrites--;
        done();
      });
    }
  }

  /** Writes the entries at the front of the walk order that are complete; true if it wrote any. */
  private emit(): boolean {
    const from = this.head;
    while (this.head < this.order.length) {
      const r = this.order[this.head]!;
      if (r.kind === 'file') {
        if (!r.gone && (!r.done || r.unresolved > 0)) break;
        this.bytesAhead -= Math.max(r.size, 0);
        if (!r.gone) this.writeFile(r);
      } else if (r.kind === 'line') {
        this.index.line(r.text);
        this.entries++;
      }
      this.order[this.head++] = { kind: 'none' };
    }
    const wrote = this.head > from;
    if (this.head > 4096 && this.head * 2 > this.order.length) {
      this.order.splice(0, this.head);
      this.head = 0;
    }
    return wrote;
  }

  /** The file's index line(s), written as text directly (millions of files: no object per line to stringify). */
  private writeFile(r: FileRec): void {
    const perLine = this.opts.limits?.refsPerLine ?? refsPerLine;
    const refs = r.refs;
    const ref = (x: Ref) => `["${x.id}",${x.pack},${x.offset},${x.stored},${x.size},${x.zstd ? 1 : 0}]`;
    const list = (from: number, to: number) => (from === 0 && to === refs.length ? refs : refs.slice(from, to)).map(ref).join(',');
    const sparse = r.blocks * 512 < r.size ? ',"sparse":true' : '';
    const many = refs.length > perLine ? `,"n":${refs.length}` : '';
    const first = Math.min(refs.length, perLine);
    this.index.line(
      `{"t":"f","s":${r.s},"p":${JSON.stringify(r.rel)},"mode":${r.mode},"mtimeMs":${r.mtimeMs},"size":${r.size},"sig":"${recSignature(r)}"${sparse}${many},"c":[${list(0, first)}]}`,
    );
    for (let i = perLine; i < refs.length; i += perLine) this.index.line(`{"t":"c","c":[${list(i, Math.min(refs.length, i + perLine))}]}`);
    this.entries++;
  }

  private maybeFinish(): void {
    if (!this.settle) return;
    const idle = this.workers.pending === 0 && this.hooksRunning === 0 && this.directWrites === 0;
    if (this.failure !== null) {
      // Stop taking work; let what is under way come back (its chunks are still stored), then end.
      if (idle) this.end();
      return;
    }
    if (this.job.signal.aborted) return;
    const allDone = this.walkDone && this.batch.length === 0 && this.ready.length === 0 && this.retry.length === 0 && this.large.length === 0 && this.queued === 0 && this.pending.size === 0;
    if (allDone && idle) this.end();
  }

  private end(): void {
    const s = this.settle!;
    this.settle = null;
    if (this.index.error && this.failure === null) this.failure = this.index.error;
    s();
  }
}

