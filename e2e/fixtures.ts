/** Playwright fixtures: each test serves the built renderer through src/host with its own token; data folders are per spec file. */

import { test as base, expect } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startHost, type RunningHost } from '../src/host/server';
import type { Language } from '../src/shared/i18n/languages';
import { catalogs } from '../src/shared/i18n';

/** One data folder per spec file: tests of a file share sign-ins and certificates, other files start clean. */
const dataDirs = new Map<string, string>();
process.on('exit', () => {
  for (const dir of dataDirs.values()) rmSync(dir, { recursive: true, force: true });
});

export const test = base.extend<{ host: RunningHost; openStep: (step?: string, lang?: Language) => Promise<void> }>({
  // Playwright needs the destructuring pattern even when no fixture is used.
  // eslint-disable-next-line no-empty-pattern
  host: async ({}, use, testInfo) => {
    let dataDir = dataDirs.get(testInfo.file);
    if (!dataDir) {
      dataDir = mkdtempSync(path.join(os.tmpdir(), 'offline-seed-e2e-'));
      dataDirs.set(testInfo.file, dataDir);
    }
    const host = await startHost({ staticDir: path.resolve('out/renderer'), dataDir });
    await use(host);
    await host.close();
  },
  openStep: async ({ page, host }, use) => {
    await use(async (step = 'signIn', lang = 'en') => {
      await page.goto(`http://127.0.0.1:${host.port}/?token=${encodeURIComponent(host.token)}&lang=${lang}#/${step}`);
      const titles = catalogs.app[lang].steps as Record<string, { title: string }>;
      await expect(page.locator('#page-title')).toHaveText(titles[step]!.title);
    });
  },
});

export { expect };

/** Where screenshots kept as test artifacts go. */
export const artifactsDir = path.resolve('e2e/artifacts');
