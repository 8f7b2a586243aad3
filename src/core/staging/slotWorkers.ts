/**
 * A pool of worker threads that share one block of memory cut into fixed slots: the main thread puts data in
 * a slot and sends a small message naming it; no copy through postMessage, no allocation per task, and the
 * number of slots bounds the memory in flight. Workers run inline source (`eval`), so the pool works the
 * same under tsx, Vitest and a bundle. Staging (stageWorkers.ts) and restore (restoreWorkers.ts) use it.
 */

import os from 'node:os';
import { Worker } from 'node:worker_threads';

export type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** One worker per core, at most 4. */
export function defaultThreads(): number {
  return Math.max(1, Math.min(4, os.availableParallelism()));
}

export interface SlotWorkersOptions {
  /** The worker's JavaScript. It gets `workerData` from `data(shared)`. */
  source: string;
  threads: number;
  slots: number;
  slotBytes: number;
  data: (shared: SharedArrayBuffer) => unknown;
}

export class SlotWorkers<In extends object, Out extends { op: string }> {
  readonly threads: number;
  readonly slotCount: number;
  private readonly slotBytes: number;
  private readonly shared: SharedArrayBuffer;
  private readonly workers: Worker[] = [];
  private readonly free: number[] = [];
  private readonly load: number[];
  private readonly waiting = new Map<number, { worker: number; cost: number; done: (m: Out) => void }>();
  private readonly slotWaiters: Array<(slot: number) => void> = [];
  private nextTask = 1;
  private failed: Error | null = null;
  onFailure: (e: Error) => void = () => undefined;

  constructor(o: SlotWorkersOptions) {
    this.threads = o.threads;
    this.slotCount = o.slots;
    this.slotBytes = o.slotBytes;
    this.load = new Array<number>(o.threads).fill(0);
    this.shared = new SharedArrayBuffer(o.slots * o.slotBytes);
    for (let i = o.slots - 1; i >= 0; i--) this.free.push(i);
    const workerData = o.data(this.shared);
    for (let i = 0; i < o.threads; i++) {
      const w = new Worker(o.source, { eval: true, workerData, resourceLimits: { maxOldGenerationSizeMb: 32, maxYoungGenerationSizeMb: 4 } });
      w.on('message', (m: Out | { op: 'fatal'; message: string }) => this.onMessage(m));
      w.on('error', (e) => this.fail(e));
      w.on('exit', (code) => {
        if (code !== 0 && code !== 1) this.fail(new Error(`a worker thread exited with code ${code}`));
      });
      this.workers.push(w);
    }
  }

  private fail(e: Error): void {
    if (this.failed) return;
    this.failed = e;
    this.onFailure(e);
  }

  private onMessage(m: Out | { op: 'fatal'; message: string }): void {
    if (m.op === 'fatal') return this.fail(new Error((m as { message: string }).message));
    const task = (m as unknown as { task: number }).task;
    const w = this.waiting.get(task);
    if (!w) return;
    this.waiting.delete(task);
    this.load[w.worker]! -= w.cost;
    w.done(m as Out);
  }

  /** Bytes of the shared memory: `length` bytes at `offset` inside `slot`. */
  view(slot: number, offset: number, length: number): Uint8Array {
    return new Uint8Array(this.shared, slot * this.slotBytes + offset, length);
  }

  get freeSlots(): number {
    return this.free.length;
  }

  takeSlot(): number | undefined {
    return this.free.pop();
  }

  /** A free slot, waiting for one if all are taken. */
  async waitSlot(): Promise<number> {
    const s = this.free.pop();
    if (s !== undefined) return s;
    return new Promise((resolve) => this.slotWaiters.push(resolve));
  }

  releaseSlot(slot: number): void {
    const w = this.slotWaiters.shift();
    if (w) w(slot);
    else this.free.push(slot);
  }

  /** The worker with the least work queued. */
  leastBusy(): number {
    let best = 0;
    for (let i = 1; i < this.threads; i++) if (this.load[i]! < this.load[best]!) best = i;
    return best;
  }

  /** Tasks sent and not answered yet. */
  get pending(): number {
    return this.waiting.size;
  }

  /** Sends a task; `done` gets the worker's answer. `cost` is what the load balancing counts (bytes). */
  send(worker: number, m: In, cost: number, done: (m: Out) => void): void {
    const task = this.nextTask++;
    this.waiting.set(task, { worker, cost, done });
    this.load[worker]! += cost;
    this.workers[worker]!.postMessage({ ...m, task });
  }

  /** A message that needs no answer. */
  protected post(worker: number, m: object): void {
    this.workers[worker]!.postMessage(m);
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
