/**
 * Restore: recreates each source as `<to>/<source folder name>` from the index and packs, byte for byte
 * (contents, folders, links, modes, mtimes; sparse files stay sparse), checking every chunk's SHA-256.
 *
 * It streams: the index is read twice as a stream (first to check it whole before anything is written, then
 * to restore), chunks travel through a few shared-memory slots to the workers that decompress, check and
 * write them, and folder attributes wait in a file until their contents are written. Each source is built
 * under a temporary name (`<to>/.offline-seed-restore-…`) and renamed to its final name only once all of it
 * is restored; a failed restore removes what it wrote. Chunks are read through a `PackSource`, so the same
 * code restores from a staging folder or from the cloud.
 */

import { randomBytes } from 'node:crypto';
import fsSync, { promises as fs } from 'node:fs';
import path from 'node:path';
import { stagingLayout } from '../../shared/stagingLayout';
import type { JobContext } from '../jobs';
import { stagingError } from './errors';
import { boundHeapGrowth } from './heap';
import { IndexFormatError, packFileName, parseLine, readIndexLines, type ChunkRefTuple, type FileLine, type HeaderLine } from './indexFile';
import { indexNamePattern } from './layout';
import { RestoreWorkers, type FromRestoreWorker, type RestoreFileTask } from './restoreWorkers';

/** Where restore reads staging files from. */
export interface PackSource {
  /** A name for messages: the staging folder or the container. */
  readonly where: string;
  /** Staging-relative path of the index and its size, or null when there is no finished index. */
  index(): Promise<{ relPath: string; size: number } | null>;
  /** `length` bytes at `offset` of a staging file (fewer only at its end). */
  read(relPath: string, offset: number, length: number): Promise<Uint8Array>;
  /** Reads straight into `into` (optional; saves a copy). Returns the bytes read. */
  readInto?(relPath: string, offset: number, length: number, into: Uint8Array): Promise<number>;
  close?(): Promise<void>;
}

/** A staging folder on disk as a PackSource (keeps a few packs open). */
export function folderPackSource(stagingDir: string): PackSource {
  const handles = new Map<string, Promise<fs.FileHandle>>();
  const handle = (rel: string) => {
    let h = handles.get(rel);
    if (!h) {
      if (handles.size >= 16) {
        const [oldest, p] = handles.entries().next().value as [string, Promise<fs.FileHandle>];
        handles.delete(oldest);
        void p.then((x) => x.close()).catch(() => undefined);
      }
      h = fs.open(path.join(stagingDir, ...rel.split('/')), 'r');
      h.catch(() => handles.delete(rel));
      handles.set(rel, h);
    }
    return h;
  };
  const readInto = async (rel: string, offset: number, length: number, into: Uint8Array) => {
    const h = await handle(rel);
    let done = 0;
    while (done < length) {
      const { bytesRead } = await h.read(into, done, length - done, offset + done);
      if (bytesRead === 0) break;
      done += bytesRead;
    }
    return done;
  };
  return {
    where: stagingDir,
    async index() {
      const names = await fs.readdir(path.join(stagingDir, stagingLayout.indexDir)).catch(() => [] as string[]);
      const name = names.filter((n) => indexNamePattern.test(n)).sort()[0];
      if (!name) return null;
      const relPath = `${stagingLayout.indexDir}/${name}`;
      return { relPath, size: (await fs.stat(path.join(stagingDir, stagingLayout.indexDir, name))).size };
    },
    async read(rel, offset, length) {
      const buf = Buffer.allocUnsafe(length);
      return buf.subarray(0, await readInto(rel, offset, length, buf));
    },
    readInto,
    async close() {
      for (const h of handles.values()) await h.then((x) => x.close()).catch(() => undefined);
      handles.clear();
    },
  };
}

/**
 * Any store of staging-relative files (`index/…`, `packs/…`) as a PackSource — e.g. the workflow's cloud
 * staging source (`files()`, `read(relPath, offset, length)`, and `size(relPath)` when it knows sizes).
 */
export function filesPackSource(where: string, store: { files(): string[]; size?(relPath: string): number; read(relPath: string, offset?: number, length?: number): Promise<Uint8Array> }): PackSource {
  const prefix = `${stagingLayout.indexDir}/`;
  return {
    where,
    async index() {
      const relPath = store
        .files()
        .filter((f) => f.startsWith(prefix) && indexNamePattern.test(f.slice(prefix.length)))
        .sort()[0];
      if (!relPath) return null;
      return { relPath, size: store.size ? store.size(relPath) : (await store.read(relPath)).length };
    },
    read: (rel, offset, length) => store.read(rel, offset, length),
  };
}

export interface RestoreStats {
  files: number;
  folders: number;
  links: number;
  bytes: number;
  chunks: number;
}

export interface RestoreLimits {
  threads?: number;
  slots?: number;
  /** Bytes per slot (at least the largest chunk). */
  slotSize?: number;
}

const tempPrefix = '.offline-seed-restore-';

function indexDamaged(source: PackSource, idx: { relPath: string }, cause?: unknown) {
  const file = `${source.where}/${idx.relPath}`;
  return stagingError('indexDamaged', { file }, 1, cause);
}

/** The index's lines as parsed objects, every block checked; a damaged index becomes one sentence. */
async function* indexLines(source: PackSource, idx: { relPath: string; size: number }) {
  try {
    for await (const text of readIndexLines((o, l) => source.read(idx.relPath, o, l), idx.size, true)) yield parseLine(text);
  } catch (e) {
    if (e instanceof IndexFormatError) throw indexDamaged(source, idx, e);
    throw e;
  }
}

/** First pass: the whole index checked (structure, chunk counts, sizes) and its totals, before anything is written. */
async function survey(source: PackSource, idx: { relPath: string; size: number }) {
  let header: HeaderLine | null = null;
  let bytes = 0;
  let files = 0;
  let maxChunk = 0;
  let open: { line: FileLine; left: number; sum: number } | null = null;
  const bad = () => indexDamaged(source, idx);
  const addRefs = (refs: ChunkRefTuple[]) => {
    for (const r of refs) {
      open!.sum += r[4];
      if (r[4] > maxChunk) maxChunk = r[4];
    }
    open!.left -= refs.length;
    if (open!.left < 0) throw bad();
    if (open!.left === 0) {
      if (open!.sum !== open!.line.size) throw bad();
      open = null;
    }
  };
  for await (const l of indexLines(source, idx)) {
    if (open && l.t !== 'c') throw bad();
    if (l.t === 'h') header = l;
    else if (!header) throw bad();
    else if (l.t === 'd' || l.t === 'l') {
      if (l.s >= header.sources.length) throw bad();
    } else if (l.t === 'f') {
      if (l.s >= header.sources.length) throw bad();
      files++;
      bytes += l.size;
      open = { line: l, left: l.n ?? l.c.length, sum: 0 };
      if (open.left === 0) {
        if (l.size !== 0) throw bad();
        open = null;
      } else addRefs(l.c);
    } else if (l.t === 'c') {
      if (!open) throw bad();
      addRefs(l.c);
    }
  }
  if (!header || open) throw bad();
  return { header, bytes, files, maxChunk };
}

/** Where a restored entry goes: under its source's temporary folder. */
function tempPathOf(roots: string[], s: number, p: string): string {
  return p ? path.join(roots[s]!, ...p.split('/')) : roots[s]!;
}

/** Restores every source of the index under `toDir`. Existing targets are refused rather than overwritten. */
export async function restoreStaging(source: PackSource, toDir: string, job: JobContext, limits: RestoreLimits = {}): Promise<RestoreStats> {
  try {
    return await restoreFrom(source, toDir, job, limits);
  } finally {
    await source.close?.();
  }
}

/** Why the folder to restore into could not be made: a file in its way (named), no permission, or else. */
async function targetFolderError(toDir: string, e: unknown) {
  const code = (e as NodeJS.ErrnoException).code ?? '';
  if (code === 'EEXIST' || code === 'ENOTDIR') {
    // The nearest existing part of the path: the file in the way.
    for (let p = path.resolve(toDir); ; p = path.dirname(p)) {
      const st = await fs.stat(p).catch(() => null);
      if (st && !st.isDirectory()) return stagingError('restoreTargetIsFile', { target: toDir, file: p }, 2, e);
      if (st || path.dirname(p) === p) break;
    }
  }
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') return stagingError('restoreTargetDenied', { target: toDir, reason: code }, 2, e);
  return stagingError('restoreTargetNotFolder', { target: toDir }, 2, e);
}

async function restoreFrom(source: PackSource, toDir: string, job: JobContext, limits: RestoreLimits): Promise<RestoreStats> {
  boundHeapGrowth();
  const idx = await source.index();
  if (!idx) {
    throw stagingError('noIndex', { staging: source.where });
  }
  const { header, bytes: total, files: totalFiles, maxChunk } = await survey(source, idx);
  for (const s of header.sources) {
    const target = path.join(toDir, s.name);
    if (await fs.lstat(target).then(() => true, () => false)) {
      throw stagingError('restoreTargetExists', { target }, 2);
    }
  }
  try {
    await fs.mkdir(toDir, { recursive: true });
  } catch (e) {
    throw await targetFolderError(toDir, e);
  }
  const token = randomBytes(6).toString('hex');
  const roots = header.sources.map((_, i) => path.join(toDir, `${tempPrefix}${token}-${i}`));
  const dirsFile = path.join(toDir, `${tempPrefix}${token}.dirs`);
  const run = new RestoreRun(source, job, roots, dirsFile, total, totalFiles, Math.max(maxChunk, 1), limits);
  try {
    for (const r of roots) await fs.mkdir(r, { mode: 0o700 });
    await run.restore(idx);
    // Folders last, deepest first, so writing their contents does not change their mtimes again.
    const rootAttrs = new Map<string, { mode: number; mtimeMs: number }>();
    await run.forEachDirDeepestFirst(async (p, mode, mtimeMs) => {
      if (roots.includes(p)) rootAttrs.set(p, { mode, mtimeMs });
      else await setAttrs(p, mode, mtimeMs);
    });
    // All restored: the temporary folders take their final names (their own attributes after the rename).
    for (const [i, r] of roots.entries()) {
      const final = path.join(toDir, header.sources[i]!.name);
      await fs.rename(r, final);
      const a = rootAttrs.get(r);
      if (a) await setAttrs(final, a.mode, a.mtimeMs);
    }
  } catch (e) {
    await run.stop();
    for (const r of roots) await fs.rm(r, { recursive: true, force: true }).catch(() => undefined);
    throw e;
  } finally {
    await fs.rm(dirsFile, { force: true }).catch(() => undefined);
  }
  job.report({ phase: 'done', bytesDone: run.stats.bytes, bytesTotal: total, itemsDone: run.stats.files, itemsTotal: totalFiles }, true);
  return run.stats;
}

async function setAttrs(p: string, mode: number, mtimeMs: number): Promise<void> {
  await fs.chmod(p, mode);
  await fs.utimes(p, mtimeMs / 1000, mtimeMs / 1000);
}

interface Batch {
  files: RestoreFileTask[];
  /** Per task: the large file it belongs to (null for a whole small file). */
  owners: Array<LargeFile | null>;
  ranges: Array<{ pack: number; offset: number; length: number; at: number }>;
  /** Where each stored chunk already sits in the slot ("pack:offset" → slot offset). */
  placed: Map<string, number>;
  bytes: number;
}

interface LargeFile {
  path: string;
  line: FileLine;
  left: number;
  outstanding: number;
  pos: number;
  task: RestoreFileTask | null;
}

class RestoreRun {
  readonly stats: RestoreStats = { files: 0, folders: 0, links: 0, bytes: 0, chunks: 0 };
  private workers: RestoreWorkers | null = null;
  private batch: Batch;
  private failure: unknown = null;
  private readonly idle: Array<() => void> = [];
  private dirs: number | null = null;
  private dirsText: string[] = [];
  private large: LargeFile | null = null;
  private readonly slotSize: number;
  private lastReport = -Infinity;

  constructor(
    private readonly source: PackSource,
    private readonly job: JobContext,
    private readonly roots: string[],
    private readonly dirsFile: string,
    private readonly total: number,
    private readonly totalFiles: number,
    private readonly maxChunk: number,
    private readonly limits: RestoreLimits,
  ) {
    this.slotSize = Math.max(limits.slotSize ?? 4 * 1024 * 1024, maxChunk + 64);
    this.batch = this.newBatch();
  }

  private newBatch(): Batch {
    return { files: [], owners: [], ranges: [], placed: new Map(), bytes: 0 };
  }

  private report(current?: string): void {
    const now = performance.now();
    if (now - this.lastReport < 100) return;
    this.lastReport = now;
    this.job.report({ phase: 'writing', bytesDone: this.stats.bytes, bytesTotal: this.total, itemsDone: this.stats.files, itemsTotal: this.totalFiles, ...(current ? { current } : {}) });
  }

  private recordDir(p: string, mode: number, mtimeMs: number): void {
    this.dirsText.push(JSON.stringify([p, mode, mtimeMs]));
    if (this.dirsText.length >= 4096) this.flushDirs();
  }

  private flushDirs(): void {
    if (this.dirsText.length === 0) return;
    this.dirs ??= fsSync.openSync(this.dirsFile, 'a', 0o600);
    fsSync.writeSync(this.dirs, this.dirsText.join('\n') + '\n');
    this.dirsText = [];
  }

  async restore(idx: { relPath: string; size: number }): Promise<void> {
    this.workers = new RestoreWorkers(this.slotSize, this.maxChunk, this.limits.threads, this.limits.slots);
    this.workers.onFailure = (e) => (this.failure ??= e);
    let header: HeaderLine | null = null;
    for await (const l of indexLines(this.source, idx)) {
      this.job.throwIfCancelled();
      if (this.failure) throw this.failure;
      if (l.t === 'h') header = l;
      else if (l.t === 'd') {
        const p = tempPathOf(this.roots, l.s, l.p);
        if (l.p) await fs.mkdir(p, { recursive: true });
        this.recordDir(p, l.mode, l.mtimeMs);
        this.stats.folders++;
      } else if (l.t === 'l') {
        const p = tempPathOf(this.roots, l.s, l.p);
        await fs.symlink(l.target, p);
        await fs.lutimes(p, l.mtimeMs / 1000, l.mtimeMs / 1000).catch(() => undefined);
        this.stats.links++;
      } else if (l.t === 'f') await this.file(l, tempPathOf(this.roots, l.s, l.p));
      else if (l.t === 'c') await this.more(l.c);
    }
    if (!header) throw new Error('index without header');
    await this.send();
    await this.drain();
    if (this.failure) throw this.failure;
    this.flushDirs();
  }

  /** A file line: small files join the batch whole; larger ones are created here and filled in pieces. */
  private async file(l: FileLine, p: string): Promise<void> {
    const refs = l.c;
    const stored = refs.reduce((n, r) => n + r[3], 0);
    if (l.n === undefined && stored <= this.slotSize) {
      if (this.batch.bytes + stored > this.slotSize) await this.send();
      const task: RestoreFileTask = { path: p, whole: true, mode: l.mode, mtimeMs: l.mtimeMs, size: l.size, sparse: l.sparse === true, chunks: new Float64Array(refs.length * 5), ids: [], packs: [] };
      let pos = 0;
      refs.forEach((r, i) => {
        this.place(task, i, r, pos);
        pos += r[4];
      });
      this.batch.files.push(task);
      this.batch.owners.push(null);
      if (this.batch.files.length >= 2048) await this.send();
      this.report(l.p);
      return;
    }
    // Large: created now (empty), written by several tasks, finished here when the last one is back.
    await (await fs.open(p, 'wx', 0o600)).close();
    this.large = { path: p, line: l, left: l.n ?? refs.length, outstanding: 0, pos: 0, task: null };
    await this.more(refs);
  }

  private async more(refs: ChunkRefTuple[]): Promise<void> {
    const f = this.large;
    if (!f) throw new Error('continuation without a file');
    for (const r of refs) {
      if (this.batch.bytes + r[3] > this.slotSize) await this.send();
      if (!f.task || !this.batch.files.includes(f.task)) {
        f.task = { path: f.path, whole: false, mode: f.line.mode, mtimeMs: f.line.mtimeMs, size: f.line.size, sparse: f.line.sparse === true, chunks: new Float64Array(0), ids: [], packs: [] };
        f.outstanding++;
        this.batch.files.push(f.task);
        this.batch.owners.push(f);
      }
      const grown = new Float64Array(f.task.chunks.length + 5);
      grown.set(f.task.chunks);
      f.task.chunks = grown;
      this.place(f.task, f.task.ids.length, r, f.pos);
      f.pos += r[4];
      f.left--;
    }
    if (f.left === 0) {
      // All its chunks are handed out: it is finished when the last of its tasks is back (or now).
      this.large = null;
      if (f.outstanding === 0) this.finishLarge(f);
    }
    this.report(f.line.p);
  }

  /** Adds chunk `i` of a task: its stored bytes go into the slot (once per batch) and are read with their neighbours. */
  private place(task: RestoreFileTask, i: number, r: ChunkRefTuple, pos: number): void {
    const [id, pack, offset, stored, size, z] = r;
    const key = `${pack}:${offset}`;
    let at = this.batch.placed.get(key);
    if (at === undefined) {
      at = this.batch.bytes;
      this.batch.placed.set(key, at);
      this.batch.bytes += stored;
      const last = this.batch.ranges[this.batch.ranges.length - 1];
      if (last && last.pack === pack && last.offset + last.length === offset && last.at + last.length === at) last.length += stored;
      else this.batch.ranges.push({ pack, offset, length: stored, at });
    }
    task.chunks.set([at, stored, size, z, pos], i * 5);
    task.ids.push(id);
    task.packs.push(pack);
  }

  /** Reads the batch's stored bytes into a slot and hands it to the least busy worker. */
  private async send(): Promise<void> {
    const b = this.batch;
    if (b.files.length === 0) return;
    this.batch = this.newBatch();
    const w = this.workers!;
    const slot = await w.waitSlot();
    try {
      const into = w.slot(slot);
      for (const r of b.ranges) {
        const rel = `${stagingLayout.packsDir}/${packFileName(r.pack)}`;
        const dst = into.subarray(r.at, r.at + r.length);
        const n = this.source.readInto ? await this.source.readInto(rel, r.offset, r.length, dst) : (dst.set(await this.source.read(rel, r.offset, r.length)), r.length);
        // A pack shorter than its index says: the chunks there cannot be read, so they are damaged.
        if (n !== r.length) throw stagingError('chunkDamaged', { pack: packFileName(r.pack), staging: this.source.where, chunk: '' });
      }
    } catch (e) {
      w.releaseSlot(slot);
      throw e;
    }
    w.send(w.leastBusy(), { op: 'files', slot, files: b.files }, b.bytes, (m) => this.done(b, slot, m));
  }

  private done(b: Batch, slot: number, m: FromRestoreWorker): void {
    const w = this.workers!;
    w.releaseSlot(slot);
    if (m.op !== 'files') return;
    this.stats.bytes += m.bytes;
    if (m.damaged && !this.failure) {
      const t = b.files[m.damaged.file]!;
      const pack = packFileName(t.packs[m.damaged.chunk]!);
      this.failure = stagingError('chunkDamaged', { pack, staging: this.source.where, chunk: t.ids[m.damaged.chunk]! });
    } else if (m.io && !this.failure) {
      const t = b.files[m.io.file]!;
      this.failure = stagingError('restoreWriteFailed', { file: t.path, reason: m.io.code });
    }
    if (!this.failure) {
      b.files.forEach((t, i) => {
        this.stats.chunks += t.ids.length;
        const owner = b.owners[i];
        if (!owner) {
          this.stats.files++;
          return;
        }
        if (--owner.outstanding === 0 && owner.left === 0 && this.large !== owner) this.finishLarge(owner);
      });
    }
    this.report();
    if (w.pending === 0) for (const r of this.idle.splice(0)) r();
  }

  private finishLarge(f: LargeFile): void {
    try {
      if (f.line.sparse) fsSync.truncateSync(f.path, f.line.size);
      fsSync.chmodSync(f.path, f.line.mode);
      fsSync.utimesSync(f.path, f.line.mtimeMs / 1000, f.line.mtimeMs / 1000);
      this.stats.files++;
    } catch (e) {
      this.failure ??= e;
    }
  }

  private async drain(): Promise<void> {
    if (!this.workers || this.workers.pending === 0) return;
    await new Promise<void>((resolve) => this.idle.push(resolve));
  }

  /** Waits for the tasks under way and stops the workers. */
  async stop(): Promise<void> {
    await this.drain().catch(() => undefined);
    await this.workers?.close();
    this.workers = null;
    if (this.dirs !== null) fsSync.closeSync(this.dirs);
    this.dirs = null;
  }

  /** The folders recorded while restoring, read back from the end (deepest first). */
  async forEachDirDeepestFirst(fn: (p: string, mode: number, mtimeMs: number) => Promise<void>): Promise<void> {
    await this.stop();
    const h = await fs.open(this.dirsFile, 'r').catch(() => null);
    if (!h) return;
    try {
      let end = (await h.stat()).size;
      // Lines are cut at '\n' bytes, which never occur inside a UTF-8 sequence.
      let carry = Buffer.alloc(0);
      const piece = 1024 * 1024;
      while (end > 0) {
        const start = Math.max(0, end - piece);
        const buf = Buffer.allocUnsafe(end - start);
        await h.read(buf, 0, buf.length, start);
        end = start;
        let all = Buffer.concat([buf, carry]);
        if (start > 0) {
          const nl = all.indexOf(0x0a);
          carry = all.subarray(0, nl < 0 ? all.length : nl);
          all = nl < 0 ? Buffer.alloc(0) : all.subarray(nl + 1);
        } else carry = Buffer.alloc(0);
        const lines = all.toString('utf8').split('\n');
        for (let i = lines.length - 1; i >= 0; i--) {
          if (!lines[i]) continue;
          const [p, mode, mtimeMs] = JSON.parse(lines[i]!) as [string, number, number];
          await fn(p, mode, mtimeMs);
        }
      }
    } finally {
      await h.close();
    }
  }
}
