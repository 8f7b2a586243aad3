/**
 * Starts the built Electron main process (out/main/main.mjs, or another build of it) under the Electron stand-in, in
 * this process: `import 'electron'` in it resolves to the stand-in (test/electron/hooks.mjs), each launch gets a
 * fresh instance of the main module and of the stand-in, and Electron's `ready` follows the module's evaluation.
 */

import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire, register } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ElectronStandIn, type StandInBrowserWindow, type StandInOptions } from './standin';

const registryKey = Symbol.for('offline-seed.electron-stand-in');
const registry = ((globalThis as Record<symbol, unknown>)[registryKey] ??= new Map<string, ElectronStandIn>()) as Map<string, ElectronStandIn>;

let hooked = false;
let launches = 0;

/** Node's own import(), not the test runner's: the built main must load as Electron would load it. */
const nativeImport = createRequire(import.meta.url)('./nativeImport.cjs') as (url: string) => Promise<unknown>;

export const builtMain = path.resolve('out/main/main.mjs');

export interface LaunchedApp {
  electron: ElectronStandIn;
  /** The app's data folder (OFFLINE_SEED_DATA_DIR) and the folder Chromium's profile goes under (XDG_CACHE_HOME). */
  dataDir: string;
  cacheDir: string;
  /** Resolves with the first window once it is shown. */
  shown(): Promise<StandInBrowserWindow>;
  /** Quits (if not already), waits for the end, restores the environment and removes the temporary folders. */
  close(): Promise<void>;
}

export async function launchApp(o: { main?: string; options?: StandInOptions; env?: Record<string, string> } = {}): Promise<LaunchedApp> {
  if (!hooked) {
    register(pathToFileURL(path.resolve('test/electron/hooks.mjs')).href);
    hooked = true;
  }
  const root = mkdtempSync(path.join(os.tmpdir(), 'os-electron-'));
  const dataDir = path.join(root, 'data');
  const cacheDir = path.join(root, 'cache');
  const env: Record<string, string> = { OFFLINE_SEED_DATA_DIR: dataDir, XDG_CACHE_HOME: cacheDir, ...o.env };
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, env);
  const electron = new ElectronStandIn(o.options);
  const id = String(++launches);
  registry.set(id, electron);
  try {
    await nativeImport(`${pathToFileURL(o.main ?? builtMain).href}?standin=${id}`);
  } catch (e) {
    registry.delete(id);
    throw e;
  }
  electron.start();
  const shown = new Promise<StandInBrowserWindow>((resolve) => {
    electron.app.on('browser-window-created', (_e: unknown, win: StandInBrowserWindow) => {
      if (win.isVisible()) resolve(win);
      else win.once('show', () => resolve(win));
    });
  });
  return {
    electron,
    dataDir,
    cacheDir,
    shown: () => shown,
    async close() {
      if (electron.exitCode === null) {
        electron.app.quit();
        await electron.exited;
      }
      registry.delete(id);
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
      rmSync(root, { recursive: true, force: true });
    },
  };
}
