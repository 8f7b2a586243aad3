/**
 * Folders that hold secrets (the data folder, certificates and keys, the drive journals with BitLocker keys):
 * owner-only (0700) whatever the process umask, and tightened if they already exist with more.
 *
 * `mkdir(mode)` alone is not enough: an existing folder keeps its mode, and on some systems the mode of a folder
 * created by `recursive` depends on the umask. An explicit chmod after it settles both. Where the file system
 * keeps no POSIX modes (FAT, NTFS through ntfs-3g without a user mapping) the chmod fails or does nothing; that
 * is not an error. On Windows the folder inherits its ACL from its parent (the user's profile), which is already
 * owner-only for %APPDATA%.
 */

import { chmodSync, mkdirSync, promises as fs } from 'node:fs';

export async function ensurePrivateDir(dir: string): Promise<void> {
  await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  if (process.platform !== 'win32') await fs.chmod(dir, 0o700).catch(() => undefined);
}

export function ensurePrivateDirSync(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (process.platform !== 'win32') {
    try {
      chmodSync(dir, 0o700);
    } catch {
      // a file system without POSIX modes
    }
  }
}
