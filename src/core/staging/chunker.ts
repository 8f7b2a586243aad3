/**
 * Content-defined chunking, FastCDC-style: a gear rolling hash with normalized chunking (a stricter mask
 * before the average size, a looser one after), so that an insertion moves only nearby boundaries.
 */

export interface ChunkParams {
  min: number;
  avg: number;
  max: number;
}

/** ~1 MiB average chunks: Offline Seed's choice (restic's content-defined chunker also averages 1 MiB). */
export const defaultChunkParams: ChunkParams = { min: 512 * 1024, avg: 1024 * 1024, max: 4 * 1024 * 1024 };

/** Smaller chunks for small packs, so that a pack of `packSize` still holds several chunks. */
export function chunkParamsFor(packSize: number): ChunkParams {
  if (packSize >= 8 * defaultChunkParams.avg) return defaultChunkParams;
  const avg = Math.max(16 * 1024, 2 ** Math.floor(Math.log2(packSize / 8)));
  return { min: avg / 2, avg, max: avg * 4 };
}

/** 256 fixed pseudo-random 32-bit values (mulberry32 from a constant seed): part of the format, never change. */
export const gearTable: Int32Array = (() => {
  const table = new Int32Array(256);
  let a = 0x6f66666c; // "offl"
  for (let i = 0; i < 256; i++) {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    table[i] = t ^ (t >>> 14);
  }
  return table;
})();

/**
 * Where the first chunk of `data[start..end)` ends (exclusive), or -1 when no boundary was found and more
 * data may follow (`final` false). With `final` the rest is always one chunk at most `max` long.
 *
 * Self-contained on purpose (no reference outside its body): the staging workers run this very function
 * from its source text, so there is one definition of where chunks end.
 */
export function findBoundary(data: Uint8Array, start: number, end: number, min: number, avg: number, max: number, final: boolean, gear: Int32Array): number {
  const len = end - start;
  if (len <= min) return final ? end : -1;
  const bits = Math.round(Math.log2(avg));
  // Masks of ones taken from the top of the 32-bit hash (the bits that saw the most bytes): stricter before
  // the average size, looser after it.
  const maskS = ((0xffffffff << (32 - (bits + 2))) >>> 0) | 0;
  const maskL = ((0xffffffff << (32 - (bits - 2))) >>> 0) | 0;
  const normal = start + Math.min(avg, len);
  const limit = start + Math.min(max, len);
  let h = 0;
  let i = start + min;
  for (; i < normal; i++) {
    h = ((h << 1) + gear[data[i]!]!) | 0;
    if ((h & maskS) === 0) return i + 1;
  }
  for (; i < limit; i++) {
    h = ((h << 1) + gear[data[i]!]!) | 0;
    if ((h & maskL) === 0) return i + 1;
  }
  if (limit - start >= max) return limit;
  return final ? end : -1;
}

/**
 * Cuts a stream fed in pieces into chunks. One buffer of `max` plus the largest piece, reused: the chunks
 * returned are views into it and stay valid only until the next `push` or `finish`.
 */
export class Chunker {
  private buf: Buffer;
  private start = 0;
  private end = 0;

  constructor(
    private readonly params: ChunkParams = defaultChunkParams,
    maxPiece = 4 * 1024 * 1024,
  ) {
    this.buf = Buffer.allocUnsafe(params.max + maxPiece);
  }

  /** Adds bytes; returns the chunks that are complete now. */
  push(data: Uint8Array): Buffer[] {
    if (this.start > 0) {
      this.buf.copy(this.buf, 0, this.start, this.end);
      this.end -= this.start;
      this.start = 0;
    }
    if (this.end + data.length > this.buf.length) {
      const bigger = Buffer.allocUnsafe(this.end + data.length);
      this.buf.copy(bigger, 0, 0, this.end);
      this.buf = bigger;
    }
    this.buf.set(data, this.end);
    this.end += data.length;
    return this.cut(false);
  }

  /** The remaining chunks at end of input; the chunker is then empty and may be reused. */
  finish(): Buffer[] {
    const out = this.cut(true);
    this.start = 0;
    this.end = 0;
    return out;
  }

  /** Forgets buffered input (to reuse the chunker for another file). */
  reset(): void {
    this.start = 0;
    this.end = 0;
  }

  private cut(final: boolean): Buffer[] {
    const out: Buffer[] = [];
    while (this.start < this.end) {
      const { min, avg, max } = this.params;
      const e = findBoundary(this.buf, this.start, this.end, min, avg, max, final, gearTable);
      if (e < 0) break;
      out.push(this.buf.subarray(this.start, e));
      this.start = e;
    }
    return out;
  }
}
