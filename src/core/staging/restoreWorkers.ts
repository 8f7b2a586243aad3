/**
 * The restore workers: given a slot holding the stored bytes of many chunks, they decompress each, check its
 * SHA-256 against its id, and write it into its file (creating and finishing small files themselves, so a
 * tree of small files costs no round trip per file).
 */

import type * as NodeCrypto from 'node:crypto';
import type * as NodeFs from 'node:fs';
import { createRequire } from 'node:module';
import type * as NodeWorkers from 'node:worker_threads';
import { defaultThreads, SlotWorkers } from './slotWorkers';
import { threadSource } from '../platform/threadSource';

export interface RestoreFileTask {
  path: string;
  /** Create the file (it must not exist) and finish it (size, mode, mtime) in this task. */
  whole: boolean;
  mode: number;
  mtimeMs: number;
  size: number;
  sparse: boolean;
  /** Per chunk: offset in the slot, stored length, original length, 1 = zstd, position in the file. */
  chunks: Float64Array;
  ids: string[];
  packs: number[];
}

export type ToRestoreWorker = { op: 'files'; slot: number; files: RestoreFileTask[] };
export type FromRestoreWorker =
  | { op: 'files'; task: number; bytes: number; damaged?: { file: number; chunk: number }; io?: { file: number; code: string; syscall: string } }
  | { op: 'fatal'; message: string };

interface WorkerData {
  shared: SharedArrayBuffer;
  slotSize: number;
  maxChunk: number;
  bindingPath: string;
}

/** The worker's code; self-contained, it runs from its source text. */
function workerBody(req: NodeJS.Require): void {
  const { parentPort, workerData } = req('node:worker_threads') as typeof NodeWorkers;
  const fs = req('node:fs') as typeof NodeFs;
  const crypto = req('node:crypto') as typeof NodeCrypto;
  const data = workerData as WorkerData;
  const binding = req(data.bindingPath) as { DCtx: new () => { decompress(dst: Uint8Array, src: Uint8Array): number } };
  const dctx = new binding.DCtx();
  const scratch = new Uint8Array(data.maxChunk);
  const sha = typeof crypto.hash === 'function' ? (b: Uint8Array) => crypto.hash('sha256', b, 'hex') : (b: Uint8Array) => crypto.createHash('sha256').update(b).digest('hex');
  const port = parentPort!;
  const zeroBlock = 64 * 1024;

  const allZero = (b: Uint8Array) => {
    for (let i = 0; i < b.length; i++) if (b[i] !== 0) return false;
    return true;
  };
  const writeAll = (fd: number, b: Uint8Array, pos: number) => {
    let done = 0;
    while (done < b.length) done += fs.writeSync(fd, b, done, b.length - done, pos + done);
  };

  const files = (m: ToRestoreWorker & { task: number }) => {
    const slot = new Uint8Array(data.shared, m.slot * data.slotSize, data.slotSize);
    let bytes = 0;
    for (let f = 0; f < m.files.length; f++) {
      const t = m.files[f]!;
      let fd = -1;
      let syscall = 'open';
      try {
        fd = fs.openSync(t.path, t.whole ? 'wx' : 'r+', 0o600);
        for (let c = 0; c * 5 < t.chunks.length; c++) {
          const at = t.chunks[c * 5]!;
          const stored = t.chunks[c * 5 + 1]!;
          const size = t.chunks[c * 5 + 2]!;
          const zstd = t.chunks[c * 5 + 3] === 1;
          const pos = t.chunks[c * 5 + 4]!;
          const src = slot.subarray(at, at + stored);
          let out: Uint8Array = src;
          if (zstd) {
            let n: number;
            try {
              n = dctx.decompress(scratch.subarray(0, size), src);
            } catch {
              n = -1;
            }
            out = n === size ? scratch.subarray(0, size) : new Uint8Array(0);
          }
          if (out.length !== size || sha(out) !== t.ids[c]) {
            port.postMessage({ op: 'files', task: m.task, bytes, damaged: { file: f, chunk: c } });
            return;
          }
          syscall = 'write';
          if (t.sparse) {
            // Leave holes where the source had zeros: write only the non-zero 64 KiB blocks.
            for (let o = 0; o < out.length; o += zeroBlock) {
              const block = out.subarray(o, Math.min(out.length, o + zeroBlock));
              if (!allZero(block)) writeAll(fd, block, pos + o);
            }
          } else writeAll(fd, out, pos);
          bytes += size;
        }
        if (t.whole) {
          syscall = 'ftruncate';
          if (t.sparse) fs.ftruncateSync(fd, t.size);
          syscall = 'fchmod';
          fs.fchmodSync(fd, t.mode);
          syscall = 'futimes';
          fs.futimesSync(fd, t.mtimeMs / 1000, t.mtimeMs / 1000);
        }
      } catch (e) {
        const err = e as NodeJS.ErrnoException;
        port.postMessage({ op: 'files', task: m.task, bytes, io: { file: f, code: String(err.code ?? err.message), syscall: String(err.syscall ?? syscall) } });
        return;
      } finally {
        if (fd >= 0) fs.closeSync(fd);
      }
    }
    port.postMessage({ op: 'files', task: m.task, bytes });
  };

  port.on('message', (m: ToRestoreWorker & { task: number }) => {
    try {
      files(m);
    } catch (e) {
      port.postMessage({ op: 'fatal', message: String((e as Error).stack ?? e) });
    }
  });
}

const workerSource = threadSource(workerBody);

export class RestoreWorkers extends SlotWorkers<ToRestoreWorker, FromRestoreWorker> {
  constructor(
    readonly slotSize: number,
    maxChunk: number,
    threads = defaultThreads(),
    slots = threads * 2 + 1,
  ) {
    const require = createRequire(import.meta.url);
    super({
      source: workerSource,
      threads,
      slots,
      slotBytes: slotSize,
      data: (shared) => ({ shared, slotSize, maxChunk, bindingPath: require.resolve('zstd-napi/binding') }) satisfies WorkerData,
    });
  }

  slot(slot: number): Uint8Array {
    return this.view(slot, 0, this.slotSize);
  }
}
