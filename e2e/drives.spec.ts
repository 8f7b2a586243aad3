/** Steps 4 and 5 in Chromium: the drive list with a mounted folder, the packing plan, the copy job and the verified result. */

import { mkdirSync, mkdtempSync, readdirSync, realpathSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from './fixtures';
import { writeSession } from '../src/core/session/sessionFile';
import { sessionFixture } from '../test/helpers/session';
import { stageForDrives } from '../test/helpers/staging';

let dir: string;
let staging: string;
let drive: string;

test.beforeAll(async () => {
  dir = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'offline-seed-e2e-drives-')));
  staging = path.join(dir, 'staging');
  await stageForDrives(staging, [1, 1]);
  await writeSession(staging, sessionFixture({ cloud: path.join(dir, 'cloud.json'), importJobName: 'pageseed' }));
  drive = path.join(dir, 'drive1');
  mkdirSync(drive);
});

test.afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('lists a mounted folder, shows the plan, copies onto it and shows it verified', async ({ page, openStep }) => {
  await openStep('drives');
  await page.getByLabel('Staging location').fill(staging);
  await page.getByLabel('Mounted folders to use as drives (one per line, optional)').fill(drive);
  await page.getByRole('button', { name: 'Show the drives' }).click();
  const use = page.getByRole('checkbox', { name: `Use dir:${drive}` });
  await expect(use).toBeVisible();
  await expect(page.getByRole('checkbox', { name: `Use dir:${path.join(staging)}` })).toHaveCount(0);
  await use.check();
  await page.getByRole('button', { name: 'Show the packing plan' }).click();
  await expect(page.getByText(/3 files \(.*\) need 1 drive\(s\); you chose 1\./)).toBeVisible();
  await page.getByRole('button', { name: 'Copy', exact: true }).click();
  await expect(page.getByText('The drives are being prepared', { exact: false })).toBeVisible();
  await page.evaluate(() => {
    window.location.hash = '#/copy';
  });
  await expect(page.getByText('Every byte verified')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByText('1 drive(s) are ready', { exact: false })).toBeVisible();
  expect(readdirSync(drive).sort()).toEqual(['DriveManifest.xml', 'OfflineSeedBitLocker.json', 'pageseed']);
});
