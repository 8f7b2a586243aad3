/**
 * zstd compression on worker threads, one per core, so both cores compress while the main thread reads,
 * cuts and hashes. Chunks travel through a fixed ring of shared-memory slots (no per-chunk allocation or
 * copy through postMessage), which also bounds the memory in flight. The worker is inline JavaScript, so it
 * runs the same under tsx, Vitest and a bundle.
 */

import { createRequire } from 'node:module';
import os from 'node:os';
import { Worker } from 'node:worker_threads';

const workerSource = `
const { parentPort, workerData } = require('node:worker_threads');
const binding = require(workerData.bindingPath);
const cctx = new binding.CCtx();
const { shared, slotSize, outSize, level } = workerData;
parentPort.on('message', (m) => {
  const input = new Uint8Array(shared, m.slot * (slotSize + outSize), m.length);
  const output = new Uint8Array(shared, m.slot * (slotSize + outSize) + slotSize, outSize);
  // Straight into shared memory: no buffer per chunk, so the worker's memory stays flat.
  const n = cctx.compress(output, input, level);
  parentPort.postMessage({ slot: m.slot, stored: n >= m.length ? -1 : n });
});
`;

export interface Compressed {
  /** The bytes to store: compressed, or the input itself when zstd could not make it smaller. Valid until `release()`. */
  data: Uint8Array;
  compressed: boolean;
  /** Gives the slot back; call once the data is written. */
  release(): void;
}

export class CompressPool {
  private readonly workers: Worker[] = [];
  private readonly shared: SharedArrayBuffer;
  /** Bytes per slot: the input area, then room for zstd's worst case. */
  private readonly stride: number;
  private readonly free: number[] = [];
  private readonly waiters: Array<(slot: number) => void> = [];
  private readonly pending = new Map<number, { length: number; resolve: (c: Compressed) => void; reject: (e: unknown) => void }>();
  private turn = 0;
  private failed: unknown = null;

  /** `slotSize` is the largest chunk; `slots` how many chunks may be under way at once. */
  constructor(
    private readonly slotSize: number,
    level = 3,
    threads = Math.max(1, Math.min(4, os.availableParallelism())),
    slots = threads * 2 + 1,
  ) {
    const require = createRequire(import.meta.url);
    const outSize = (require('zstd-napi/binding') as { compressBound(n: number): number }).compressBound(slotSize);
    this.stride = slotSize + outSize;
    this.shared = new SharedArrayBuffer(slots * this.stride);
    for (let i = 0; i < slots; i++) this.free.push(i);
    const bindingPath = require.resolve('zstd-napi/binding');
    for (let i = 0; i < threads; i++) {
      const w = new Worker(workerSource, {
        eval: true,
        workerData: { bindingPath, level, shared: this.shared, slotSize, outSize },
        resourceLimits: { maxOldGenerationSizeMb: 16, maxYoungGenerationSizeMb: 4 },
      });
      w.on('message', (m: { slot: number; stored: number }) => {
        const p = this.pending.get(m.slot);
        if (!p) return;
        this.pending.delete(m.slot);
        const raw = m.stored < 0;
        const offset = m.slot * this.stride + (raw ? 0 : slotSize);
        p.resolve({
          data: new Uint8Array(this.shared, offset, raw ? p.length : m.stored),
          compressed: !raw,
          release: () => this.releaseSlot(m.slot),
        });
      });
      w.on('error', (e) => this.fail(e));
      this.workers.push(w);
    }
  }

  private fail(e: unknown) {
    this.failed = e;
    for (const p of this.pending.values()) p.reject(e);
    this.pending.clear();
  }

  private releaseSlot(slot: number) {
    const next = this.waiters.shift();
    if (next) next(slot);
    else this.free.push(slot);
  }

  private acquire(): Promise<number> | number {
    const slot = this.free.pop();
    if (slot !== undefined) return slot;
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /**
   * Copies `input` into a free slot (waiting for one when all are busy) and compresses it on a worker.
   * Resolves once the input was copied (so `input` may be reused); `result` then resolves with the output.
   */
  async submit(input: Uint8Array): Promise<{ result: Promise<Compressed> }> {
    if (input.length > this.slotSize) throw new RangeError(`chunk of ${input.length} bytes exceeds the slot size ${this.slotSize}`);
    if (this.failed) throw this.failed;
    const slot = await this.acquire();
    new Uint8Array(this.shared, slot * this.stride, input.length).set(input);
    const w = this.workers[this.turn++ % this.workers.length]!;
    const result = new Promise<Compressed>((resolve, reject) => {
      this.pending.set(slot, { length: input.length, resolve, reject });
    });
    w.postMessage({ slot, length: input.length });
    return { result };
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
