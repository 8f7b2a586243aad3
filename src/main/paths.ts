/**
 * Where the app's files go. Two folders, never the same:
 *   - the app data folder (src/core/platform/appDataDir.ts, %APPDATA%\Offline Seed on Windows): tokens, private keys,
 *     the local Azure's state; 0700, shared with the command line;
 *   - Chromium's profile (Electron's `userData`, which also holds `sessionData`, Local State, GPU and code caches and
 *     crash reports): a local, non-roaming cache folder of its own.
 * Electron's default `userData` is `%APPDATA%\<productName>`, the app data folder itself: the secrets would sit among
 * Chromium's caches, which a user or a cleanup tool empties and a roaming profile copies around.
 */

import os from 'node:os';
import path from 'node:path';

export function chromiumProfileDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform, home = os.homedir()): string {
  if (platform === 'win32') return path.join(env.LOCALAPPDATA ?? path.join(home, 'AppData', 'Local'), 'Offline Seed', 'Chromium');
  if (platform === 'darwin') return path.join(home, 'Library', 'Caches', 'Offline Seed', 'Chromium');
  return path.join(env.XDG_CACHE_HOME ?? path.join(home, '.cache'), 'offline-seed', 'chromium');
}
