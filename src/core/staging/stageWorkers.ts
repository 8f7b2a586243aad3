/**
 * The staging workers: one thread per core that reads files, cuts them into chunks, hashes the chunks and
 * compresses the new ones. File data travels through a fixed set of shared-memory slots (no copy through
 * postMessage, no allocation per file or chunk), which also bounds the memory in flight:
 *
 * - `batch`: many small files read whole into one slot (one message for hundreds of files);
 * - `segment`: the next piece of one large file (the worker keeps the file open between pieces);
 * - `compress`: zstd on chosen chunks of a slot, each into the same place of the slot's output half.
 *
 * The main thread decides which chunks are new (the chunk index lives there), so no compression is spent on
 * a chunk already stored. The worker runs `workerBody` from its source text (with `findBoundary`), so it
 * runs the same under tsx, Vitest and a bundle.
 */

import type * as NodeCrypto from 'node:crypto';
import type * as NodeFs from 'node:fs';
import { createRequire } from 'node:module';
import type * as NodeWorkers from 'node:worker_threads';
import type { Worker } from 'node:worker_threads';
import { findBoundary, gearTable, type ChunkParams } from './chunker';
import { defaultThreads, SlotWorkers, type DistributiveOmit } from './slotWorkers';
import { threadSource } from '../platform/threadSource';

/**
 * What the worker reports about a file: read, changed while read, unreadable, left for later (too large for the room
 * left in the slot; its size is in `stats`), or not opened (the slot was more than half full when a file did not fit:
 * the rest of the batch goes back unopened instead of each being opened to learn it does not fit either).
 */
export const fileStatus = { ok: 0, changed: 1, error: 2, deferred: 3, unopened: 4 } as const;
/** Numbers per file in `stats`: size, mode, mtimeMs, ctimeMs, ino, blocks. */
export const statWidth = 6;
/** Files per batch at most. */
export const maxBatchFiles = 1024;

/**
 * Each slot: file data, the compressed output (a chunk's output sits where its input sits), and a table
 * area where both sides read and write the per-file and per-chunk numbers, so messages stay tiny.
 */
export interface SlotLayout {
  size: number;
  maxFiles: number;
  stride: number;
  maxChunks: number;
  output: number;
  status: number;
  counts: number;
  stats: number;
  offs: number;
  lens: number;
  sizes: number;
  todo: number;
  digests: number;
}

export function slotLayout(size: number, minChunk: number): SlotLayout {
  const maxChunks = maxBatchFiles + Math.ceil(size / Math.max(1, minChunk)) + 8;
  let at = 2 * size;
  const take = (bytes: number) => {
    const here = at;
    at += Math.ceil(bytes / 8) * 8;
    return here;
  };
  const l = {
    size,
    maxFiles: maxBatchFiles,
    maxChunks,
    output: size,
    status: take(maxBatchFiles),
    counts: take(maxBatchFiles * 4),
    stats: take(maxBatchFiles * statWidth * 8),
    offs: take(maxChunks * 4),
    lens: take(maxChunks * 4),
    sizes: take(maxChunks * 4),
    todo: take(maxChunks * 4),
    digests: take(maxChunks * 32),
  };
  return { ...l, stride: at };
}

export type ToWorker =
  /** Files read whole into the slot; `paths` joined with NUL. */
  | { op: 'batch'; task: number; slot: number; paths: string; count: number }
  | { op: 'segment'; task: number; slot: number; file: number; path?: string }
  /** Compresses the chunks listed at todo[from, from + count). */
  | { op: 'compress'; task: number; slot: number; from: number; count: number }
  | { op: 'forget'; file: number };

export type FromWorker =
  | { op: 'batch'; task: number; chunks: number; errors: Array<[number, string, string]> }
  | { op: 'segment'; task: number; status: number; eof: boolean; consumed: number; chunks: number; error?: [string, string] }
  | { op: 'compress'; task: number }
  | { op: 'fatal'; message: string };

interface WorkerData {
  shared: SharedArrayBuffer;
  layout: SlotLayout;
  params: [number, number, number];
  gear: Int32Array;
  level: number;
  bindingPath: string;
}

/**
 * The worker's code. Self-contained: it reaches everything through `req` and its arguments, because it
 * runs from its source text in a thread of its own.
 */
function workerBody(req: NodeJS.Require, cut: typeof findBoundary): void {
  const { parentPort, workerData } = req('node:worker_threads') as typeof NodeWorkers;
  const fs = req('node:fs') as typeof NodeFs;
  const crypto = req('node:crypto') as typeof NodeCrypto;
  const data = workerData as WorkerData;
  const binding = req(data.bindingPath) as { CCtx: new () => { compress(dst: Uint8Array, src: Uint8Array, level: number): number } };
  const cctx = new binding.CCtx();
  const [min, avg, max] = data.params;
  const L = data.layout;
  const size = L.size;
  const tables = (slot: number) => {
    const base = slot * L.stride;
    const sh = data.shared;
    return {
      input: new Uint8Array(sh, base, size),
      output: new Uint8Array(sh, base + L.output, size),
      status: new Int8Array(sh, base + L.status, L.maxFiles),
      counts: new Int32Array(sh, base + L.counts, L.maxFiles),
      stats: new Float64Array(sh, base + L.stats, L.maxFiles * 6),
      offs: new Int32Array(sh, base + L.offs, L.maxChunks),
      lens: new Int32Array(sh, base + L.lens, L.maxChunks),
      sizes: new Int32Array(sh, base + L.sizes, L.maxChunks),
      todo: new Int32Array(sh, base + L.todo, L.maxChunks),
      digests: new Uint8Array(sh, base + L.digests, L.maxChunks * 32),
    };
  };
  const views = Array.from({ length: data.shared.byteLength / L.stride }, (_, i) => tables(i));
  const digest = (b: Uint8Array, into: Uint8Array, at: number) => {
    const d = typeof crypto.hash === 'function' ? (crypto.hash('sha256', b, 'buffer') as unknown as Uint8Array) : crypto.createHash('sha256').update(b).digest();
    into.set(d, at);
  };
  const open = new Map<number, { fd: number; pos: number; sig: Float64Array }>();
  const port = parentPort!;
  const putStat = (to: Float64Array, at: number, st: NodeFs.Stats) => {
    to[at] = st.size;
    to[at + 1] = st.mode;
    to[at + 2] = st.mtimeMs;
    to[at + 3] = st.ctimeMs;
    to[at + 4] = st.ino;
    to[at + 5] = st.blocks;
  };
  /** Same size, mtime, ctime and inode before and after the read. */
  const same = (a: Float64Array, ai: number, b: Float64Array, bi: number) => a[ai] === b[bi] && a[ai + 2] === b[bi + 2] && a[ai + 3] === b[bi + 3] && a[ai + 4] === b[bi + 4];
  const readFully = (fd: number, into: Uint8Array, at: number, length: number, position: number) => {
    let n = 0;
    while (n < length) {
      const r = fs.readSync(fd, into, at + n, length - n, position + n);
      if (r === 0) break;
      n += r;
    }
    return n;
  };
  /** Cuts `v.input[from, to)` into chunks listed from table row `row`; returns [rows used, where the uncut rest starts]. */
  const chunkRange = (v: ReturnType<typeof tables>, from: number, to: number, final: boolean, row: number): [number, number] => {
    let start = from;
    let r = row;
    while (start < to) {
      const e = cut(v.input, start, to, min, avg, max, final, data.gear);
      if (e < 0) break;
      v.offs[r] = start;
      v.lens[r] = e - start;
      digest(v.input.subarray(start, e), v.digests, r * 32);
      r++;
      start = e;
    }
    return [r - row, start];
  };

  const batch = (m: Extract<ToWorker, { op: 'batch' }>) => {
    const v = views[m.slot]!;
    const paths = m.paths.split('\0');
    const after = new Float64Array(6);
    const errors: Array<[number, string, string]> = [];
    let at = 0;
    let rows = 0;
    let full = false;
    for (let i = 0; i < m.count; i++) {
      let fd = -1;
      v.status[i] = 0;
      v.counts[i] = 0;
      if (full) {
        v.status[i] = 4;
        continue;
      }
      try {
        fd = fs.openSync(paths[i]!, 'r');
        putStat(v.stats, i * 6, fs.fstatSync(fd));
        const want = v.stats[i * 6]!;
        if (want > size - at) {
          v.status[i] = 3;
          full = at >= size / 2;
          continue;
        }
        const got = readFully(fd, v.input, at, want, 0);
        putStat(after, 0, fs.fstatSync(fd));
        if (got !== want || !same(v.stats, i * 6, after, 0)) {
          v.status[i] = 1;
          continue;
        }
        const [n] = chunkRange(v, at, at + got, true, rows);
        v.counts[i] = n;
        rows += n;
        at += got;
      } catch (e) {
        const err = e as NodeJS.ErrnoException;
        v.status[i] = 2;
        errors.push([i, String(err.code ?? err.message), String(err.syscall ?? '')]);
      } finally {
        if (fd >= 0) fs.closeSync(fd);
      }
    }
    port.postMessage({ op: 'batch', task: m.task, chunks: rows, errors });
  };

  const segment = (m: Extract<ToWorker, { op: 'segment' }>) => {
    const v = views[m.slot]!;
    let f = open.get(m.file);
    try {
      if (!f) {
        const fd = fs.openSync(m.path!, 'r');
        f = { fd, pos: 0, sig: new Float64Array(6) };
        open.set(m.file, f);
        putStat(f.sig, 0, fs.fstatSync(fd));
      }
      const got = readFully(f.fd, v.input, 0, size, f.pos);
      const eof = got < size;
      const [n, rest] = chunkRange(v, 0, got, eof, 0);
      f.pos += rest;
      let status = 0;
      if (eof) {
        putStat(v.stats, 0, fs.fstatSync(f.fd));
        if (f.pos !== v.stats[0] || !same(v.stats, 0, f.sig, 0)) status = 1;
        fs.closeSync(f.fd);
        open.delete(m.file);
      }
      port.postMessage({ op: 'segment', task: m.task, status, eof, consumed: rest, chunks: n });
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      if (f) fs.closeSync(f.fd);
      open.delete(m.file);
      port.postMessage({ op: 'segment', task: m.task, status: 2, eof: true, consumed: 0, chunks: 0, error: [String(err.code ?? err.message), String(err.syscall ?? '')] });
    }
  };

  const compress = (m: Extract<ToWorker, { op: 'compress' }>) => {
    const v = views[m.slot]!;
    for (let k = m.from; k < m.from + m.count; k++) {
      const i = v.todo[k]!;
      const o = v.offs[i]!;
      const l = v.lens[i]!;
      let n: number;
      try {
        // Into a room as large as the input: what does not come out smaller is stored as it is.
        n = cctx.compress(v.output.subarray(o, o + l), v.input.subarray(o, o + l), data.level);
      } catch {
        n = -1;
      }
      v.sizes[i] = n > 0 && n < l ? n : -1;
    }
    port.postMessage({ op: 'compress', task: m.task });
  };

  // Compression first: it frees slots, which is what the readers wait for.
  const compressQueue: Array<Extract<ToWorker, { op: 'compress' }>> = [];
  const readQueue: ToWorker[] = [];
  let scheduled = false;
  const run = () => {
    scheduled = false;
    const m = compressQueue.shift() ?? readQueue.shift();
    if (!m) return;
    try {
      if (m.op === 'compress') compress(m);
      else if (m.op === 'batch') batch(m);
      else if (m.op === 'segment') segment(m);
      else if (m.op === 'forget') {
        const f = open.get(m.file);
        if (f) fs.closeSync(f.fd);
        open.delete(m.file);
      }
    } catch (e) {
      port.postMessage({ op: 'fatal', message: String((e as Error).stack ?? e) });
    }
    if (compressQueue.length + readQueue.length > 0 && !scheduled) {
      scheduled = true;
      setImmediate(run);
    }
  };
  port.on('message', (m: ToWorker) => {
    if (m.op === 'compress') compressQueue.push(m);
    else readQueue.push(m);
    if (!scheduled) {
      scheduled = true;
      setImmediate(run);
    }
  });
}

const workerSource = threadSource(workerBody, [findBoundary.toString()]);

export interface StageWorkersOptions {
  params: ChunkParams;
  level: number;
  threads?: number;
  slots?: number;
  slotSize?: number;
  /** Threads started ahead (`startThreads`); the pool takes them all. */
  started?: Worker[];
}

export const defaultSlotSize = 4 * 1024 * 1024;

/**
 * The shared-memory slots of a pool of `threads` workers: one per worker, and two for a single worker (one it
 * fills while the main thread sorts the other's chunks). Each slot is ~8 MiB (data and its compressed copy), and
 * large files touch all of it. Measured with the command, 2 workers, alternating runs on a quiet 2-core machine:
 * the 2 GiB mixed tree of bench:stage 5.10 s and 127–131 MiB with three slots, 5.24 s and 120–122 MiB with two, the
 * same CPU time (7.8 user-s); /usr/share/doc 0.71 s either way, 122–128 MiB against 114–119 MiB. (Earlier, two
 * spare slots cost ~10 MiB more than one, for nothing.)
 */
export function slotsFor(threads: number): number {
  return Math.max(2, threads);
}

/** The tables of one slot, as the main thread sees them. */
export interface SlotTables {
  input: Uint8Array;
  output: Uint8Array;
  status: Int8Array;
  counts: Int32Array;
  stats: Float64Array;
  offs: Int32Array;
  lens: Int32Array;
  sizes: Int32Array;
  todo: Int32Array;
  digests: Buffer;
}

/** The staging pool (see the top of this file). */
export class StageWorkers extends SlotWorkers<DistributiveOmit<Exclude<ToWorker, { op: 'forget' }>, 'task'>, FromWorker> {
  readonly slotSize: number;
  readonly layout: SlotLayout;
  private readonly tableViews: SlotTables[];

  constructor(o: StageWorkersOptions) {
    const threads = o.threads ?? defaultThreads();
    const slotSize = o.slotSize ?? defaultSlotSize;
    if (slotSize < o.params.max) throw new RangeError(`slot size ${slotSize} must hold the largest chunk ${o.params.max}`);
    const layout = slotLayout(slotSize, o.params.min);
    const require = createRequire(import.meta.url);
    const slots = o.slots ?? slotsFor(threads);
    super({
      source: workerSource,
      threads,
      slots,
      slotBytes: layout.stride,
      ...(o.started ? { started: o.started } : {}),
      data: (shared) =>
        ({
          shared,
          layout,
          params: [o.params.min, o.params.avg, o.params.max],
          gear: gearTable,
          level: o.level,
          bindingPath: require.resolve('zstd-napi/binding'),
        }) satisfies WorkerData,
    });
    this.slotSize = slotSize;
    this.layout = layout;
    this.tableViews = Array.from({ length: slots }, (_, slot) => {
      const v = (at: number, n: number) => this.view(slot, at, n);
      const typed = <T>(C: new (b: ArrayBufferLike, o: number, n: number) => T, at: number, n: number, width: number) => {
        const u = v(at, n * width);
        return new C(u.buffer, u.byteOffset, n);
      };
      const dig = v(layout.digests, layout.maxChunks * 32);
      return {
        input: v(0, slotSize),
        output: v(layout.output, slotSize),
        status: typed(Int8Array, layout.status, maxBatchFiles, 1),
        counts: typed(Int32Array, layout.counts, maxBatchFiles, 4),
        stats: typed(Float64Array, layout.stats, maxBatchFiles * statWidth, 8),
        offs: typed(Int32Array, layout.offs, layout.maxChunks, 4),
        lens: typed(Int32Array, layout.lens, layout.maxChunks, 4),
        sizes: typed(Int32Array, layout.sizes, layout.maxChunks, 4),
        todo: typed(Int32Array, layout.todo, layout.maxChunks, 4),
        digests: Buffer.from(dig.buffer, dig.byteOffset, dig.byteLength),
      };
    });
  }

  tables(slot: number): SlotTables {
    return this.tableViews[slot]!;
  }

  forget(worker: number, file: number): void {
    this.post(worker, { op: 'forget', file } satisfies ToWorker);
  }
}

