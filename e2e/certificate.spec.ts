/**
 * Steps 1–2 in Chromium against the local Azure: device-code sign-in shown on the page, CreateNewApplication with the
 * thumbprint, registry entries, and a second run that shows the manual-upload checklist.
 */

import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from './fixtures';
import { startLocalAzure, type LocalAzure } from '../test/helpers/localAzure';

let az: LocalAzure;
let folder: string;
const previousCloud = process.env.OFFLINE_SEED_CLOUD;

test.beforeAll(async () => {
  az = await startLocalAzure();
  folder = mkdtempSync(path.join(os.tmpdir(), 'offline-seed-e2e-cert-'));
  // The host serving the pages runs in this worker: its requests without a cloud use the local Azure.
  process.env.OFFLINE_SEED_CLOUD = az.profilePath;
});

test.afterAll(async () => {
  if (previousCloud === undefined) delete process.env.OFFLINE_SEED_CLOUD;
  else process.env.OFFLINE_SEED_CLOUD = previousCloud;
  await az?.stop();
  if (folder) rmSync(folder, { recursive: true, force: true });
});

test.describe.configure({ mode: 'serial' });

test('sign in, create the application and certificate, register, then the manual path', async ({ page, openStep }) => {
  await openStep('signIn');
  await expect(page.getByText('Not signed in.')).toBeVisible();
  await page.getByRole('button', { name: 'Sign in with a code' }).click();
  await expect(page.getByText(`Signed in as ${az.profile.operator.userPrincipalName} (operator).`)).toBeVisible();

  await openStep('certificate');
  await page.getByLabel('Subscription ID').fill('not-a-guid');
  await page.getByLabel('Folder for OfflineApplicationParams.xml').fill(folder);
  await page.getByRole('button', { name: 'Create application and certificate' }).click();
  await expect(page.getByText('"not-a-guid" is not a subscription id')).toBeVisible();
  await page.getByLabel('Subscription ID').fill(az.profile.subscriptionId);
  await page.getByRole('button', { name: 'Create application and certificate' }).click();
  await expect(page.getByText('The application and its certificate are ready.')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByText(/^[0-9A-F]{40}$/)).toBeVisible();
  await expect(page.getByText(path.join(folder, 'OfflineApplicationParams.xml'))).toBeVisible();

  await page.getByLabel('Storage account for offline backup').fill(az.profile.storageAccount.name);
  await page.getByRole('button', { name: 'Add registry entries' }).click();
  await expect(page.getByText(`Registered: AzureADAppCertThumbprint_${az.profile.operator.objectId}`)).toBeVisible();

  await page.getByRole('button', { name: 'Create application and certificate' }).click();
  await expect(page.getByRole('region', { name: 'Upload the certificate by hand:' }).or(page.getByText('Upload the certificate by hand:'))).toBeVisible();
  await expect(page.getByRole('button', { name: 'Open the application in the Azure portal' })).toBeVisible();
  await page.getByRole('button', { name: 'Check the upload now' }).click();
  await expect(page.getByText('Azure does not show the certificate yet. Upload it, then check again.')).toBeVisible();
});
