/**
 * The real Electron window: security settings live, the preload's API, a request through IPC.
 *
 * Runs where Electron's binary exists (`npm run build` first); elsewhere it is skipped and says why.
 */

import { _electron as electron } from '@playwright/test';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';

function electronBinary(): string | null {
  try {
    const dir = path.dirname(createRequire(import.meta.url).resolve('electron/package.json'));
    const pathFile = path.join(dir, 'path.txt');
    if (!existsSync(pathFile)) return null;
    const bin = path.join(dir, 'dist', readFileSync(pathFile, 'utf8'));
    return existsSync(bin) ? bin : null;
  } catch {
    return null;
  }
}

const binary = electronBinary();
// Said once, by the process that collects the tests (workers load this file too); npm test's summary repeats it.
if (!binary && process.env.TEST_WORKER_INDEX === undefined) {
  process.stdout.write("[skip] e2e/electron.spec.ts: Electron's binary is not installed (it cannot be downloaded without internet)\n");
}

/** Electron with its own data and Chromium folders, so a run touches nothing of the user's. */
async function launch() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'offline-seed-electron-'));
  const app = await electron.launch({
    executablePath: binary!,
    args: ['.'],
    env: { ...process.env, OFFLINE_SEED_DATA_DIR: path.join(dir, 'data'), XDG_CACHE_HOME: path.join(dir, 'cache'), LOCALAPPDATA: path.join(dir, 'local') },
  });
  return { app, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

test.describe('Electron window', () => {
  test.skip(!binary, 'Electron binary not installed (it cannot be downloaded without internet)');

  test('is isolated, sandboxed and answers through the preload', async () => {
    const { app, cleanup } = await launch();
    try {
      const page = await app.firstWindow();
      await expect(page.locator('#page-title')).toBeVisible();
      // Electron offers no API to read a window's webPreferences back, so check their effects in the page:
      // no Node globals (nodeIntegration off), a frozen bridge object (contextIsolation), no <webview>.
      expect(page.url()).toMatch(/^app:\/\/offline-seed\//);
      const surface = await page.evaluate(() => ({
        keys: Object.keys((window as unknown as { offlineSeed: object }).offlineSeed).sort(),
        hasRequire: typeof (window as unknown as { require?: unknown }).require !== 'undefined',
        hasProcess: typeof (window as unknown as { process?: unknown }).process !== 'undefined',
        frozen: Object.isFrozen((window as unknown as { offlineSeed: object }).offlineSeed),
        webview: typeof customElements.get('webview') !== 'undefined',
      }));
      expect(surface).toEqual({ keys: ['request', 'subscribe'], hasRequire: false, hasProcess: false, frozen: true, webview: false });
      const info = await page.evaluate(() =>
        (window as unknown as { offlineSeed: { request(n: string, a: unknown): Promise<unknown> } }).offlineSeed.request('app.info', {}),
      );
      expect(info).toMatchObject({ ok: true, result: { name: 'Offline Seed', capabilities: { shell: 'electron' } } });
      // Navigation away from the app and new windows are blocked.
      await page.evaluate(() => window.open('https://example.com'));
      expect(app.windows()).toHaveLength(1);
    } finally {
      await app.close();
      cleanup();
    }
  });

  test('lets the page write the clipboard and nothing else', async () => {
    const { app, cleanup } = await launch();
    try {
      const page = await app.firstWindow();
      await expect(page.locator('#page-title')).toBeVisible();
      await page.locator('#page-title').click();
      const outcome = await page.evaluate(async () => {
        const write = await navigator.clipboard.writeText('offline-seed').then(() => 'written', (e: Error) => e.name);
        const read = await navigator.clipboard.readText().then(() => 'read', (e: Error) => e.name);
        const notifications = await Notification.requestPermission();
        return { write, read, notifications };
      });
      expect(outcome).toEqual({ write: 'written', read: 'NotAllowedError', notifications: 'denied' });
      expect(await app.evaluate(({ clipboard }) => clipboard.readText())).toBe('offline-seed');
    } finally {
      await app.close();
      cleanup();
    }
  });

  test('runs the local Azure’s Azurite in a utility process and stops it on quit', async () => {
    const { app, cleanup } = await launch();
    try {
      const page = await app.firstWindow();
      await expect(page.locator('#page-title')).toBeVisible();
      const started = await page.evaluate(() =>
        (window as unknown as { offlineSeed: { request(n: string, a: unknown): Promise<unknown> } }).offlineSeed.request('azure.startLocalRehearsal', {}),
      );
      expect(started).toMatchObject({ ok: true, result: { cloud: expect.stringMatching(/cloud\.json$/) } });
      const utility = await app.evaluate(({ app: a }) => a.getAppMetrics().filter((m) => m.type === 'Utility' && m.name === 'Offline Seed local Azure storage').length);
      expect(utility).toBe(1);
    } finally {
      await app.close();
      cleanup();
    }
  });
});
