/**
 * The Data Box route through the wizard alone, in Chromium against the built-in local Azure: the route choice on
 * step 1, readiness (registering Microsoft.DataBox), the order, the local Azure's clock and datacenter delivering the
 * disk as a folder, the stage timeline, the passkey kept 0600, a stand-in for Microsoft's unlock tool run with it, the disk checks before and after a stand-in for the
 * agent's write (one broken file first, named with its rule), marking the disks shipped, the datacenter's upload, the
 * per-disk progress, the upload logs per file, and the order deleted with its passkey.
 */

import { existsSync, mkdirSync, mkdtempSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { artifactsDir, expect, test } from './fixtures';
import { startLocalRehearsal } from '../src/core/azure/localRehearsal';
import { startEmulator } from '../src/emulator';

let dir: string;

test.beforeAll(() => {
  dir = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'offline-seed-e2e-databox-')));
});

test.afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('an operator walks the Data Box route in the wizard', async ({ page, openStep }) => {
  test.setTimeout(180_000);
  const nav = page.getByRole('navigation', { name: 'Wizard steps' });
  const job = `wiz-${Date.now().toString(36)}`;

  // 1. Local rehearsal, operator sign-in, and the Data Box route.
  await openStep('signIn');
  await page.getByLabel('Cloud', { exact: true }).selectOption({ label: 'Local rehearsal (built-in local Azure)' });
  await expect(page.getByText(/^The local Azure is running/)).toBeVisible({ timeout: 30_000 });
  const azure = await startLocalRehearsal(dir, startEmulator); // the same local Azure the host started (one per process)
  await page.getByRole('button', { name: 'Sign in with a code' }).click();
  await expect(page.getByText(/^Signed in as .+ \(operator\)\.$/)).toBeVisible({ timeout: 30_000 });
  await expect(nav.getByRole('button')).toHaveCount(9);
  await expect(nav.getByRole('button', { name: /Staging/ })).toBeVisible();
  await page.getByRole('radio', { name: /Data Box: disks Microsoft ships to you/ }).check();
  // The sidebar follows the route: the Data Box steps replace staging, drives, copy and the import job.
  await expect(nav.getByRole('button', { name: /Staging/ })).toHaveCount(0);
  await expect(nav.getByRole('button')).toHaveCount(9);

  // 2. Readiness: Microsoft.DataBox starts unregistered on the local Azure; the page registers it.
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Data Box readiness');
  await expect(page.getByLabel('Subscription ID')).toHaveValue(azure.profile.subscriptionId);
  await page.getByLabel('Size of the initial backup (TB)').fill('2');
  await page.getByLabel('Country').fill('NL');
  await page.getByLabel('Register Microsoft.DataBox in the subscription if it is not registered').check();
  await page.getByRole('button', { name: 'Run the checks' }).click();
  await expect(page.getByText('Microsoft.DataBox is now registered in the subscription.')).toBeVisible({ timeout: 60_000 });
  const checks = page.getByRole('list', { name: 'Readiness checks' });
  await expect(checks.getByText(`The storage account ${azure.profile.storageAccount.name} is general-purpose v2 (StorageV2), which holds page blobs.`)).toBeVisible();
  await expect(checks.getByText('2 TB fits one order: 1 disks of 7 TB usable each.')).toBeVisible();
  await expect(page.getByText('Every check passed: continue with the order.')).toBeVisible();

  // 3. The order: a passkey that breaks a documented rule is refused in the field, before anything leaves.
  await nav.getByRole('button', { name: /Order Data Box Disk/ }).click();
  await page.getByLabel('Order name').fill(job);
  await page.getByLabel('Contact name').fill('Backup Operator');
  await page.getByLabel('Phone').fill('+31 20 000 0000');
  await page.getByLabel('Email addresses').fill('operator@example.com');
  await page.getByLabel('Street address').fill('1 Example Street');
  await page.getByLabel('City').fill('Amsterdam');
  await page.getByLabel('Postal code').fill('1000 AA');
  await expect(page.getByLabel('Country')).toHaveValue('NL');
  await page.getByLabel('Custom passkey (optional)').fill('short1@');
  await expect(page.getByText('The passkey must be 12 to 32 characters long.')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Validate and order' })).toBeDisabled();
  await page.getByLabel('Custom passkey (optional)').fill('');
  await page.getByRole('button', { name: 'Validate and order' }).click();
  await expect(page.getByText(`Order ${job} is placed and validated by Azure: Ordered (API: DeviceOrdered).`)).toBeVisible({ timeout: 60_000 });
  await expect(page.getByRole('complementary').getByText(job)).toBeVisible();

  // The local Azure's clock moves the order to Dispatched; its datacenter delivers the disk as a folder.
  await azure.advanceDays(3);
  const delivered = await azure.dataBoxDeliver(job, path.join(dir, 'disks'));
  expect(delivered.disks).toHaveLength(1);
  const disk = delivered.disks[0]!;

  // 4. Tracking: the stage timeline and "delivered — next: unlock".
  await nav.getByRole('button', { name: /Track the order/ }).click();
  await expect(page.getByTestId('databox-status')).toHaveText('Delivered', { timeout: 30_000 });
  await expect(page.getByText('The disks are delivered — next: unlock them with the passkey and check them on the Unlock and check step.')).toBeVisible();
  const stages = page.getByRole('list', { name: 'Order stages' });
  await expect(stages.getByRole('listitem')).not.toHaveCount(0);
  await expect(stages.getByRole('listitem').filter({ hasText: 'not yet' }).first()).toBeVisible();

  // 5. The passkey is kept in a file only the operator can read, never shown; the disk is checked before the backup.
  await nav.getByRole('button', { name: /Unlock and check/ }).click();
  await page.getByRole('button', { name: 'Keep the passkey' }).click();
  const kept = page.getByText(new RegExp(`^The passkey and 1 BitLocker keys of order ${job} are kept in (.+), readable only by you; they are not shown here\\.$`));
  await expect(kept).toBeVisible({ timeout: 30_000 });
  const secrets = /kept in (.+), readable only by you/.exec((await kept.textContent()) ?? '')![1]!;
  expect(statSync(secrets).mode & 0o777).toBe(0o600);
  expect(statSync(path.dirname(secrets)).mode & 0o777).toBe(0o700);
  // Microsoft's Linux unlock tool cannot run here: a stand-in that answers as its documented sample does (it echoes
  // the passkey and prints the volume's mount point) shows the page masking the passkey and filling in the volume.
  const tool = path.join(dir, 'DataBoxDiskUnlock_x86_64');
  writeFileSync(
    tool,
    `#!/usr/bin/env node\nconst key = (process.argv[2] || '').replace(/^\\/PassKey:/i, '');\nconsole.log('Passkey: ' + key);\nconsole.log('Volumes for data copy :');\nconsole.log('/dev/sdb1: ${disk.path}');\nprocess.exit(key.length >= 12 ? 0 : 1);\n`,
    { mode: 0o755 },
  );
  await page.getByLabel("Microsoft's unlock tool").fill(tool);
  await page.getByRole('button', { name: 'Run the unlock tool' }).click();
  await expect(page.getByText(`Unlocked volumes: ${disk.path}; they are filled in below.`)).toBeVisible({ timeout: 30_000 });
  await expect(page.getByText('Passkey: ********')).toBeVisible();
  await expect(page.getByLabel('Root folders of the unlocked disks')).toHaveValue(disk.path);
  // A file at the root breaks a documented rule: the page names the file and the rule.
  writeFileSync(path.join(disk.path, 'notes.txt'), 'left at the root');
  await page.getByRole('button', { name: 'Check the disks' }).click();
  await expect(page.getByText(`The disk in ${disk.path} breaks 1 Data Box rules: fix them before the disk is shipped.`)).toBeVisible();
  const broken = page.getByRole('table', { name: `Rules broken on ${disk.path}` });
  await expect(broken.getByRole('row', { name: /\\notes\.txt data may not be written at the root of the disk/ })).toBeVisible();
  await page.screenshot({ path: path.join(artifactsDir, 'databox-disks-en.png'), fullPage: true });
  rmSync(path.join(disk.path, 'notes.txt'));
  await page.getByRole('button', { name: 'Check the disks' }).click();
  await expect(page.getByText(new RegExp(`^The disk in ${disk.path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} follows the Data Box rules \\(0 files`))).toBeVisible();

  // 6. Hand-off: the agent's steps name this order and this disk; then a stand-in writes what the agent would.
  await nav.getByRole('button', { name: /Backup agent/ }).click();
  await expect(page.getByText(`Select the order ${job}, then Next.`)).toBeVisible();
  await expect(page.getByText(`Select Detect Device, or enter the disk's root folder ${disk.path} (it holds PageBlob).`)).toBeVisible();
  const written: Array<[string, number]> = [
    ['offlinebackup/server01/volume-c.vhd', 2 * 1024 * 1024],
    ['offlinebackup/server01/catalog.bin', 64 * 512],
  ];
  for (const [rel, bytes] of written) {
    const file = path.join(disk.path, 'PageBlob', ...rel.split('/'));
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, randomBytes(bytes));
  }
  await page.getByRole('button', { name: 'Check the disks after the backup' }).click();
  await expect(page.getByText(/follows the Data Box rules \(2 files, 2[.,]\d+ MB/)).toBeVisible();

  // 7. Return: marking the disks shipped (self-managed) moves the order on.
  await nav.getByRole('button', { name: /Return the disks/ }).click();
  await expect(page.getByLabel('Where the disks are returned from')).toHaveValue('europe');
  await expect(page.getByText(/choose I have a DHL Waybill Number and give the waybill number/)).toBeVisible();
  await page.getByLabel('Carrier', { exact: true }).fill('DHL');
  await page.getByLabel('Tracking number').fill('JD0001');
  await page.getByLabel(`The disks of order ${job} are on their way to the datacenter`).check();
  await page.getByRole('button', { name: 'Tell Azure the disks are shipped' }).click();
  await expect(page.getByText(`Order ${job} is marked shipped with DHL (JD0001): Picked up (API: PickedUp).`)).toBeVisible({ timeout: 30_000 });

  // The datacenter receives the disk and uploads it into Azurite.
  const received = await azure.dataBoxReceive(job, [disk.path]);
  expect(received.status).toBe('Completed');

  // 8. Tracking shows the copy of the disk, complete.
  await nav.getByRole('button', { name: /Track the order/ }).click();
  await page.getByRole('button', { name: 'Refresh the status' }).click();
  await expect(page.getByTestId('databox-status')).toHaveText('Completed', { timeout: 30_000 });
  await expect(page.getByRole('progressbar', { name: `Copy of disk ${disk.serialNumber}` })).toHaveAttribute('aria-valuenow', '100');
  mkdirSync(artifactsDir, { recursive: true });
  await page.screenshot({ path: path.join(artifactsDir, 'databox-track-en.png'), fullPage: true });

  // 9. The upload logs, per file.
  await nav.getByRole('button', { name: /Upload logs/ }).click();
  await page.getByRole('button', { name: 'Read the upload logs' }).click();
  await expect(page.getByText(`Order ${job}: 2 files in the upload logs, 0 with a problem.`)).toBeVisible({ timeout: 30_000 });
  await page.getByLabel('Show only files with a problem').uncheck();
  const files = page.getByRole('table', { name: 'Files in the upload logs' });
  await expect(files.getByRole('row')).toHaveCount(3);
  await expect(files.getByText('\\PageBlob\\offlinebackup\\server01\\volume-c.vhd')).toBeVisible();

  // 10. Clean-up: the order is deleted, and the kept passkey with it.
  await nav.getByRole('button', { name: /Clean up/ }).click();
  await expect(page.getByText(`Order ${job} is Completed and can be deleted, with the passkey Offline Seed kept for it.`)).toBeVisible({ timeout: 30_000 });
  await page.getByLabel(`I want to delete order ${job}`).check();
  await page.getByRole('button', { name: 'Delete the order' }).click();
  await expect(page.getByText(`Order ${job} is deleted, and its stored passkey with it.`)).toBeVisible({ timeout: 60_000 });
  expect(existsSync(secrets)).toBe(false);

  // 11. "New job" asks the route again on step 1, the Data Box route preselected; the recent list counts this job's
  // steps out of the Data Box route's own.
  const doneSteps = await nav.getByRole('button').filter({ hasText: 'Done' }).count();
  expect(doneSteps).toBeGreaterThan(1);
  await page.getByRole('button', { name: 'New job' }).click();
  await expect(page.locator('#page-title')).toHaveText('Cloud & sign-in');
  await expect(page.getByText("New job: the last job's route is preselected")).toBeVisible();
  await expect(page.getByRole('radio', { name: /Data Box: disks Microsoft ships to you/ })).toBeChecked();
  await expect(nav.getByRole('button', { name: /Staging/ })).toHaveCount(0);
  await expect(page.getByLabel('Recent jobs').locator('option', { hasText: `${job} — ${doneSteps} of 9 steps done` })).toHaveCount(1);
  await page.getByRole('radio', { name: /Data Box: disks Microsoft ships to you/ }).check();
  await page.getByRole('radio', { name: /Import\/Export: your own disks/ }).check();
  await expect(page.getByText("New job: the last job's route is preselected")).toHaveCount(0);
  await expect(nav.getByRole('button', { name: /Staging/ })).toBeVisible();
});
