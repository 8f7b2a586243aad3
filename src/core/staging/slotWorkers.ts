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

/**
 * What every pool thread runs first: it waits for its work (`{ source, data }`, sent by `SlotWorkers`) and runs
 * `source`, whose `require('node:worker_threads').workerData` is `data`. So a thread can be started before its
 * work is known: Node's own start of a thread is ~25–45 ms of CPU (more under V8 flags, which make Node compile its
 * internals instead of taking them from its code cache), and staging starts its threads while it measures the
 * sources (`startThreads`), so that start is off the path to the first file.
 */
const threadBoot = [
  "const wt = require('node:worker_threads');",
  "wt.parentPort.once('message', (m) => {",
  "  const req = (id) => (id === 'node:worker_threads' ? { ...wt, workerData: m.data } : require(id));",
  "  new Function('require', m.source)(req);",
  '});',
].join('\n');

/**
 * Threads for a pool, started now and given their work later by `SlotWorkers` (see `threadBoot`). Until then they
 * do not keep the process alive; whoever starts them ends those no pool took (`endThreads`).
 */
export function startThreads(n: number): Worker[] {
  return Array.from({ length: n }, () => {
    const w = new Worker(threadBoot, { eval: true, resourceLimits: { maxOldGenerationSizeMb: 32, maxYoungGenerationSizeMb: 4 } });
    live.add(w);
    // A thread that fails or ends before a pool takes it: the pool reports it when it does.
    w.on('error', (e) => ended.set(w, ended.get(w) ?? e));
    w.on('exit', (code) => {
      live.delete(w);
      ended.set(w, ended.get(w) ?? new Error(`a worker thread exited with code ${code}`));
    });
    w.unref();
    return w;
  });
}

/** How each thread that has ended ended (a pool that takes one reports it), and the threads still running. */
const ended = new WeakMap<Worker, Error>();
const live = new Set<Worker>();

/** Pool threads still running: a finished or refused run leaves none (tests check it). */
export function liveThreads(): number {
  return live.size;
}

/** Ends the threads of `startThreads` that no pool took (the array is emptied). */
export function endThreads(threads: Worker[]): void {
  for (const w of threads.splice(0)) void w.terminate();
}

export interface SlotWorkersOptions {
  /** The worker's JavaScript. It gets `workerData` from `data(shared)`. */
  source: string;
  threads: number;
  slots: number;
  slotBytes: number;
  data: (shared: SharedArrayBuffer) => unknown;
  /**
   * Threads of `startThreads`: the pool takes them all out of the array, runs its `threads` of them (starting
   * the rest it needs) and ends those it does not need.
   */
  started?: Worker[];
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
    const data = o.data(this.shared);
    const started = o.started?.splice(0) ?? [];
    endThreads(started.splice(o.threads));
    const threads = [...started, ...startThreads(o.threads - started.length)];
    for (const w of threads) {
      w.ref();
      w.postMessage({ source: o.source, data });
      w.on('message', (m: Out | { op: 'fatal'; message: string }) => this.onMessage(m));
      w.on('error', (e) => this.fail(e));
      w.on('exit', (code) => {
        if (code !== 0 && code !== 1) this.fail(new Error(`a worker thread exited with code ${code}`));
      });
      this.workers.push(w);
    }
    const early = threads.map((w) => ended.get(w)).find((e) => e !== undefined);
    if (early) queueMicrotask(() => this.fail(early));
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
