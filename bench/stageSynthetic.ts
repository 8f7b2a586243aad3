/**
 * Bench helper (bundled by bench/stage.ts): N synthetic chunk ids (a fifth of them repeats of earlier ones)
 * through the bounded chunk index and the index writer, ten chunks per file line, without any file data —
 * the bookkeeping of a seed of N chunks (~1 MiB each: 10 million is about 10 TB).
 */

import { promises as fs } from 'node:fs';
import path from 'node:path';
import { ChunkIndex, type ChunkLoc } from '../src/core/staging/chunkIndex';
import { IndexWriter, type ChunkRefTuple } from '../src/core/staging/indexFile';

const [dir, count] = process.argv.slice(2);
const n = Number(count);
await fs.mkdir(dir!, { recursive: true });

/** A 64-hex-digit id made from a number (murmur-style mixing; stands in for SHA-256). */
function id(i: number): string {
  let out = '';
  for (let k = 0; k < 8; k++) {
    let h = Math.imul(i ^ (k * 0x9e3779b9), 0x85ebca6b) ^ Math.imul(Math.floor(i / 4294967296) + k, 0xc2b2ae35);
    h ^= h >>> 13;
    h = Math.imul(h, 0x27d4eb2f);
    h ^= h >>> 16;
    out += (h >>> 0).toString(16).padStart(8, '0');
  }
  return out;
}

const started = performance.now();
const index = new ChunkIndex({ dir: path.join(dir!, 'runs') });
const writer = await IndexWriter.create(path.join(dir!, 'index.osi'));
writer.line({ t: 'h', format: 'offline-seed-index', version: 2, createdAt: new Date().toISOString(), chunkParams: { min: 524288, avg: 1048576, max: 4194304 }, sources: [{ name: 'synthetic', path: '/synthetic' }] });
let x = 1;
let fresh = 0;
let offset = 8;
let refs: ChunkRefTuple[] = [];
let files = 0;
for (let i = 0; i < n; i++) {
  x ^= x << 13;
  x ^= x >>> 17;
  x ^= x << 5;
  const repeat = i > 0 && (x >>> 0) % 5 === 0;
  const key = id(repeat ? (x >>> 0) % fresh : fresh);
  let loc: ChunkLoc | undefined = index.get(key);
  if (!loc) {
    loc = { pack: 1 + Math.floor(fresh / 1000), offset, stored: 700_000, size: 1_048_576, zstd: true };
    offset = fresh % 1000 === 999 ? 8 : offset + 700_000;
    index.add(key, loc);
    fresh++;
  }
  refs.push([key, loc.pack, loc.offset, loc.stored, loc.size, 1]);
  if (refs.length === 10) {
    writer.line({ t: 'f', s: 0, p: `file-${files++}`, mode: 0o644, mtimeMs: 0, size: 10 * 1_048_576, sig: '0:0:0:0', c: refs });
    refs = [];
    if (writer.backlog > 16 * 1024 * 1024) await writer.settle();
  }
}
writer.line({ t: 'e', entries: files, packs: 0 });
await writer.finish();
const seconds = (performance.now() - started) / 1000;
const result = { chunks: n, distinct: fresh, runs: index.runCount, seconds: Number(seconds.toFixed(1)), indexMiB: Number(((await fs.stat(path.join(dir!, 'index.osi'))).size / 1048576).toFixed(0)) };
index.close();
await fs.writeFile(path.join(dir!, 'result.json'), JSON.stringify(result));
process.stdout.write(`${JSON.stringify(result)}\n`);
