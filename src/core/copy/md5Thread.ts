/**
 * A second core for the read-back's MD5s. A manifest block's MD5 does not depend on any other block, so while the
 * main thread hashes some blocks of a read, one worker thread hashes the others, straight from the same shared
 * memory (the aligned read buffers of mediumRead.ts are a shared WebAssembly memory): no copy, one small message per
 * read. MD5 is the read-back's cost on a fast medium: one core hashes ~700 MB/s here, about what `md5sum` reads.
 *
 * One thread for the whole process, started at the first use and never keeping the process alive. Where a thread
 * cannot start (a sandbox, a failed spawn), `hashBlocks` answers null and the caller hashes everything itself.
 */

import { createHash } from 'node:crypto';
import type * as NodeCrypto from 'node:crypto';
import type * as NodeWorkers from 'node:worker_threads';
import { Worker } from 'node:worker_threads';
import { threadSource } from '../platform/threadSource';

type Request = { id: number; memory: SharedArrayBuffer; ranges: number[] };
type Reply = { id: number; digests: string[] } | { id: number; error: string };

/** The thread's code, run from its source text (the same under tsx, Vitest and a bundle). */
function md5Body(req: NodeJS.Require): void {
  const { parentPort } = req('node:worker_threads') as typeof NodeWorkers;
  const crypto = req('node:crypto') as typeof NodeCrypto;
  parentPort!.on('message', (m: Request) => {
    try {
      const digests: string[] = [];
      for (let k = 0; k < m.ranges.length; k += 2) {
        digests.push(crypto.createHash('md5').update(new Uint8Array(m.memory, m.ranges[k]!, m.ranges[k + 1]!)).digest('hex'));
      }
      parentPort!.postMessage({ id: m.id, digests } satisfies Reply);
    } catch (e) {
      parentPort!.postMessage({ id: m.id, error: String(e) } satisfies Reply);
    }
  });
}

const source = threadSource(md5Body);

let worker: Worker | null = null;
let broken = false;
let nextId = 1;
const waiting = new Map<number, { resolve: (d: string[]) => void; reject: (e: Error) => void }>();

function thread(): Worker | null {
  if (worker || broken) return worker;
  try {
    const w = new Worker(source, { eval: true, resourceLimits: { maxOldGenerationSizeMb: 16, maxYoungGenerationSizeMb: 2 } });
    w.on('message', (m: Reply) => {
      const p = waiting.get(m.id);
      if (!p) return;
      waiting.delete(m.id);
      if (waiting.size === 0) w.unref();
      if ('error' in m) p.reject(new Error(m.error));
      else p.resolve(m.digests);
    });
    const lost = (e: Error) => {
      broken = true;
      worker = null;
      for (const p of waiting.values()) p.reject(e);
      waiting.clear();
    };
    w.on('error', lost);
    w.on('exit', (code) => lost(new Error(`the MD5 thread exited with code ${code}`)));
    // Held only while an answer is awaited (see hashBlocks): an idle thread never keeps the process alive. After the
    // listeners, because adding a 'message' listener refs the worker's port again.
    w.unref();
    worker = w;
  } catch {
    broken = true;
  }
  return worker;
}

/** The MD5s (lowercase hex) of `buf[offset, offset + length)` for each [offset, length] in `ranges`, on the main thread. */
export function md5Here(buf: Uint8Array, ranges: Array<[number, number]>): string[] {
  return ranges.map(([o, l]) => createHash('md5').update(buf.subarray(o, o + l)).digest('hex'));
}

/**
 * The MD5s of `ranges` of `buf` (a view of shared memory), computed by the helper thread; null when `buf` is not shared
 * memory or no thread can run. `buf` must stay unchanged until the promise settles.
 */
export function hashBlocks(buf: Uint8Array, ranges: Array<[number, number]>): Promise<string[]> | null {
  if (!(buf.buffer instanceof SharedArrayBuffer) || ranges.length === 0) return null;
  const w = thread();
  if (!w) return null;
  const id = nextId++;
  const flat: number[] = [];
  for (const [o, l] of ranges) flat.push(buf.byteOffset + o, l);
  return new Promise((resolve, reject) => {
    if (waiting.size === 0) w.ref();
    waiting.set(id, { resolve, reject });
    w.postMessage({ id, memory: buf.buffer as SharedArrayBuffer, ranges: flat } satisfies Request);
  });
}
