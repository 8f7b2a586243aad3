/**
 * Copy buttons in Chromium: a refused clipboard (the permission denied, as Electron denies every permission but the
 * app's own clipboard writing) shows a sentence on the page and leaves no unhandled rejection; an allowed one copies.
 */

import { readFileSync, readdirSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

const previousCloud = process.env.OFFLINE_SEED_CLOUD;
// The host serving the pages runs in this worker: its requests without a cloud fail at once, without a network.
test.beforeAll(() => {
  process.env.OFFLINE_SEED_CLOUD = path.join(os.tmpdir(), 'offline-seed-no-such-cloud', 'cloud.json');
});
test.afterAll(() => {
  if (previousCloud === undefined) delete process.env.OFFLINE_SEED_CLOUD;
  else process.env.OFFLINE_SEED_CLOUD = previousCloud;
});

/** Makes "Create application and certificate" fail (its cloud profile is missing), which shows "Copy diagnostics". */
async function showAnError(page: Page) {
  await page.getByLabel('Subscription ID').fill('00000000-0000-0000-0000-000000000000');
  await page.getByLabel('Folder for OfflineApplicationParams.xml').fill('/nonexistent/offline-seed');
  await page.getByRole('button', { name: 'Create application and certificate' }).click();
  await expect(page.getByRole('button', { name: 'Copy diagnostics' })).toBeVisible({ timeout: 30_000 });
}

test('a refused clipboard says so on the page; an allowed one copies the diagnostics', async ({ page, context, host, openStep }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const origin = `http://127.0.0.1:${host.port}`;
  // Chromium's own refusal (NotAllowedError: Write permission denied), for this page's browser context.
  const cdp = await context.newCDPSession(page);
  const { targetInfo } = await cdp.send('Target.getTargetInfo');
  await cdp.send('Browser.setPermission', { browserContextId: targetInfo.browserContextId!, origin, permission: { name: 'clipboard-write' }, setting: 'denied' });

  await openStep('certificate');
  await showAnError(page);
  await page.getByRole('button', { name: 'Copy diagnostics' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Copying to the clipboard failed; select the text and copy it with Ctrl+C' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Copy diagnostics' })).toBeVisible();
  expect(errors).toEqual([]);

  // Granting replaces the refusal (Browser.grantPermissions denies what it does not list).
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
  await page.getByRole('button', { name: 'Copy diagnostics' }).click();
  await expect(page.getByRole('button', { name: 'Copied' })).toBeVisible();
  await expect(page.getByText('Copying to the clipboard failed')).toHaveCount(0);
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(JSON.parse(copied)).toMatchObject({ code: expect.stringMatching(/^\w+:errors\./), message: expect.any(String) });
  expect(errors).toEqual([]);
});

test('every copy button of the wizard is the one that handles a refusal', () => {
  const uses: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const p = path.join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.tsx?$/.test(name) && readFileSync(p, 'utf8').includes('navigator.clipboard')) uses.push(path.relative('src/renderer', p));
    }
  };
  walk('src/renderer');
  expect(uses).toEqual([path.join('components', 'ui.tsx')]);
});
