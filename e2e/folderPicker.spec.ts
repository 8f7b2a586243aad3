/**
 * "Browse…" in the browser host (Chromium through src/host): the folder browser lists the server's folders from the
 * field's folder, goes into one and back up, refuses to climb out of its starting places, and the chosen folder
 * lands in the field as a full path. A relative path in the field starts the browser at its starting places.
 */

import { mkdirSync, mkdtempSync, realpathSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

/** The Browse… button of the folder field labelled `label` (its name is "Browse…"; the label describes it). */
const browseFor = (page: Page, label: string) => page.locator('.field', { has: page.getByLabel(label, { exact: true }) }).getByRole('button', { name: 'Browse…' });

let dir: string;

test.beforeAll(() => {
  dir = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'offline-seed-e2e-picker-')));
  for (const d of ['params here', 'other', path.join('other', 'inner')]) mkdirSync(path.join(dir, d), { recursive: true });
});

test.afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('Browse… picks a folder on the server and puts its full path in the field', async ({ page, openStep }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await openStep('certificate');
  const field = page.getByLabel('Folder for OfflineApplicationParams.xml', { exact: true });
  await field.fill(path.join(dir, 'other'));
  await browseFor(page, 'Folder for OfflineApplicationParams.xml').click();
  const dialog = page.getByRole('dialog', { name: 'Choose a folder' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByText(`Folder: ${path.join(dir, 'other')}`)).toBeVisible();
  await expect(dialog.getByRole('button', { name: 'inner' })).toBeVisible();

  // Up to the test's folder, into "params here", and choose it.
  await dialog.getByRole('button', { name: 'Up one level' }).click();
  await expect(dialog.getByText(`Folder: ${dir}`)).toBeVisible();
  await dialog.getByRole('button', { name: 'params here' }).click();
  await expect(dialog.getByText(`Folder: ${path.join(dir, 'params here')}`)).toBeVisible();
  await expect(dialog.getByText('No folders here.')).toBeVisible();
  await dialog.getByRole('button', { name: 'Use this folder' }).click();
  await expect(dialog).toBeHidden();
  await expect(field).toHaveValue(path.join(dir, 'params here'));

  // A relative path is not a place to start from: the starting places are shown, the temporary folder among them.
  await field.fill('relative/folder');
  await browseFor(page, 'Folder for OfflineApplicationParams.xml').click();
  await expect(dialog.getByText('Starting places').first()).toBeVisible();
  const tmp = realpathSync(os.tmpdir());
  await expect(dialog.getByRole('button', { name: tmp, exact: true })).toBeVisible();
  // From a starting place, "up" leads back to the starting places, never to its parent.
  await dialog.getByRole('button', { name: tmp, exact: true }).click();
  await expect(dialog.getByText(`Folder: ${tmp}`)).toBeVisible();
  await dialog.getByRole('button', { name: 'Starting places' }).click();
  await expect(dialog.getByRole('button', { name: tmp, exact: true })).toBeVisible();
  await expect(dialog.getByRole('button', { name: 'Use this folder' })).toBeDisabled();
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
  await expect(field).toHaveValue('relative/folder');
  expect(errors).toEqual([]);
});

test('every folder field of the staging, drive and import job steps has its Browse… button', async ({ page, openStep }) => {
  await openStep('staging');
  await page.getByRole('radio', { name: /Offline Seed/ }).check();
  await expect(browseFor(page, 'Staging location')).toHaveAccessibleDescription('Staging location');
  await page.getByRole('radio', { name: /backup agent/i }).check();
  await expect(browseFor(page, 'Staging location')).toBeVisible();
  await openStep('drives');
  await browseFor(page, 'Staging location').click();
  await page.getByRole('dialog', { name: 'Choose a folder' }).getByRole('button', { name: realpathSync(os.tmpdir()), exact: true }).click();
  await page.getByRole('dialog', { name: 'Choose a folder' }).getByRole('button', { name: 'Use this folder' }).click();
  await expect(page.getByLabel('Staging location', { exact: true })).toHaveValue(realpathSync(os.tmpdir()));
  // The import job, shipping and completion steps share one staging location field.
  await openStep('importJob');
  await expect(browseFor(page, 'Staging location')).toHaveAccessibleDescription('Staging location');
});
