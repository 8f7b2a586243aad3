/**
 * Steps 6–9 in Chromium against the local Azure: the import job from the journals with the datacenter address,
 * the shipping form (a wrong detail shown, review, typed "yes"), the monitor by staging and by name, and verify.
 */

import { driveInfoXml, writeLocalSession } from '../test/helpers/session';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { artifactsDir, expect, fillShippingForm, test } from './fixtures';
import { startLocalAzure, type LocalAzure } from '../test/helpers/localAzure';

let az: LocalAzure;
let staging: string;

test.beforeAll(async () => {
  az = await startLocalAzure();
  staging = mkdtempSync(path.join(os.tmpdir(), 'offline-seed-e2e-staging-'));
  await writeLocalSession(staging, az, { jobName: 'wizard-seed', container: 'wizard' });
  mkdirSync(path.join(staging, 'journals'));
  for (const id of ['WIZ0001', 'WIZ0002']) {
    writeFileSync(path.join(staging, 'journals', `${id}_DriveInfo_${id}.xml`), driveInfoXml(id));
  }
});

test.afterAll(async () => {
  await az?.stop();
  if (staging) rmSync(staging, { recursive: true, force: true });
});

test.describe.configure({ mode: 'serial' });

test('import job, shipping, monitor and complete pages drive the workflow', async ({ page, openStep }) => {
  await openStep('importJob');
  await page.getByLabel('Staging location').fill(staging);
  await page.getByRole('button', { name: 'Use this location' }).click();
  await page.getByRole('button', { name: 'Create the import job' }).click();
  await expect(page.getByText('Import job wizard-seed created for 2 drives.')).toBeVisible();
  const address = page.getByRole('region', { name: 'Ship the drives of wizard-seed to:' });
  await expect(address.locator('address')).not.toBeEmpty();
  await expect(address.getByText(/Carriers accepted by this datacenter: \w+/)).toBeVisible();
  await expect(address.getByRole('button', { name: 'Print' })).toBeVisible();
  await page.screenshot({ path: path.join(artifactsDir, 'workflow-importJob-en.png'), fullPage: true });

  await page.getByRole('navigation', { name: 'Wizard steps' }).getByRole('button', { name: /Shipping/ }).click();
  await fillShippingForm(page, `WIZ${Date.now()}`, { postalCode: '9805' });
  await page.getByRole('button', { name: 'Review the details' }).click();
  await page.screenshot({ path: path.join(artifactsDir, 'workflow-shipping-form-en.png'), fullPage: true });
  await expect(page.getByText('The postal code “9805” is not valid in US (for example 98052).')).toBeVisible();
  await expect(page.getByLabel('Postal code')).toBeFocused();
  await page.getByLabel('Postal code').fill('98052');
  await page.getByRole('button', { name: 'Review the details' }).click();
  await expect(page.getByText('Review the shipping details for wizard-seed:')).toBeVisible();
  await page.screenshot({ path: path.join(artifactsDir, 'workflow-shipping-review-en.png'), fullPage: true });
  const send = page.getByRole('button', { name: 'Send to Azure' });
  await expect(send).toBeDisabled();
  await page.getByLabel('Type “yes” to send these details to Azure').fill('yes');
  await send.click();
  await expect(page.getByText('Import job wizard-seed is now Shipping: Azure expects the drives.')).toBeVisible();
  await expect(page.getByText(path.join(staging, 'shipping', 'wizard-seed.json'))).toBeVisible();

  await page.getByRole('navigation', { name: 'Wizard steps' }).getByRole('button', { name: /Monitor/ }).click();
  await page.getByRole('radio', { name: 'By staging location' }).check();
  await page.getByRole('button', { name: 'Check status' }).click();
  await expect(page.getByTestId('job-state')).toHaveText('Shipping');
  await expect(page.getByText('The drives are on their way.')).toBeVisible();
  await expect(page.getByRole('cell', { name: 'WIZ0001' })).toBeVisible();
  await page.screenshot({ path: path.join(artifactsDir, 'workflow-monitor-en.png'), fullPage: true });

  await page.getByRole('navigation', { name: 'Wizard steps' }).getByRole('button', { name: /Complete/ }).click();
  await page.getByRole('button', { name: 'Verify the blobs' }).click();
  // No drive was imported in this rehearsal: the page says what verify needs, with diagnostics.
  await expect(page.getByRole('alert')).toContainText('No drive manifests were found');
});

test('the monitor page speaks French and explains the state', async ({ page, openStep }) => {
  await openStep('monitor', 'fr');
  await page.getByRole('radio', { name: 'Par emplacement intermédiaire' }).check();
  // The location typed is the one checked: no "use this location" first.
  await page.getByLabel('Emplacement intermédiaire', { exact: true }).fill(staging);
  await page.getByRole('button', { name: "Vérifier l'état" }).click();
  await expect(page.getByText('Les disques sont en route.')).toBeVisible();
});
