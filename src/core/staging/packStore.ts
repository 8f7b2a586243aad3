/**
 * The pack store: keeps each distinct chunk once. A new chunk is compressed on the pool's workers and
 * appended to the open pack; a pack that would grow past `packSize` is sealed (trailer, fsync, rename into
 * `packs/`) and the next one is opened. Chunks of packs finished by an earlier run count as stored.
 */

import { createHash } from 'node:crypto';
import path from 'node:path';
import { stagingLayout } from '../../shared/stagingLayout';
import { CompressPool, type Compressed } from './compressPool';
import { writeError } from './errors';
import { listFinishedPacks, PackWriter, readPackTrailer, type ChunkLocation } from './packs';

export interface PackStoreOptions {
  stagingDir: string;
  packSize: number;
  /** Largest chunk the store is given. */
  maxChunk: number;
  level: number;
  threads?: number;
  /** Test hook: milliseconds to wait before and after sealing each pack (tests kill the process around it). */
  sealDelayMs?: number;
}

export interface PackStoreStats {
  /** Bytes of the distinct chunks. */
  uniqueBytes: number;
  /** Bytes stored in packs (after zstd). */
  storedBytes: number;
  /** Distinct chunks added by this run. */
  chunks: number;
  /** Finished packs, earlier runs included. */
  packs: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class PackStore {
  readonly stats: PackStoreStats = { uniqueBytes: 0, storedBytes: 0, chunks: 0, packs: 0 };
  private readonly known = new Map<string, ChunkLocation>();
  /** Chunks handed to the pool and not yet in a pack. */
  private readonly pending = new Set<string>();
  private readonly inflight = new Set<Promise<void>>();
  private readonly pool: CompressPool;
  private pack: PackWriter | null = null;
  private writeChain: Promise<void> = Promise.resolve();
  private nextPack = 1;
  /** The first error of the background work (compression or pack writes); thrown at the next call. */
  failure: unknown = null;

  private constructor(private readonly opts: PackStoreOptions) {
    this.pool = new CompressPool(opts.maxChunk, opts.level, opts.threads);
  }

  /** Opens the store and takes over the chunks of the packs finished by an earlier run. */
  static async open(opts: PackStoreOptions): Promise<PackStore> {
    const finished = await listFinishedPacks(opts.stagingDir);
    const store = new PackStore(opts);
    try {
      for (const name of finished) {
        for (const [id, loc] of await readPackTrailer(path.join(opts.stagingDir, stagingLayout.packsDir, name))) store.known.set(id, loc);
      }
    } catch (e) {
      await store.pool.close();
      throw e;
    }
    store.nextPack = finished.length === 0 ? 1 : Number(/(\d+)/.exec(finished[finished.length - 1]!)![1]) + 1;
    store.stats.packs = finished.length;
    for (const loc of store.known.values()) {
      store.stats.uniqueBytes += loc.size;
      store.stats.storedBytes += loc.stored;
    }
    return store;
  }

  /** Whether the chunk is in a finished pack or in the open one. */
  has(id: string): boolean {
    return this.known.has(id);
  }

  location(id: string): ChunkLocation | undefined {
    return this.known.get(id);
  }

  /**
   * Adds one chunk and returns its id. Waits while every compression slot is busy (back-pressure); once it
   * returns, `chunk` was copied and may be overwritten.
   */
  async add(chunk: Buffer): Promise<string> {
    const id = createHash('sha256').update(chunk).digest('hex');
    if (this.known.has(id) || this.pending.has(id)) return id;
    this.pending.add(id);
    this.stats.uniqueBytes += chunk.length;
    this.stats.chunks++;
    const size = chunk.length;
    const { result } = await this.pool.submit(chunk);
    const p: Promise<void> = result
      .then((c) => this.append(id, c, size))
      .catch((e: unknown) => {
        this.failure ??= e;
      })
      .finally(() => this.inflight.delete(p));
    this.inflight.add(p);
    if (this.failure) throw this.failure;
    return id;
  }

  /** Writes one compressed chunk to the open pack, sealing it first when the chunk would not fit. */
  private append(id: string, c: Compressed, size: number): Promise<void> {
    const { data, compressed } = c;
    this.writeChain = this.writeChain.then(async () => {
      if (this.failure) return c.release();
      try {
        if (this.pack && this.pack.count > 0 && this.pack.bytes + data.length > this.opts.packSize) {
          const done = this.pack;
          this.pack = null;
          await this.seal(done);
        }
        this.pack ??= await PackWriter.open(this.opts.stagingDir, this.nextPack++);
        this.known.set(id, await this.pack.append(id, data, size, compressed));
        this.pending.delete(id);
        this.stats.storedBytes += data.length;
      } catch (e) {
        this.failure ??= writeError(e, this.opts.stagingDir);
      } finally {
        c.release();
      }
    });
    return this.writeChain;
  }

  private async seal(pack: PackWriter): Promise<void> {
    if (this.opts.sealDelayMs) await sleep(this.opts.sealDelayMs);
    await pack.finish();
    this.stats.packs++;
    if (this.opts.sealDelayMs) await sleep(this.opts.sealDelayMs);
  }

  /** Waits until every chunk added so far is in a pack (or failed). */
  async drain(): Promise<void> {
    await Promise.allSettled(this.inflight);
    await this.writeChain;
  }

  /** Stores everything under way and seals the open pack; after this every chunk is in a finished pack. */
  async finish(): Promise<void> {
    await this.drain();
    if (this.failure) throw this.failure;
    const last = this.pack;
    this.pack = null;
    if (!last) return;
    if (last.count === 0) return last.discard();
    await this.seal(last).catch((e: unknown) => {
      throw writeError(e, this.opts.stagingDir);
    });
  }

  /** After a failure: keeps what is done, sealing the open pack when it can be sealed cleanly. */
  async abandon(): Promise<void> {
    await this.drain();
    const open = this.pack;
    this.pack = null;
    if (!open) return;
    if (this.failure || open.count === 0) await open.discard();
    else await open.finish().catch(() => open.discard());
  }

  async close(): Promise<void> {
    await this.pool.close();
  }
}
