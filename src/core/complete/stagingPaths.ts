/** Maps a file on a drive (a manifest's FilePath) back to the staging file it was copied from. */

import { shippedDirs } from '../../shared/stagingLayout';

/** A staging-relative path ('packs/000001.pack', 'index/…') from a drive FilePath, or null when it is not a staging file. */
export function stagingPathOf(filePath: string): string | null {
  const parts = filePath.replace(/\\/g, '/').split('/').filter(Boolean);
  const i = parts.findIndex((p) => (shippedDirs as readonly string[]).includes(p));
  return i === -1 ? null : parts.slice(i).join('/');
}
