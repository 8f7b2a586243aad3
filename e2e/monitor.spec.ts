/**
 * Monitor checks exactly what its fields say: by job name in a local rehearsal (the cloud chosen for the job, no
 * command-line wording), a mistyped name gets the "not found" sentence, and an older result never stays under it.
 */

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { driveInfoXml, writeLocalSession } from '../test/helpers/session';
import { startLocalAzure, type LocalAzure } from '../test/helpers/localAzure';
import { expect, test } from './fixtures';

let az: LocalAzure;
let staging: string;
let empty: string;

test.beforeAll(async () => {
  az = await startLocalAzure();
  staging = mkdtempSync(path.join(os.tmpdir(), 'offline-seed-e2e-monitor-'));
  empty = mkdtempSync(path.join(os.tmpdir(), 'offline-seed-e2e-monitor-empty-'));
  await writeLocalSession(staging, az, { jobName: 'monitor-seed', container: 'monitor' });
  mkdirSync(path.join(staging, 'journals'));
  writeFileSync(path.join(staging, 'journals', 'MON0001_DriveInfo_MON0001.xml'), driveInfoXml('MON0001'));
});

test.afterAll(async () => {
  await az?.stop();
  for (const dir of [staging, empty]) if (dir) rmSync(dir, { recursive: true, force: true });
});

test('by job name in rehearsal, a typo, and a staging location typed but not "used"', async ({ page, openStep }) => {
  await openStep('importJob');
  await page.getByLabel('Staging location').fill(staging);
  await page.getByRole('button', { name: 'Use this location' }).click();
  await page.getByRole('button', { name: 'Create the import job' }).click();
  await expect(page.getByText('Import job monitor-seed created for 1 drive.')).toBeVisible();

  await page.getByRole('navigation', { name: 'Wizard steps' }).getByRole('button', { name: /Monitor/ }).click();
  await page.getByRole('radio', { name: /By job name/ }).check();
  await page.getByLabel('Import job name').fill('monitor-seed');
  await page.getByLabel('Resource group').fill(az.profile.resourceGroup);
  await page.getByRole('button', { name: 'Check status' }).click();
  await expect(page.getByTestId('job-state')).toHaveText('Creating');

  await page.getByLabel('Import job name').fill('monitor-sede');
  // The card of the other name goes as soon as the field no longer says it.
  await expect(page.getByTestId('job-state')).toHaveCount(0);
  await page.getByRole('button', { name: 'Check status' }).click();
  await expect(page.getByRole('alert')).toContainText(
    `No import job named “monitor-sede” was found in resource group ${az.profile.resourceGroup}; check the spelling of the job name and the resource group.`,
  );
  await expect(page.getByRole('alert')).not.toContainText('--');
  // The sentence is on the field it is about, which is marked and takes the focus.
  await expect(page.getByLabel('Import job name')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByLabel('Import job name')).toBeFocused();
  await expect(page.getByTestId('job-state')).toHaveCount(0);

  // By staging location: the location typed is the one checked, without "Use this location".
  await page.getByRole('radio', { name: 'By staging location' }).check();
  await expect(page.getByLabel('Staging location', { exact: true })).toHaveValue(staging);
  await page.getByRole('button', { name: 'Check status' }).click();
  await expect(page.getByTestId('job-state')).toHaveText('Creating');
  await page.getByLabel('Staging location', { exact: true }).fill(empty);
  await page.getByRole('button', { name: 'Check status' }).click();
  await expect(page.getByRole('alert')).toContainText(`There is no Offline Seed session in ${empty}. Stage the data first on the Staging step.`);
  await expect(page.getByRole('alert')).not.toContainText('offline-seed stage');
  await expect(page.getByLabel('Staging location', { exact: true })).toBeFocused();
  await expect(page.getByTestId('job-state')).toHaveCount(0);
});
