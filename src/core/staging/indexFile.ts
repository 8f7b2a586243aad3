/**
 * The staging index (Offline Seed's own format, see docs/staging-format.md): JSON lines in zstd blocks, each
 * block checked by its SHA-256. It is written as it is built (a block at a time) and read as a stream, so
 * neither side ever holds the whole index.
 *
 * File: `OSINDEX2`, then blocks. Block: `OSIB`, u32 stored length, u32 raw length, u32 flags (1 = zstd),
 * 32 bytes SHA-256 of the stored bytes, the stored bytes. Lines: a header (`h`), then folders (`d`), links
 * (`l`), files (`f`, with `c` continuation lines for files of many chunks) in walk order, pack records (`p`)
 * wherever a pack was sealed, and an end line (`e`) as the very last line.
 */

import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { createRequire } from 'node:module';
import type { ChunkParams } from './chunker';

export const indexFileName = 'index-000001.osi';
export const indexMagic = Buffer.from('OSINDEX2', 'latin1');
const blockMagic = 0x4249534f; // "OSIB" read as a little-endian u32
export const blockHeaderLength = 48;
/** A block is cut once this much text is waiting. */
const blockTarget = 1024 * 1024;
/** Chunk references per `f` or `c` line. */
export const refsPerLine = 4096;

/** [id, pack number, offset, stored length, original length, 1 = zstd / 0 = raw]. */
export type ChunkRefTuple = [string, number, number, number, number, 0 | 1];

export interface HeaderLine {
  t: 'h';
  format: 'offline-seed-index';
  version: 2;
  createdAt: string;
  chunkParams: ChunkParams;
  sources: Array<{ name: string; path: string }>;
}
interface EntryBase {
  /** Index of the source in the header's `sources`. */
  s: number;
  /** Path inside the source, '/'-separated; '' is the source folder itself. */
  p: string;
  mode: number;
  mtimeMs: number;
}
export interface DirLine extends EntryBase {
  t: 'd';
}
export interface LinkLine extends EntryBase {
  t: 'l';
  target: string;
}
export interface FileLine extends EntryBase {
  t: 'f';
  size: number;
  /** size:mtimeMs:ctimeMs:inode when the file was read: a resumed run takes the file over if it is unchanged. */
  sig: string;
  sparse?: true;
  /** Chunks in all, when more than this line's `c` (the rest follow in `c` lines). */
  n?: number;
  c: ChunkRefTuple[];
}
export interface MoreLine {
  t: 'c';
  c: ChunkRefTuple[];
}
export interface PackLine {
  t: 'p';
  pack: number;
  bytes: number;
  sha256: string;
  chunks: number;
}
export interface EndLine {
  t: 'e';
  entries: number;
  packs: number;
}
export type IndexLine = HeaderLine | DirLine | LinkLine | FileLine | MoreLine | PackLine | EndLine;
export type EntryLine = DirLine | LinkLine | FileLine;

/** Thrown for anything in an index that is not exactly as written; callers turn it into one sentence. */
export class IndexFormatError extends Error {}

export function packFileName(n: number): string {
  return `pack-${String(n).padStart(6, '0')}.osp`;
}

const hex64 = /^[0-9a-f]{64}$/;
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

function checkRefs(c: unknown): c is ChunkRefTuple[] {
  if (!Array.isArray(c)) return false;
  for (const r of c as unknown[]) {
    if (!Array.isArray(r) || r.length !== 6) return false;
    const [id, pack, offset, stored, size, z] = r as unknown[];
    if (typeof id !== 'string' || !hex64.test(id) || !isCount(pack) || pack < 1 || !isCount(offset) || !isCount(stored) || !isCount(size) || (z !== 0 && z !== 1)) return false;
  }
  return true;
}

/** Parses and checks one line (fast hand-written checks: an index may hold millions of lines). */
export function parseLine(text: string): IndexLine {
  let v: Record<string, unknown>;
  try {
    v = JSON.parse(text) as Record<string, unknown>;
  } catch {
    throw new IndexFormatError('a line is not JSON');
  }
  if (v === null || typeof v !== 'object') throw new IndexFormatError('a line is not an object');
  const entry = () => isCount(v.s) && typeof v.p === 'string' && isCount(v.mode) && isNum(v.mtimeMs);
  let ok = false;
  switch (v.t) {
    case 'h':
      ok =
        v.format === 'offline-seed-index' &&
        v.version === 2 &&
        typeof v.createdAt === 'string' &&
        Array.isArray(v.sources) &&
        (v.sources as unknown[]).every((s) => typeof s === 'object' && s !== null && typeof (s as { name?: unknown }).name === 'string' && typeof (s as { path?: unknown }).path === 'string') &&
        typeof v.chunkParams === 'object' &&
        v.chunkParams !== null;
      break;
    case 'd':
      ok = entry();
      break;
    case 'l':
      ok = entry() && typeof v.target === 'string';
      break;
    case 'f':
      ok = entry() && isCount(v.size) && typeof v.sig === 'string' && (v.sparse === undefined || v.sparse === true) && (v.n === undefined || isCount(v.n)) && checkRefs(v.c);
      break;
    case 'c':
      ok = checkRefs(v.c);
      break;
    case 'p':
      ok = isCount(v.pack) && (v.pack as number) >= 1 && isCount(v.bytes) && typeof v.sha256 === 'string' && hex64.test(v.sha256) && isCount(v.chunks);
      break;
    case 'e':
      ok = isCount(v.entries) && isCount(v.packs);
      break;
  }
  if (!ok) throw new IndexFormatError(`a line of type ${String(v.t)} is malformed`);
  return v as unknown as IndexLine;
}

type ZstdBinding = {
  CCtx: new () => { compress(dst: Uint8Array, src: Uint8Array, level: number): number };
  DCtx: new () => { decompress(dst: Uint8Array, src: Uint8Array): number };
  compressBound(n: number): number;
};
let zstdBinding: ZstdBinding | null = null;
function zstd(): ZstdBinding {
  zstdBinding ??= createRequire(import.meta.url)('zstd-napi/binding') as ZstdBinding;
  return zstdBinding;
}

/**
 * Writes index lines into a file, a block at a time. Writes are queued (in order) and never awaited by
 * `line`; `backlog` says how many bytes are queued, `settle` waits for them, `error` holds the first failure.
 */
export class IndexWriter {
  /**
   * The block being filled, as UTF-8: each line is encoded as it is added, so no line's string (a template
   * literal is a tree of concatenations until flattened) stays alive until the block is cut.
   */
  private raw = Buffer.allocUnsafe(blockTarget + 64 * 1024);
  private rawLength = 0;
  private rawLines = 0;
  private position = indexMagic.length;
  private chain: Promise<void>;
  private queued = 0;
  private readonly cctx = new (zstd().CCtx)();
  private closed = false;
  error: unknown = null;
  /** Lines written so far (entries, packs and the rest). */
  count = 0;

  private constructor(
    private readonly handle: fs.FileHandle,
    private readonly level: number,
  ) {
    this.chain = this.write(indexMagic, 0);
  }

  static async create(file: string, level = 3): Promise<IndexWriter> {
    return new IndexWriter(await fs.open(file, 'w'), level);
  }

  /** Bytes handed to the file system and not yet written. */
  get backlog(): number {
    return this.queued;
  }

  /** Adds one line (an object, or the exact text of a line read from another index). */
  line(l: IndexLine | string): void {
    const text = typeof l === 'string' ? l : JSON.stringify(l);
    const most = text.length * 3 + 1;
    if (this.rawLength + most > this.raw.length) {
      const bigger = Buffer.allocUnsafe(Math.max(this.raw.length * 2, this.rawLength + most));
      this.raw.copy(bigger, 0, 0, this.rawLength);
      this.raw = bigger;
    }
    this.rawLength += this.raw.write(text, this.rawLength, 'utf8');
    this.raw[this.rawLength++] = 0x0a;
    this.rawLines++;
    this.count++;
    if (this.rawLength >= blockTarget) this.cut();
  }

  /** Closes the current block, so what was added so far reaches the file. */
  cut(): void {
    if (this.rawLines === 0 || this.closed) return;
    const raw = this.raw.subarray(0, this.rawLength);
    this.rawLength = 0;
    this.rawLines = 0;
    // One buffer holds the block: the header, then the compressed bytes (or the raw ones when smaller).
    const room = Buffer.allocUnsafe(blockHeaderLength + Math.max(raw.length, zstd().compressBound(raw.length)));
    const n = this.cctx.compress(room.subarray(blockHeaderLength), raw, this.level);
    const compressed = n > 0 && n < raw.length;
    const storedLength = compressed ? n : raw.copy(room, blockHeaderLength);
    const block = room.subarray(0, blockHeaderLength + storedLength);
    block.fill(0, 0, blockHeaderLength);
    block.writeUInt32LE(blockMagic, 0);
    block.writeUInt32LE(storedLength, 4);
    block.writeUInt32LE(raw.length, 8);
    block.writeUInt32LE(compressed ? 1 : 0, 12);
    createHash('sha256').update(block.subarray(blockHeaderLength)).digest().copy(block, 16);
    const at = this.position;
    this.position += block.length;
    this.queued += block.length;
    this.chain = this.chain.then(() => this.write(block, at)).finally(() => (this.queued -= block.length));
  }

  private async write(buf: Buffer, at: number): Promise<void> {
    if (this.error) return;
    try {
      let done = 0;
      while (done < buf.length) done += (await this.handle.write(buf, done, buf.length - done, at + done)).bytesWritten;
    } catch (e) {
      this.error ??= e;
    }
  }

  /** Waits until everything cut so far is written. */
  async settle(): Promise<void> {
    await this.chain;
  }

  /** Writes the rest, syncs and closes; throws the first write error. */
  async finish(): Promise<void> {
    this.cut();
    await this.chain;
    if (this.error) throw this.error;
    this.closed = true;
    await this.handle.sync();
    await this.handle.close();
  }

  /** Closes without the rest (after a failure); what was written stays. */
  async abandon(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.cut();
    await this.chain;
    await this.handle.close().catch(() => undefined);
  }
}

/** Reads `length` bytes at `offset`; fewer only at the end. */
export type RangeReader = (offset: number, length: number) => Promise<Uint8Array>;

const readPiece = 4 * 1024 * 1024;

/**
 * The lines of an index, in order, checking every block. `strict` (a finished index) also requires the
 * header first and the end line last; without it (a killed run's index under `.work`) reading stops
 * quietly at the first incomplete or damaged block.
 */
export async function* readIndexLines(read: RangeReader, size: number, strict: boolean): AsyncGenerator<string> {
  const dctx = new (zstd().DCtx)();
  let pos = indexMagic.length;
  let buf = Buffer.alloc(0);
  let bufAt = pos;
  const magic = Buffer.from(await read(0, indexMagic.length));
  if (!magic.equals(indexMagic)) {
    if (strict) throw new IndexFormatError('the file does not start like an Offline Seed index');
    return;
  }
  /** Makes `buf` hold [pos, pos + n) (reading ahead in big pieces); false at the end of the file. */
  const need = async (n: number): Promise<boolean> => {
    if (pos + n > size) return false;
    if (pos >= bufAt && pos + n <= bufAt + buf.length) return true;
    const keep = pos >= bufAt && pos < bufAt + buf.length ? buf.subarray(pos - bufAt) : Buffer.alloc(0);
    const want = Math.min(size - pos, Math.max(n, readPiece)) - keep.length;
    const more = Buffer.from(await read(pos + keep.length, want));
    buf = Buffer.concat([keep, more]);
    bufAt = pos;
    return pos + n <= bufAt + buf.length;
  };
  let first = true;
  let ended = false;
  while (pos < size) {
    if (!(await need(blockHeaderLength))) {
      if (strict) throw new IndexFormatError('the index ends in the middle of a block');
      return;
    }
    const h = buf.subarray(pos - bufAt, pos - bufAt + blockHeaderLength);
    const storedLength = h.readUInt32LE(4);
    const rawLength = h.readUInt32LE(8);
    const flags = h.readUInt32LE(12);
    if (h.readUInt32LE(0) !== blockMagic || flags > 1 || rawLength > 64 * 1024 * 1024 || storedLength > 64 * 1024 * 1024) {
      if (strict) throw new IndexFormatError('a block header is damaged');
      return;
    }
    const hash = Buffer.from(h.subarray(16, 48));
    pos += blockHeaderLength;
    if (!(await need(storedLength))) {
      if (strict) throw new IndexFormatError('the index ends in the middle of a block');
      return;
    }
    const stored = buf.subarray(pos - bufAt, pos - bufAt + storedLength);
    if (!createHash('sha256').update(stored).digest().equals(hash)) {
      if (strict) throw new IndexFormatError('a block does not match its SHA-256');
      return;
    }
    pos += storedLength;
    let raw: Buffer;
    if (flags === 1) {
      raw = Buffer.allocUnsafe(rawLength);
      let n: number;
      try {
        n = dctx.decompress(raw, stored);
      } catch {
        n = -1;
      }
      if (n !== rawLength) {
        if (strict) throw new IndexFormatError('a block does not decompress');
        return;
      }
    } else raw = Buffer.from(stored);
    const text = raw.toString('utf8');
    if (!text.endsWith('\n')) {
      if (strict) throw new IndexFormatError('a block does not end with a whole line');
      return;
    }
    for (const line of text.slice(0, -1).split('\n')) {
      if (ended) throw new IndexFormatError('lines follow the end line');
      if (first && strict && !line.startsWith('{"t":"h"')) throw new IndexFormatError('the index does not start with its header');
      first = false;
      if (line.startsWith('{"t":"e"')) ended = true;
      yield line;
    }
  }
  if (strict && !ended) throw new IndexFormatError('the index has no end line (it was cut short)');
}

/** A RangeReader over an open file. */
export function fileRangeReader(handle: fs.FileHandle): RangeReader {
  return async (offset, length) => {
    const buf = Buffer.allocUnsafe(length);
    let done = 0;
    while (done < length) {
      const { bytesRead } = await handle.read(buf, done, length - done, offset + done);
      if (bytesRead === 0) break;
      done += bytesRead;
    }
    return buf.subarray(0, done);
  };
}
