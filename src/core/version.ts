/** The app's version and install folder, read once from package.json. */

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

function findPackage(): { root: string; version: string } | null {
  // Sources live in src/core, bundles in out/<bundle>: walk up until our package.json is found.
  let dir = path.dirname(typeof __filename === 'string' ? __filename : fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    try {
      const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'offline-seed' && pkg.version) return { root: dir, version: pkg.version };
    } catch {
      // keep walking up
    }
    dir = path.dirname(dir);
  }
  return null;
}

const found = findPackage();

export const version = found?.version ?? '0.0.0';

/** The folder holding package.json (and bin/, out/), or null in a build that has none. */
export const packageRoot = found?.root ?? null;
