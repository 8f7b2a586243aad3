/**
 * The writer: walks the sources (plan), cuts each file into content-defined chunks (file chunker), keeps each
 * distinct chunk once in bounded packs (pack store) and writes the index. Resumable after a kill at any point:
 * finished packs describe themselves, and the resume journal remembers finished files.
 */

import { promises as fs } from 'node:fs';
import path from 'node:path';
import { isOfflineSeedError } from '../../shared/errors';
import { stagingLayout } from '../../shared/stagingLayout';
import type { JobContext } from '../jobs';
import { chunkParamsFor, type ChunkParams } from './chunker';
import { stagingError, writeError } from './errors';
import { FileChunker, type ChunkedFile } from './fileChunker';
import { chunkTuple, writeIndex, type IndexEntry, type StagingIndex } from './indexFile';
import { ResumeJournal } from './journal';
import { PackStore } from './packStore';
import { planSources, signature, type PlannedItem, type StageSource } from './plan';
import type { StagingStats } from '../../shared/model/staging';

export type { StageSource } from './plan';

/** Hooks for tests that need to act at precise points; never set in normal use. */
export interface WriterHooks {
  /** Runs after a file's first block was read. */
  afterFirstBlock?: (absPath: string) => Promise<void>;
  /** Milliseconds to wait before and after sealing each pack (tests kill the process around it). */
  packSealDelayMs?: number;
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
  hooks?: WriterHooks;
}

export type { StagingStats };

export const defaultLevel = 2;
const maxRereads = 3;
/** Files staged at once, so that waiting for one file's reads overlaps cutting and hashing another's. */
const lanesCount = 3;

/** Creates the work folders and drops what a killed run left unfinished (never shipped, only clutter). */
async function prepareFolders(stagingDir: string): Promise<void> {
  const workDir = path.join(stagingDir, stagingLayout.workDir);
  const indexDir = path.join(stagingDir, stagingLayout.indexDir);
  try {
    for (const d of [workDir, path.join(stagingDir, stagingLayout.packsDir), indexDir]) await fs.mkdir(d, { recursive: true });
    for (const n of await fs.readdir(workDir)) if (n.endsWith('.partial') || n.endsWith('.tmp')) await fs.rm(path.join(workDir, n), { force: true });
    for (const n of await fs.readdir(indexDir)) if (n.endsWith('.tmp')) await fs.rm(path.join(indexDir, n), { force: true });
  } catch (e) {
    throw writeError(e, stagingDir);
  }
}

/** Stages `sources` into `stagingDir` (which must exist and have passed validation). */
export async function writeStaging(opts: WriterOptions, job: JobContext): Promise<{ index: StagingIndex; stats: StagingStats }> {
  const { stagingDir } = opts;
  const workDir = path.join(stagingDir, stagingLayout.workDir);
  const chunkParams = chunkParamsFor(opts.packSize);
  await prepareFolders(stagingDir);
  const store = await PackStore.open({
    stagingDir,
    packSize: opts.packSize,
    maxChunk: chunkParams.max,
    level: opts.level ?? defaultLevel,
    ...(opts.threads ? { threads: opts.threads } : {}),
    ...(opts.hooks?.packSealDelayMs ? { sealDelayMs: opts.hooks.packSealDelayMs } : {}),
  });
  let journal: ResumeJournal | null = null;
  try {
    journal = await ResumeJournal.open(path.join(workDir, 'journal.jsonl'), (id) => store.has(id)).catch((e: unknown) => {
      throw writeError(e, stagingDir);
    });
    const plan = await planSources(opts.sources, job);
    const run = new StagingRun(opts, job, store, journal, plan.totalBytes, plan.totalFiles);
    const entries = await run.stageAll(plan.items, chunkParams);
    await store.finish();
    const stats = run.finalStats();
    job.report({ phase: 'writing', bytesDone: run.bytesDone, bytesTotal: plan.totalBytes, itemsDone: stats.files, itemsTotal: plan.totalFiles }, true);
    const used = new Set(entries.flatMap((e) => e.chunks ?? []));
    const index: StagingIndex = {
      format: 'offline-seed-index',
      version: 1,
      createdAt: new Date().toISOString(),
      chunkParams,
      sources: opts.sources.map((s) => ({ name: s.name, path: s.path })),
      entries,
      chunks: Object.fromEntries([...used].map((id) => [id, chunkTuple(store.location(id)!)])),
    };
    await writeIndex(stagingDir, index).catch((e: unknown) => {
      throw writeError(e, stagingDir);
    });
    await journal.close();
    journal = null;
    await fs.rm(workDir, { recursive: true, force: true });
    stats.chunks = used.size;
    job.report({ phase: 'done', bytesDone: run.bytesDone, bytesTotal: plan.totalBytes, itemsDone: stats.files, itemsTotal: plan.totalFiles }, true);
    return { index, stats };
  } catch (e) {
    // Keep what is done: wait for the chunks under way, then close the pack if it can be closed cleanly.
    await store.abandon();
    await journal?.close();
    journal = null;
    throw store.failure && !isOfflineSeedError(e) ? store.failure : e;
  } finally {
    await journal?.close();
    await store.close();
  }
}

/** One staging run over a plan: turns every planned item into an index entry. */
class StagingRun {
  bytesDone = 0;
  private readonly stats: StagingStats = { files: 0, folders: 0, links: 0, skipped: 0, sourceBytes: 0, uniqueBytes: 0, storedBytes: 0, chunks: 0, packs: 0, resumedFiles: 0 };

  constructor(
    private readonly opts: WriterOptions,
    private readonly job: JobContext,
    private readonly store: PackStore,
    private readonly journal: ResumeJournal,
    private readonly totalBytes: number,
    private readonly totalFiles: number,
  ) {}

  finalStats(): StagingStats {
    const { uniqueBytes, storedBytes, chunks, packs } = this.store.stats;
    return { ...this.stats, uniqueBytes, storedBytes, chunks, packs };
  }

  private progress(current: string | undefined, force = false) {
    const s = this.store.stats;
    const extra: Record<string, number> = {
      compressionRatio: s.storedBytes > 0 ? s.uniqueBytes / s.storedBytes : 1,
      dedupRatio: s.uniqueBytes > 0 ? Math.max(1, this.bytesDone / s.uniqueBytes) : 1,
      storedBytes: s.storedBytes,
      packs: s.packs,
    };
    this.job.report({ phase: 'compressing', bytesDone: this.bytesDone, bytesTotal: this.totalBytes, itemsDone: this.stats.files, itemsTotal: this.totalFiles, extra, ...(current ? { current } : {}) }, force);
  }

  private skipOrFail(src: StageSource, rel: string, abs: string, err: NodeJS.ErrnoException): void {
    if (!this.opts.skipUnreadable) {
      throw stagingError('unreadableFile', { file: abs, reason: err.code ?? err.message });
    }
    this.stats.skipped++;
    this.opts.onSkipped?.({ source: src.name, path: rel, reason: err.code ?? err.message });
  }

  /** Stages every item, a few files at once; returns the entries in plan order. */
  async stageAll(items: Array<{ s: number; item: PlannedItem }>, chunkParams: ChunkParams): Promise<IndexEntry[]> {
    this.progress(undefined, true);
    const results: Array<IndexEntry | undefined> = new Array(items.length);
    let next = 0;
    let stop: unknown = null;
    const lanes = Array.from({ length: lanesCount }, async () => {
      const chunker = new FileChunker(chunkParams, this.store, this.job, (n) => this.onBytes(n), this.opts.hooks?.afterFirstBlock);
      while (stop === null && this.store.failure === null) {
        const i = next++;
        if (i >= items.length) return;
        try {
          this.job.throwIfCancelled();
          results[i] = await this.stageItem(items[i]!.s, items[i]!.item, chunker);
        } catch (e) {
          stop ??= e;
        }
      }
    });
    await Promise.all(lanes);
    await this.journal.flush();
    if (stop !== null) throw stop;
    if (this.store.failure) throw this.store.failure;
    if (this.journal.error) throw writeError(this.journal.error, this.opts.stagingDir);
    return results.filter((e): e is IndexEntry => e !== undefined);
  }

  private onBytes(n: number) {
    this.bytesDone += n;
    if (n > 0) this.progress(undefined);
  }

  private async stageItem(s: number, item: PlannedItem, chunker: FileChunker): Promise<IndexEntry | undefined> {
    const src = this.opts.sources[s]!;
    if (item.kind === 'unreadable') {
      this.skipOrFail(src, item.rel, item.abs, item.error);
      return undefined;
    }
    if (item.kind === 'special') {
      this.stats.skipped++;
      this.opts.onSkipped?.({ source: src.name, path: item.rel, reason: 'special' });
      return undefined;
    }
    const base = { s, p: item.rel, mode: item.stat.mode & 0o7777, mtimeMs: item.stat.mtimeMs };
    if (item.kind === 'dir') {
      this.stats.folders++;
      return { ...base, t: 'd' };
    }
    if (item.kind === 'link') {
      try {
        const entry: IndexEntry = { ...base, t: 'l', target: await fs.readlink(item.abs) };
        this.stats.links++;
        return entry;
      } catch (e) {
        this.skipOrFail(src, item.rel, item.abs, e as NodeJS.ErrnoException);
        return undefined;
      }
    }
    const sparse = item.stat.blocks * 512 < item.stat.size;
    const prior = this.journal.take(s, item.rel, signature(item.stat));
    if (prior) {
      this.stats.files++;
      this.stats.resumedFiles++;
      this.stats.sourceBytes += prior.size ?? 0;
      this.bytesDone += prior.size ?? 0;
      this.progress(item.rel);
      return prior;
    }
    this.progress(item.rel);
    let result: ChunkedFile | null = null;
    for (let attempt = 0; attempt < maxRereads; attempt++) {
      try {
        result = await chunker.read(item.abs, item.stat.size, attempt === 0);
      } catch (e) {
        const err = e as NodeJS.ErrnoException;
        // Only a file-system error of the source (EACCES, EIO…) is "unreadable"; anything else is a real failure.
        if (isOfflineSeedError(e) || this.store.failure || typeof err.code !== 'string' || typeof err.syscall !== 'string') throw this.store.failure ?? e;
        if (err.code !== 'ENOENT') this.skipOrFail(src, item.rel, item.abs, err);
        return undefined;
      }
      if (!('changed' in result)) break;
    }
    if (result === null) return undefined;
    if ('changed' in result) {
      throw stagingError('fileChanging', { file: item.abs });
    }
    const entry: IndexEntry = { ...base, mode: result.stat.mode & 0o7777, mtimeMs: result.stat.mtimeMs, t: 'f', size: result.size, chunks: result.chunks, ...(sparse ? { sparse: true } : {}) };
    this.stats.files++;
    this.stats.sourceBytes += result.size;
    this.journal.record(entry, result.sig);
    return entry;
  }
}
