/**
 * The whole workflow through the wizard alone, in Chromium against the built-in local Azure: local rehearsal and
 * sign-in, certificate, staging, a drive, copy, import job, shipping, the datacenter importing the drive, the
 * monitor showing Completed, verify and a test restore from the cloud compared byte for byte.
 */

import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { expect, fillShippingForm, test } from './fixtures';
import { startLocalRehearsal } from '../src/core/azure/localRehearsal';
import { startEmulator } from '../src/emulator';

let dir: string;

test.beforeAll(() => {
  dir = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'offline-seed-e2e-wizard-')));
  const source = path.join(dir, 'source', 'finance');
  mkdirSync(path.join(source, 'ledgers'), { recursive: true });
  writeFileSync(path.join(source, 'ledgers', 'q3.csv'), 'account,amount\n'.repeat(5000));
  writeFileSync(path.join(source, 'archive.bin'), randomBytes(300_000));
  mkdirSync(path.join(dir, 'drive1'));
  mkdirSync(path.join(dir, 'restore'));
  mkdirSync(path.join(dir, 'restore-busy'));
  writeFileSync(path.join(dir, 'restore-busy', 'notes.txt'), 'already here');
});

test.afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('an operator rehearses the whole workflow in the wizard', async ({ page, openStep }) => {
  test.setTimeout(180_000);
  const nav = page.getByRole('navigation', { name: 'Wizard steps' });
  const staging = path.join(dir, 'staging');
  const drive = path.join(dir, 'drive1');
  const job = `wizard-${Date.now().toString(36)}`;

  // 1. Local rehearsal and operator sign-in.
  await openStep('signIn');
  await page.getByLabel('Cloud', { exact: true }).selectOption({ label: 'Local rehearsal (built-in local Azure)' });
  await expect(page.getByText(/^The local Azure is running/)).toBeVisible({ timeout: 30_000 });
  const azure = await startLocalRehearsal(dir, startEmulator); // the same local Azure the host started (one per process)
  await page.getByRole('button', { name: 'Sign in with a code' }).click();
  await expect(page.getByText(/^Signed in as .+ \(operator\)\.$/)).toBeVisible({ timeout: 30_000 });

  // 2. The application and its certificate.
  await nav.getByRole('button', { name: /Certificate/ }).click();
  await page.getByLabel('Subscription ID').fill(azure.profile.subscriptionId);
  await page.getByLabel('Folder for OfflineApplicationParams.xml').fill(dir);
  await page.getByRole('button', { name: 'Create application and certificate' }).click();
  await expect(page.getByText('The application and its certificate are ready.')).toBeVisible({ timeout: 30_000 });

  // 3. Staging: subscription, resource group and storage account come from the rehearsal.
  await nav.getByRole('button', { name: /Staging/ }).click();
  await page.getByLabel('Staging location', { exact: true }).fill(staging);
  await page.getByLabel('Source folders, one per line').fill(path.join(dir, 'source', 'finance'));
  await expect(page.getByLabel('Subscription ID')).toHaveValue(azure.profile.subscriptionId);
  await expect(page.getByLabel('Resource group')).toHaveValue(azure.profile.resourceGroup);
  await expect(page.getByLabel('Storage account')).toHaveValue(azure.profile.storageAccount.name);
  await page.getByLabel('Container').fill('finance-seed');
  await page.getByLabel('Import job name').fill(job);
  await page.getByRole('button', { name: 'Start staging' }).click();
  await expect(page.getByText(/^Staged 2 files .* Continue with the drives\.$/)).toBeVisible({ timeout: 60_000 });

  // 4–5. A mounted folder as the drive; copy and verify.
  await nav.getByRole('button', { name: /Drives/ }).click();
  await page.getByLabel('Staging location').fill(staging);
  await page.getByLabel('Mounted folders to use as drives (one per line, optional)').fill(drive);
  await page.getByRole('button', { name: 'Show the drives' }).click();
  await page.getByRole('checkbox', { name: `Use dir:${drive}` }).check();
  await page.getByRole('button', { name: 'Show the packing plan' }).click();
  await expect(page.getByText(/Drives needed for .*: 1; you chose 1\./)).toBeVisible();
  await page.getByRole('button', { name: 'Prepare 1 drive', exact: true }).click();
  await nav.getByRole('button', { name: /Copy/ }).click();
  await expect(page.getByText('Every byte verified')).toBeVisible({ timeout: 60_000 });

  // 6. The import job: Review + create first, as the portal does.
  await nav.getByRole('button', { name: /Import job/ }).click();
  await page.getByLabel('Staging location').fill(staging);
  await page.getByRole('button', { name: 'Use this location' }).click();
  const review = page.getByRole('region', { name: 'Review + create' });
  await expect(review.getByTestId('import-review')).toContainText('finance-seed');
  await expect(review.getByText('1 import job will be created:')).toBeVisible();
  await expect(review.getByText(job, { exact: true })).toBeVisible();
  await expect(review.getByText(/^1 drive: \S+$/)).toBeVisible();
  await review.getByRole('button', { name: 'Create the import job' }).click();
  await expect(page.getByText(`Import job ${job} created for 1 drive.`)).toBeVisible({ timeout: 30_000 });

  // 7. Shipping.
  await nav.getByRole('button', { name: /Shipping/ }).click();
  await fillShippingForm(page, `TRK${Date.now()}`);
  // West Europe has no public Import/Export address: the page says this is the local Azure's rehearsal datacenter.
  await expect(page.getByTestId('rehearsal-datacenter')).toHaveText('Rehearsal datacenter of the local Azure: this is not a Microsoft address, never ship drives to it.');
  await page.getByRole('button', { name: 'Review the details' }).click();
  await page.getByLabel('Type “yes” to send these details to Azure').fill('yes');
  await page.getByRole('button', { name: 'Send to Azure' }).click();
  await expect(page.getByText(`Import job ${job} is now Shipping: Azure expects the drives.`)).toBeVisible({ timeout: 30_000 });

  // The datacenter receives the drive.
  const received = await azure.receive(job, [drive]);
  expect([received.state, received.endsAs]).toEqual(['Received', 'Completed']);
  // The datacenter's days pass on the local Azure's clock, not in real time.
  await azure.advanceDays(9);

  // 8. Monitor, now in French.
  await nav.getByRole('button', { name: /Monitor/ }).click();
  await page.locator('.language-switcher select').selectOption('fr');
  await page.getByRole('radio', { name: 'Par emplacement intermédiaire' }).check();
  await page.getByLabel('Emplacement intermédiaire', { exact: true }).fill(staging);
  await page.getByRole('button', { name: "Vérifier l'état" }).click();
  // The state in French, Azure's own name in its tooltip.
  await expect(page.getByTestId('job-state')).toHaveText('Terminé');
  await expect(page.getByTestId('job-state')).toHaveAttribute('title', 'Completed');
  await page.locator('.language-switcher select').selectOption('en');

  // 9. Verify every blob and restore from the cloud.
  await nav.getByRole('button', { name: /Complete/ }).click();
  await page.getByRole('button', { name: 'Verify the blobs' }).click();
  await expect(page.getByText(/^All \d+ blobs in container finance-seed match the manifests/)).toBeVisible({ timeout: 30_000 });
  // A folder that already holds something is refused on its field, which takes the focus; nothing is written.
  const busy = path.join(dir, 'restore-busy');
  await page.getByLabel('Restore into folder').fill(busy);
  await page.getByRole('button', { name: 'Restore from the cloud' }).click();
  await expect(page.getByText(`The folder ${busy} already holds 1 item; choose an empty or new folder for the test restore`, { exact: false })).toBeVisible();
  await expect(page.getByLabel('Restore into folder')).toBeFocused();
  await expect(page.getByLabel('Restore into folder')).toHaveAttribute('aria-invalid', 'true');
  const restoreTo = path.join(dir, 'restore');
  await page.getByLabel('Restore into folder').fill(restoreTo);
  await page.getByRole('button', { name: 'Restore from the cloud' }).click();
  const restoreResult = page.getByTestId('restore-result');
  await expect(restoreResult).toContainText(`2 files (`, { timeout: 60_000 });
  await expect(restoreResult.getByText('finance: identical to the source, byte for byte.')).toBeVisible();
  await expect(page.getByTestId('completion-summary')).toContainText(job);
  // The report: one HTML file in the session folder, with the verify and the restore.
  await page.getByRole('button', { name: 'Save the report (HTML)' }).click();
  const saved = page.getByText(/^The report is saved in (.+\.html)\.$/);
  await expect(saved).toBeVisible();
  const reportFile = /^The report is saved in (.+\.html)\.$/.exec((await saved.textContent()) ?? '')![1]!;
  const html = readFileSync(reportFile, 'utf8');
  expect(html).toContain('finance: identical to the source, byte for byte.');
  expect(html).toMatch(/All \d+ blobs in container finance-seed match the manifests/);
  expect(html).not.toContain('<script');
  await page.getByRole('button', { name: 'Finish' }).click();
  await expect(page.getByText('This job is finished.', { exact: false })).toBeVisible();
  const restored = path.join(restoreTo, 'finance');
  expect(readFileSync(path.join(restored, 'ledgers', 'q3.csv'))).toEqual(readFileSync(path.join(dir, 'source', 'finance', 'ledgers', 'q3.csv')));
  expect(readFileSync(path.join(restored, 'archive.bin'))).toEqual(readFileSync(path.join(dir, 'source', 'finance', 'archive.bin')));
});
