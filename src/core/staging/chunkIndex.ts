/**
 * The chunk index used for deduplication: chunk id (SHA-256) → where the chunk is stored. Its memory is set
 * by configuration, not by the data (an LSM-style design, as in LevelDB):
 *
 * - a hash table in typed arrays holds the newest entries (`memEntries` at most);
 * - when it is full its entries are sorted and written to a run file under `.work/`; runs of equal size are
 *   merged, so there are about log2(chunks / memEntries) runs;
 * - each run has a Bloom filter (10 bits an entry, all runs together at most `bloomBytes`) that answers
 *   "not here" without touching the disk, so an id never seen (most chunks of new data) costs no read and a
 *   stored one reads one small block of the one run that holds it, found through a sparse fence table.
 *
 * Ids are uniformly random, so their own 32-bit words serve as the table's and the filter's hashes.
 */

import fs from 'node:fs';
import path from 'node:path';

export interface ChunkLoc {
  /** Pack number (pack-000001.osp is 1). */
  pack: number;
  /** Byte offset of the stored chunk in the pack. */
  offset: number;
  /** Stored length (after zstd). */
  stored: number;
  /** Original length. */
  size: number;
  zstd: boolean;
}

export interface ChunkIndexOptions {
  /** Folder for the run files (created if needed; the files are removed by `close`). */
  dir: string;
  /** Entries kept in memory before a run is written. */
  memEntries?: number;
  /** All runs' Bloom filters together at most this (beyond it, new runs get thinner filters, then none). */
  bloomBytes?: number;
  /** At most this many fences per run; a run with more records gets larger blocks. */
  maxFences?: number;
}

const recordSize = 56;
const keyWords = 8;
const bloomHashes = 7;
const bloomBitsPerKey = 10;
const minFenceStride = 64;

interface Run {
  file: string;
  fd: number;
  count: number;
  level: number;
  stride: number;
  /** The first 64 bits of the first key of each block. */
  fences: Uint32Array;
  /** Bit set of the run's keys (null: no room left in the budget, the run is always searched). */
  bloom: Uint32Array | null;
}

/** A Bloom filter for `count` keys within `budget` bytes (a power of two of 32-bit words), or null. */
function newBloom(count: number, budget: number): Uint32Array | null {
  let bytes = 64;
  while (bytes * 8 < count * bloomBitsPerKey) bytes *= 2;
  while (bytes > budget && bytes > 64) bytes /= 2;
  return bytes <= budget ? new Uint32Array(bytes / 4) : null;
}

/** Ids are uniformly random: seven of their words serve as the filter's seven hashes. */
function bloomAdd(b: Uint32Array, k: Uint32Array, at: number): void {
  const mask = b.length * 32 - 1;
  for (let i = 0; i < bloomHashes; i++) {
    const bit = k[at + i]! & mask;
    b[bit >>> 5]! |= 1 << (bit & 31);
  }
}

function bloomHas(b: Uint32Array, k: Uint32Array): boolean {
  const mask = b.length * 32 - 1;
  for (let i = 0; i < bloomHashes; i++) {
    const bit = k[i]! & mask;
    if ((b[bit >>> 5]! & (1 << (bit & 31))) === 0) return false;
  }
  return true;
}

/** Parses a 64-hex-digit id into 8 words at `at` (no allocation); false when it is not one. */
export function parseId(hex: string, out: Uint32Array, at = 0): boolean {
  if (hex.length !== 64) return false;
  for (let i = 0; i < keyWords; i++) {
    let w = 0;
    for (let j = i * 8; j < i * 8 + 8; j++) {
      const c = hex.charCodeAt(j);
      const d = c >= 48 && c <= 57 ? c - 48 : c >= 97 && c <= 102 ? c - 87 : c >= 65 && c <= 70 ? c - 55 : -1;
      if (d < 0) return false;
      w = w * 16 + d;
    }
    out[at + i] = w;
  }
  return true;
}

function compareKeys(a: Uint32Array, ai: number, b: Uint32Array, bi: number): number {
  for (let i = 0; i < keyWords; i++) {
    const x = a[ai + i]!;
    const y = b[bi + i]!;
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

export class ChunkIndex {
  private readonly dir: string;
  private readonly memMax: number;
  private readonly maxCap: number;
  private readonly bloomBytes: number;
  private readonly maxFences: number;
  // The in-memory table (open addressing, linear probing).
  private cap = 4096;
  private keys = new Uint32Array(this.cap * keyWords);
  private vals = new Uint32Array(this.cap * 4);
  private offs = new Float64Array(this.cap);
  private used = new Uint8Array(this.cap);
  private memCount = 0;
  private runs: Run[] = [];
  private runSeq = 0;
  private readonly probe = new Uint32Array(keyWords);
  private block = Buffer.alloc(0);
  private total = 0;

  constructor(o: ChunkIndexOptions) {
    this.dir = o.dir;
    this.memMax = Math.max(1024, o.memEntries ?? 48 * 1024);
    // The table never fills past three quarters: it grows up to the size that holds memMax entries so.
    this.maxCap = 2 ** Math.ceil(Math.log2((this.memMax * 4) / 3));
    this.bloomBytes = o.bloomBytes ?? 16 * 1024 * 1024;
    this.maxFences = o.maxFences ?? 256 * 1024;
  }

  /** Entries added (a chunk added twice counts twice; the writer never does that). */
  get size(): number {
    return this.total;
  }

  /** Run files on disk (for tests and the benchmark). */
  get runCount(): number {
    return this.runs.length;
  }

  get(id: string): ChunkLoc | undefined {
    const out: ChunkLoc = { pack: 0, offset: 0, stored: 0, size: 0, zstd: false };
    return this.find(id, out) ? out : undefined;
  }

  /** Like `get`, into `out` (no allocation on the hot path); false when the id is unknown. */
  find(id: string, out: ChunkLoc): boolean {
    if (!parseId(id, this.probe)) return false;
    return this.lookup(this.probe, out);
  }

  add(id: string, loc: ChunkLoc): void {
    if (!parseId(id, this.probe)) throw new RangeError(`not a chunk id: ${id}`);
    if (this.memCount >= this.memMax) this.spill();
    else if ((this.memCount + 1) * 4 > this.cap * 3 && this.cap < this.maxCap) this.grow();
    this.insert(this.probe, loc);
    this.total++;
  }

  /** Removes the run files. */
  close(): void {
    for (const r of this.runs) {
      fs.closeSync(r.fd);
      fs.rmSync(r.file, { force: true });
    }
    this.runs = [];
  }

  private lookup(k: Uint32Array, out: ChunkLoc): boolean {
    const mask = this.cap - 1;
    for (let i = k[0]! & mask; this.used[i]; i = (i + 1) & mask) {
      if (compareKeys(this.keys, i * keyWords, k, 0) === 0) return this.readLoc(this.vals, i * 4, this.offs[i]!, out);
    }
    // Runs are kept largest first: it holds most of the entries.
    for (const r of this.runs) if ((!r.bloom || bloomHas(r.bloom, k)) && this.searchRun(r, k, out)) return true;
    return false;
  }

  private readLoc(v: Uint32Array, at: number, offset: number, out: ChunkLoc): true {
    out.pack = v[at]!;
    out.stored = v[at + 1]!;
    out.size = v[at + 2]!;
    out.zstd = (v[at + 3]! & 1) === 1;
    out.offset = offset;
    return true;
  }

  private locAt(v: Uint32Array, at: number, offset: number): ChunkLoc {
    return { pack: v[at]!, stored: v[at + 1]!, size: v[at + 2]!, zstd: (v[at + 3]! & 1) === 1, offset };
  }

  private insert(k: Uint32Array, loc: ChunkLoc): void {
    const mask = this.cap - 1;
    let i = k[0]! & mask;
    while (this.used[i]) {
      if (compareKeys(this.keys, i * keyWords, k, 0) === 0) break;
      i = (i + 1) & mask;
    }
    if (!this.used[i]) this.memCount++;
    this.used[i] = 1;
    this.keys.set(k.subarray(0, keyWords), i * keyWords);
    this.vals[i * 4] = loc.pack;
    this.vals[i * 4 + 1] = loc.stored;
    this.vals[i * 4 + 2] = loc.size;
    this.vals[i * 4 + 3] = loc.zstd ? 1 : 0;
    this.offs[i] = loc.offset;
  }

  private grow(): void {
    const { keys, vals, offs, used, cap } = this;
    this.cap = cap * 2;
    this.keys = new Uint32Array(this.cap * keyWords);
    this.vals = new Uint32Array(this.cap * 4);
    this.offs = new Float64Array(this.cap);
    this.used = new Uint8Array(this.cap);
    this.memCount = 0;
    const k = new Uint32Array(keyWords);
    for (let i = 0; i < cap; i++) {
      if (!used[i]) continue;
      k.set(keys.subarray(i * keyWords, (i + 1) * keyWords));
      this.insert(k, this.locAt(vals, i * 4, offs[i]!));
    }
  }

  /** Bloom bytes the runs other than `except` use. */
  private bloomUsed(except: Run[] = []): number {
    let n = 0;
    for (const r of this.runs) if (!except.includes(r) && r.bloom) n += r.bloom.byteLength;
    return n;
  }

  /** Writes the in-memory entries as a sorted run, then merges runs of the same level. */
  private spill(): void {
    fs.mkdirSync(this.dir, { recursive: true });
    const slots: number[] = [];
    for (let i = 0; i < this.cap; i++) if (this.used[i]) slots.push(i);
    slots.sort((a, b) => compareKeys(this.keys, a * keyWords, this.keys, b * keyWords));
    const w = new RunWriter(this.newRunFile(), slots.length, this.maxFences, newBloom(slots.length, this.bloomBytes - this.bloomUsed()));
    const rec = Buffer.alloc(recordSize);
    const words = new Uint32Array(rec.buffer, rec.byteOffset, recordSize / 4);
    for (const i of slots) {
      words.set(this.keys.subarray(i * keyWords, (i + 1) * keyWords));
      words.set(this.vals.subarray(i * 4, i * 4 + 4), keyWords);
      rec.writeDoubleLE(this.offs[i]!, 48);
      w.write(rec, words);
    }
    this.runs.push(w.finish(0));
    this.keys.fill(0);
    this.used.fill(0);
    this.memCount = 0;
    while (this.runs.length >= 2 && this.runs[this.runs.length - 1]!.level === this.runs[this.runs.length - 2]!.level) {
      const b = this.runs.pop()!;
      const a = this.runs.pop()!;
      this.runs.push(this.merge(a, b));
    }
    this.runs.sort((a, b) => b.count - a.count);
  }

  private newRunFile(): string {
    return path.join(this.dir, `chunks-${String(++this.runSeq).padStart(6, '0')}.run`);
  }

  private merge(a: Run, b: Run): Run {
    const w = new RunWriter(this.newRunFile(), a.count + b.count, this.maxFences, newBloom(a.count + b.count, this.bloomBytes - this.bloomUsed([a, b])));
    const ra = new RunReader(a);
    const rb = new RunReader(b);
    while (!ra.done || !rb.done) {
      const takeA = rb.done || (!ra.done && compareKeys(ra.words, ra.at, rb.words, rb.at) <= 0);
      const r = takeA ? ra : rb;
      w.write(r.record(), r.words, r.at);
      r.next();
    }
    for (const r of [a, b]) {
      fs.closeSync(r.fd);
      fs.rmSync(r.file, { force: true });
    }
    return w.finish(a.level + 1);
  }

  private searchRun(r: Run, k: Uint32Array, out: ChunkLoc): boolean {
    // The last block whose first key is ≤ k (on the first 64 bits; equal prefixes look one block back too).
    let lo = 0;
    let hi = r.fences.length / 2 - 1;
    let b = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const f0 = r.fences[mid * 2]!;
      const f1 = r.fences[mid * 2 + 1]!;
      if (f0 < k[0]! || (f0 === k[0]! && f1 <= k[1]!)) {
        b = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    for (let blk = b; blk >= 0; blk--) {
      const first = blk * r.stride;
      const n = Math.min(r.stride, r.count - first);
      if (this.block.length < n * recordSize) this.block = Buffer.alloc(r.stride * recordSize);
      fs.readSync(r.fd, this.block, 0, n * recordSize, first * recordSize);
      const words = new Uint32Array(this.block.buffer, this.block.byteOffset, (n * recordSize) / 4);
      let l = 0;
      let h = n - 1;
      while (l <= h) {
        const m = (l + h) >>> 1;
        const c = compareKeys(words, m * 14, k, 0);
        if (c === 0) return this.readLoc(words, m * 14 + keyWords, this.block.readDoubleLE(m * recordSize + 48), out);
        if (c < 0) l = m + 1;
        else h = m - 1;
      }
      if (blk === 0 || r.fences[blk * 2] !== k[0] || r.fences[blk * 2 + 1] !== k[1]) break;
    }
    return false;
  }
}

/** Writes sorted 56-byte records through a 1 MiB buffer and keeps the fences. */
class RunWriter {
  private readonly fd: number;
  private readonly buf = Buffer.alloc(18724 * recordSize);
  private used = 0;
  private count = 0;
  private readonly stride: number;
  private readonly fences: Uint32Array;

  constructor(
    private readonly file: string,
    expected: number,
    maxFences: number,
    private readonly bloom: Uint32Array | null,
  ) {
    this.fd = fs.openSync(file, 'w+');
    let stride = minFenceStride;
    while (Math.ceil(expected / stride) > maxFences) stride *= 2;
    this.stride = stride;
    this.fences = new Uint32Array(Math.ceil(expected / stride) * 2);
  }

  write(rec: Uint8Array, words: Uint32Array, at = 0): void {
    if (this.bloom) bloomAdd(this.bloom, words, at);
    if (this.count % this.stride === 0) {
      const f = (this.count / this.stride) * 2;
      this.fences[f] = words[at]!;
      this.fences[f + 1] = words[at + 1]!;
    }
    this.buf.set(rec, this.used);
    this.used += recordSize;
    this.count++;
    if (this.used === this.buf.length) this.flush();
  }

  private flush(): void {
    let done = 0;
    while (done < this.used) done += fs.writeSync(this.fd, this.buf, done, this.used - done);
    this.used = 0;
  }

  finish(level: number): Run {
    this.flush();
    return { file: this.file, fd: this.fd, count: this.count, level, stride: this.stride, fences: this.fences, bloom: this.bloom };
  }
}

/** Reads a run's records in order through a 1 MiB buffer. */
class RunReader {
  private readonly buf = Buffer.alloc(18724 * recordSize);
  readonly words = new Uint32Array(this.buf.buffer, this.buf.byteOffset, this.buf.length / 4);
  private filled = 0;
  private pos = 0;
  private read = 0;
  at = 0;
  done = false;

  constructor(private readonly run: Run) {
    this.fill();
  }

  private fill(): void {
    const want = Math.min(this.buf.length, (this.run.count - this.read) * recordSize);
    let n = 0;
    while (n < want) n += fs.readSync(this.run.fd, this.buf, n, want - n, this.read * recordSize + n);
    this.read += want / recordSize;
    this.filled = want;
    this.pos = 0;
    this.at = 0;
    this.done = want === 0;
  }

  record(): Uint8Array {
    return this.buf.subarray(this.pos, this.pos + recordSize);
  }

  next(): void {
    this.pos += recordSize;
    this.at = this.pos / 4;
    if (this.pos >= this.filled) this.fill();
  }
}
