/**
 * zstd compression on worker threads, one per core, so both cores compress while the main thread reads,
 * cuts and hashes. The worker is inline JavaScript, so it runs the same under tsx, Vitest and a bundle.
 */

import { createRequire } from 'node:module';
import os from 'node:os';
import { Worker } from 'node:worker_threads';

const workerSource = `
const { parentPort, workerData } = require('node:worker_threads');
const zstd = require(workerData.zstdPath);
const compressor = new zstd.Compressor();
compressor.setParameters({ compressionLevel: workerData.level });
parentPort.on('message', (m) => {
  const input = Buffer.from(m.data.buffer, m.data.byteOffset, m.data.byteLength);
  const out = compressor.compress(input);
  if (out.length >= input.length) parentPort.postMessage({ id: m.id, raw: true, data: m.data }, [m.data.buffer]);
  else parentPort.postMessage({ id: m.id, raw: false, data: out }, [out.buffer]);
});
`;

export interface Compressed {
  /** The bytes to store: compressed, or the input itself when zstd could not make it smaller. */
  data: Uint8Array;
  compressed: boolean;
}

export class CompressPool {
  private readonly workers: Worker[] = [];
  private readonly pending = new Map<number, { resolve: (c: Compressed) => void; reject: (e: unknown) => void }>();
  private nextId = 0;
  private turn = 0;
  private failed: unknown = null;

  constructor(level = 3, threads = Math.max(1, Math.min(4, os.availableParallelism()))) {
    const zstdPath = createRequire(import.meta.url).resolve('zstd-napi');
    for (let i = 0; i < threads; i++) {
      const w = new Worker(workerSource, { eval: true, workerData: { zstdPath, level } });
      w.on('message', (m: { id: number; raw: boolean; data?: Uint8Array }) => {
        const p = this.pending.get(m.id);
        if (!p) return;
        this.pending.delete(m.id);
        p.resolve({ data: m.data!, compressed: !m.raw });
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

  /** Compresses a copy of `input` (the copy, not `input`, moves to the worker and back). */
  compress(input: Uint8Array): Promise<Compressed> {
    if (this.failed) return Promise.reject(this.failed);
    const id = this.nextId++;
    const w = this.workers[this.turn++ % this.workers.length]!;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      const copy = new Uint8Array(input);
      w.postMessage({ id, data: copy }, [copy.buffer]);
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
