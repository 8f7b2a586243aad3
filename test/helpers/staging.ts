/** A staged folder for tests of the drives and copy steps (no test runner imported: Vitest and Playwright both use it). */

import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';

/** A staged folder: an `index/index-000001.osi` stand-in plus packs of the given sizes (random bytes). */
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
