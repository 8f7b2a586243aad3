/** Playwright fixtures: each worker serves the built renderer through src/host with its own token and data folder. */

import { test as base, expect } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startHost, type RunningHost } from '../src/host/server';
import type { Language } from '../src/shared/i18n/languages';
import { catalogs } from '../src/shared/i18n';

export const test = base.extend<{ openStep: (step?: string, lang?: Language) => Promise<void> }, { host: RunningHost }>({
  host: [
    // Playwright needs the destructuring pattern even when no fixture is used.
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const dataDir = mkdtempSync(path.join(os.tmpdir(), 'offline-seed-e2e-'));
      const host = await startHost({ staticDir: path.resolve('out/renderer'), dataDir });
      await use(host);
      await host.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
    { scope: 'worker' },
  ],
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
