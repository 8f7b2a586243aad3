/** The shippable part of a staging location: the final files under `index/` and `packs/`. */

import { promises as fs } from 'node:fs';
import path from 'node:path';
import { shippedDirs, stagingLayout } from '../../shared/stagingLayout';
import { packNamePattern } from './packs';

/** Index files are `index-NNNNNN.osi`; anything else (temp names) is never shipped. */
export const indexNamePattern = /^index-(\d{6,})\.osi$/;

/** Staging-relative path of the finished index, or null when staging has not finished. */
export async function findIndex(stagingDir: string): Promise<string | null> {
  const names = await fs.readdir(path.join(stagingDir, stagingLayout.indexDir)).catch(() => [] as string[]);
  const name = names.filter((n) => indexNamePattern.test(n)).sort()[0];
  return name ? `${stagingLayout.indexDir}/${name}` : null;
}

/**
 * Exactly the final files to copy onto drives, `index/` first then `packs/`, each sorted, with '/' separators
 * (e.g. `packs/pack-000001.osp`). Temporary and unfinished files are never listed.
 */
export async function listShippableFiles(stagingDir: string): Promise<Array<{ relPath: string; size: number }>> {
  const out: Array<{ relPath: string; size: number }> = [];
  for (const dir of shippedDirs) {
    const pattern = dir === stagingLayout.indexDir ? indexNamePattern : packNamePattern;
    let names: string[];
    try {
      names = await fs.readdir(path.join(stagingDir, dir));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw e;
    }
    for (const name of names.filter((n) => pattern.test(n)).sort()) {
      const st = await fs.stat(path.join(stagingDir, dir, name));
      if (st.isFile()) out.push({ relPath: `${dir}/${name}`, size: st.size });
    }
  }
  return out;
}
