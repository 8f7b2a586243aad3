/**
 * The built-in local Azure for rehearsals started from the wizard: one per app, state kept in the app's data
 * folder (so jobs survive a restart of the app), stopped when the app or the host stops.
 *
 * Core never imports the local Azure (src/emulator is the independent party that checks what core writes): the
 * front end that wires core (Electron main, the host) passes its starter in, `startEmulator` from src/emulator.
 */

import path from 'node:path';
import type { LocalCloudProfile } from '../../shared/cloud';

/** What core needs of a running local Azure. */
export interface LocalAzure {
  profile: LocalCloudProfile;
  /** Where the profile was written (`<state>/cloud.json`): the cloud choice for later requests. */
  profilePath: string;
  stop(): Promise<void>;
}

/** Starts a local Azure keeping its state in `stateDir` (src/emulator's `startEmulator`). */
export type LocalAzureStarter<T extends LocalAzure = LocalAzure> = (opts: { stateDir: string }) => Promise<T>;

let running: Promise<LocalAzure> | null = null;

export function localRehearsalStateDir(dataDir: string): string {
  return path.join(dataDir, 'local-azure');
}

/**
 * Starts the local Azure with `start` (or returns the one already running in this process) and gives it back as
 * `start` made it, so a test can reach the emulator's own controls. `onStarting` is called only when it really
 * starts one (not when it hands back the running one), so a front end says "starting" only then.
 */
export async function startLocalRehearsal<T extends LocalAzure>(dataDir: string, start: LocalAzureStarter<T>, onStarting?: () => void): Promise<T> {
  if (!running) {
    onStarting?.();
    const started = start({ stateDir: localRehearsalStateDir(dataDir) });
    running = started;
    started.catch(() => {
      if (running === started) running = null;
    });
  }
  return running as Promise<T>;
}

/**
 * Waits for a start of the local Azure under way in this process when `cloud` names its profile: the local Azure
 * removes its cloud.json when it starts and writes it once it listens, so a request reading the profile in between
 * would find none.
 */
export async function localRehearsalReady(dataDir: string, cloud: string | undefined): Promise<void> {
  const r = running;
  if (!r || !cloud) return;
  if (path.resolve(cloud).startsWith(localRehearsalStateDir(dataDir) + path.sep)) await r.catch(() => undefined);
}

export async function stopLocalRehearsal(): Promise<void> {
  const r = running;
  running = null;
  if (r) await (await r).stop();
}
