/**
 * The app's own data folder (tokens, private keys, settings): never the staging location.
 *
 * OFFLINE_SEED_DATA_DIR wins (tests, portable use); then %APPDATA%\Offline Seed on Windows,
 * ~/Library/Application Support/Offline Seed on macOS, $XDG_CONFIG_HOME/offline-seed or ~/.config/offline-seed elsewhere.
 * Created with mode 0700 because it holds secrets.
 */

import os from 'node:os';
import path from 'node:path';
import { ensurePrivateDirSync } from '../files/privateDir';
import { OfflineSeedError } from '../../shared/errors';

export function appDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.OFFLINE_SEED_DATA_DIR) return path.resolve(env.OFFLINE_SEED_DATA_DIR);
  const home = os.homedir();
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'Offline Seed');
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'Offline Seed');
  return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), 'offline-seed');
}

/** The data folder, created (0700, whatever the umask) if missing, tightened to 0700 if it exists with more. */
export function ensureAppDataDir(env: NodeJS.ProcessEnv = process.env): string {
  const dir = appDataDir(env);
  try {
    ensurePrivateDirSync(dir);
  } catch (e) {
    throw new OfflineSeedError({ code: 'app:errors.dataDirUnusable', params: { dir, reason: (e as NodeJS.ErrnoException).code ?? 'EIO' }, exitCode: 2, cause: e });
  }
  return dir;
}
