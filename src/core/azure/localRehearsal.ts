/**
 * The built-in local Azure for rehearsals started from the wizard: one per app, state kept in the app's data
 * folder (so jobs survive a restart of the app), stopped when the app or the host stops.
 */

import path from 'node:path';
import { startEmulator, type RunningEmulator } from '../../emulator';

let running: Promise<RunningEmulator> | null = null;

export function localRehearsalStateDir(dataDir: string): string {
  return path.join(dataDir, 'local-azure');
}

/** Starts the local Azure (or returns the one already running) and gives its profile. */
export async function startLocalRehearsal(dataDir: string): Promise<RunningEmulator> {
  if (!running) {
    running = startEmulator({ stateDir: localRehearsalStateDir(dataDir) });
    running.catch(() => {
      running = null;
    });
  }
  return running;
}

export async function stopLocalRehearsal(): Promise<void> {
  const r = running;
  running = null;
  if (r) await (await r).stop();
}
