/**
 * Steps 1–2 in Chromium against the local Azure: device-code sign-in shown on the page, CreateNewApplication with the
 * thumbprint, registry entries; then the step run again, which never dead-ends: "Use it", "Upload this computer's
 * certificate" (the local Azure takes it from the page), a relative folder refused, and the advanced "Replace".
 */

import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
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

const create = (page: Page) => page.getByRole('button', { name: 'Create application and certificate' }).click();

async function register(page: Page, thumbprint: string) {
  await expect(page.getByLabel('Path of OfflineApplicationParams.xml')).toHaveValue(path.join(folder, 'OfflineApplicationParams.xml'));
  await page.getByLabel('Storage account for offline backup').fill(az.profile.storageAccount.name);
  await page.getByRole('button', { name: 'Add registry entries' }).click();
  await expect(page.getByText(`Registered: AzureADAppCertThumbprint_${az.profile.operator.objectId}`)).toBeVisible();
  expect(readFileSync(path.join(folder, 'OfflineApplicationParams.xml'), 'utf8')).toContain(thumbprint);
}

test('sign in, create the application and certificate, register', async ({ page, openStep }) => {
  await openStep('signIn');
  await expect(page.getByText('Not signed in.')).toBeVisible();
  await page.getByRole('button', { name: 'Sign in with a code' }).click();
  await expect(page.getByText(`Signed in as ${az.profile.operator.userPrincipalName} (operator).`)).toBeVisible();

  await openStep('certificate');
  await page.getByLabel('Subscription ID').fill('not-a-guid');
  await page.getByLabel('Folder for OfflineApplicationParams.xml').fill(folder);
  await create(page);
  await expect(page.getByText('"not-a-guid" is not a subscription id')).toBeVisible();
  await page.getByLabel('Subscription ID').fill(az.profile.subscriptionId);
  await create(page);
  await expect(page.getByText('The application and its certificate are ready.')).toBeVisible({ timeout: 30_000 });
  const thumbprint = (await page.getByText(/^[0-9A-F]{40}$/).textContent())!;
  await expect(page.getByText(path.join(folder, 'OfflineApplicationParams.xml'))).toBeVisible();
  await register(page, thumbprint);
});

test('run again: a relative folder is refused, "Use it" takes the certificate this computer holds, registration works', async ({ page, openStep }) => {
  await openStep('certificate');
  // The fields came back with the wizard's job.
  await expect(page.getByLabel('Subscription ID')).toHaveValue(az.profile.subscriptionId);
  await page.getByLabel('Folder for OfflineApplicationParams.xml').fill('relative/folder');
  await create(page);
  await expect(page.getByText('“relative/folder” is not a full path; choose the folder for OfflineApplicationParams.xml with Browse… or type its whole path.')).toBeVisible();
  expect(existsSync(path.resolve('relative'))).toBe(false);

  await page.getByLabel('Folder for OfflineApplicationParams.xml').fill(folder);
  await create(page);
  await expect(page.getByRole('heading', { name: `The application AzureOfflineBackup_${az.profile.operator.objectId} already exists` })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByText('It has 1 certificate. Nothing has been changed in Azure.')).toBeVisible();
  await expect(page.getByText(/This computer holds the private key of its certificate [0-9A-F]{40}/)).toBeVisible();
  await page.getByRole('button', { name: 'Use it' }).click();
  await expect(page.getByText('The application and this computer\'s certificate are ready.')).toBeVisible();
  // The step is done, not "needs attention": the second run did not dead-end.
  await expect(page.getByRole('button', { name: 'Certificate Done', exact: true })).toBeVisible();
  const thumbprint = (await page.getByText(/^[0-9A-F]{40}$/).textContent())!;
  await register(page, thumbprint);
});

test('run again: upload this computer\'s certificate to the local Azure from the page; then the advanced Replace', async ({ page, openStep }) => {
  await openStep('certificate');
  await create(page);
  await page.getByRole('button', { name: 'Upload this computer\'s certificate' }).click();
  await expect(page.getByText('In this rehearsal the local Azure accepts the upload from here.')).toBeVisible();
  await page.getByRole('button', { name: 'Upload to the local Azure' }).click();
  await expect(page.getByText('The application and this computer\'s certificate are ready.')).toBeVisible({ timeout: 30_000 });
  const uploaded = (await page.getByText(/^[0-9A-F]{40}$/).textContent())!;
  await register(page, uploaded);

  // Twice the step, two certificates; this computer's is the new one.
  await create(page);
  await expect(page.getByText('It has 2 certificates. Nothing has been changed in Azure.')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByText(`This computer holds the private key of its certificate ${uploaded}`, { exact: false })).toBeVisible();

  // Replace is kept apart and needs the acknowledgement.
  await page.getByText('Advanced: replace the application').click();
  const replace = page.getByRole('button', { name: 'Replace the application' });
  await expect(replace).toBeDisabled();
  await page.getByLabel('I understand that the other computers using this application must run this step again').check();
  await replace.click();
  await expect(page.getByText('The application and its certificate are ready.')).toBeVisible({ timeout: 30_000 });
  const fresh = (await page.getByText(/^[0-9A-F]{40}$/).textContent())!;
  expect(fresh).not.toBe(uploaded);
  await create(page);
  await expect(page.getByText('It has 1 certificate. Nothing has been changed in Azure.')).toBeVisible({ timeout: 30_000 });
});
