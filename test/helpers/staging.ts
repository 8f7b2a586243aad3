/** A staged folder for tests of the drives and copy steps (no test runner imported: Vitest and Playwright both use it). */

import { createCipheriv, createHash, randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { createJobContext } from '../../src/core/jobs';
import { listShippableFiles } from '../../src/core/staging/layout';
import { writeStaging } from '../../src/core/staging/writer';

/**
 * A staged folder's files for the copy alone: an `index/index-000001.osi` stand-in plus packs of exactly the given
 * sizes (random bytes). Not a staging location diskprep accepts (its check reads packs against a real index): for
 * that, `stageForDrives`.
 */
export async function makeStaging(dir: string, packMiB: number[], extraKiB = 0): Promise<Array<{ relPath: string; size: number }>> {
  await fs.mkdir(path.join(dir, 'index'), { recursive: true });
  await fs.mkdir(path.join(dir, 'packs'), { recursive: true });
  const out: Array<{ relPath: string; size: number }> = [];
  const idx = Buffer.from(JSON.stringify({ files: packMiB.length, note: 'x'.repeat(extraKiB * 1024) }));
  await fs.writeFile(path.join(dir, 'index', 'index-000001.osi'), idx);
  out.push({ relPath: 'index/index-000001.osi', size: idx.length });
  for (const [i, mib] of packMiB.entries()) {
    const name = `packs/pack-${String(i + 1).padStart(6, '0')}.osp`;
    const size = Math.round(mib * 1024 * 1024) + i * 4099; // odd sizes: last blocks shorter than 4 MiB
    await fs.writeFile(path.join(dir, name), randomBytes(size));
    out.push({ relPath: name, size });
  }
  // Files that must never ship.
  await fs.writeFile(path.join(dir, 'packs', 'pack-000099.osp.tmp'), 'partial');
  return out;
}

/**
 * A real staging location (the staging step's own writer) of `packMiB.length` packs holding the sum of `packMiB`
 * in MiB: what diskprep ships and checks first. The data is pseudo-random from `seed` (incompressible, the
 * same every run), so the packs come out the same every time; throws if their count is not `packMiB.length`.
 */
export async function stageForDrives(dir: string, packMiB: number[], seed = 'offline-seed'): Promise<Array<{ relPath: string; size: number }>> {
  const source = `${dir}.source`;
  await fs.mkdir(source, { recursive: true });
  const key = createHash('sha256').update(seed).digest();
  for (const [i, mib] of packMiB.entries()) {
    const stream = createCipheriv('aes-256-ctr', key, Buffer.alloc(16, i));
    await fs.writeFile(path.join(source, `part-${i + 1}.bin`), stream.update(Buffer.alloc(Math.round(mib * 1024 * 1024))));
  }
  await fs.mkdir(dir, { recursive: true });
  // Packs a little larger than the largest part, so chunk boundaries never spill a sliver into one more pack.
  const packSize = Math.round(Math.max(...packMiB) * 1.2 * 1024 * 1024);
  await writeStaging({ stagingDir: dir, sources: [{ path: source, name: 'source' }], packSize }, createJobContext('stage'));
  const files = await listShippableFiles(dir);
  if (files.length !== packMiB.length + 1) throw new Error(`stageForDrives: ${files.length - 1} packs instead of ${packMiB.length}`);
  return files;
}
