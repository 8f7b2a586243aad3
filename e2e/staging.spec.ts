/** Step 3 in Chromium: invalid inputs answered one sentence each, then a real staging job with progress and its result. */

import { mkdirSync, mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from './fixtures';

let dir: string;

test.beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'offline-seed-e2e-staging-'));
  mkdirSync(path.join(dir, 'Finance'));
  writeFileSync(path.join(dir, 'Finance', 'ledger.csv'), 'date,amount\n'.repeat(50_000));
});

test.afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('checks the inputs, then stages a folder and shows the result', async ({ page, openStep }) => {
  await openStep('staging');
  const staging = path.join(dir, 'staging');
  await page.getByLabel('Staging location', { exact: true }).fill(staging);
  await page.getByLabel('Source folders, one per line').fill(path.join(dir, 'Finance'));
  await page.getByLabel('Subscription ID').fill('not-a-guid');
  await page.getByLabel('Resource group').fill('backup-rg');
  await page.getByLabel('Storage account').fill('Bad_Account');
  await page.getByLabel('Container').fill('seed');
  await page.getByLabel('Import job name').fill('finance-seed');
  await page.getByRole('button', { name: 'Check the inputs' }).click();
  await expect(page.getByText('The subscription ID “not-a-guid” is not a GUID.', { exact: false })).toBeVisible();
  await expect(page.getByText('The storage account name “Bad_Account” must be 3 to 24', { exact: false })).toBeVisible();
  expect(existsSync(staging)).toBe(false);

  await page.getByLabel('Subscription ID').fill('8f0c2f1e-7d2b-4b3a-9c1d-2e3f4a5b6c7d');
  await page.getByLabel('Storage account').fill('financeseed01');
  await page.getByRole('button', { name: 'Check the inputs' }).click();
  await expect(page.getByText('Everything is in order', { exact: false })).toBeVisible();
  await page.getByRole('button', { name: 'Start staging' }).click();
  await expect(page.getByText(/Staged 1 file .* in 1 pack\. Continue with the drives\./)).toBeVisible({ timeout: 30_000 });
  expect(existsSync(path.join(staging, 'index', 'index-000001.osi'))).toBe(true);

  // The staging job is kept with the wizard's job: leaving the step, or a reload, still shows how it ended.
  const done = page.getByText(/^Staged .* Continue with the drives\.$/);
  await page.getByRole('navigation').getByRole('button', { name: /Drives/ }).click();
  await page.getByRole('navigation').getByRole('button', { name: /Staging/ }).click();
  await expect(done).toBeVisible();
  await page.reload();
  await expect(done).toBeVisible();
  await expect(page.getByRole('button', { name: 'Start staging' })).toBeEnabled();
});
