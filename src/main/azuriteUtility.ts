/**
 * Azurite in the app: an Electron utility process running out/azurite/azurite.cjs (azuriteWatchdog.cjs with Azurite
 * inlined, built by scripts/build.mjs).
 *
 * In Electron, `process.execPath` is the app itself; with the runAsNode fuse off it cannot run a script, so a Node
 * child would be a second Offline Seed (Electron's fuses documentation points to utility processes instead). The
 * script sits outside the asar (electron-builder.yml unpacks out/azurite): loaded from a real folder, with nothing to
 * resolve from node_modules. Only after the app is ready (utilityProcess.fork refuses before).
 */

import { utilityProcess } from 'electron';
import path from 'node:path';
import type { AzuriteLauncher } from '../emulator';

/** How often main tells the utility process it is alive; the process stops after three missed beats. */
export const heartbeatMs = 2000;

/** The same path outside the asar: a utility process is started from a real file (electron-builder unpacks it). */
export function unpackedPath(file: string): string {
  return file.replace(/([\\/])app\.asar([\\/])/, '$1app.asar.unpacked$2');
}

/** Where the build puts the Azurite process's script, relative to out/main. */
export function azuriteScript(mainDir: string): string {
  return unpackedPath(path.join(mainDir, '..', 'azurite', 'azurite.cjs'));
}

export function utilityAzuriteLauncher(script: string): AzuriteLauncher {
  return ({ args, env }) => {
    const child = utilityProcess.fork(script, args, {
      env: { ...env, OFFLINE_SEED_AZURITE_HEARTBEAT_MS: String(heartbeatMs) },
      stdio: ['ignore', 'ignore', 'pipe'],
      serviceName: 'Offline Seed local Azure storage',
    });
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-2000)));
    const beat = setInterval(() => child.postMessage('ping'), heartbeatMs);
    let ended = false;
    const exited = new Promise<void>((resolve) => {
      child.once('exit', () => {
        ended = true;
        clearInterval(beat);
        resolve();
      });
    });
    return {
      get pid() {
        return ended ? undefined : child.pid;
      },
      onMessage: (listener) => child.on('message', listener),
      send(message) {
        if (!ended) child.postMessage(message);
      },
      exited,
      stderrTail: () => stderr,
      kill() {
        if (!ended) child.kill();
      },
      // Main's lifetime is the app's, not its event loop's: nothing to let go of.
      detach: () => undefined,
    };
  };
}
