/**
 * The agent's path through the wizard alone, in Chromium against the built-in local Azure: a staging location a
 * backup agent wrote (made by a script: nested folders, opaque files, a fixed VHD, Unicode names, an empty file, and
 * no offline-seed.json) is chosen on the Staging step, copied as it is onto a folder drive, the import job created,
 * shipped, imported by the local datacenter, monitored to Completed and verified; every blob then equals its file
 * byte for byte (the VHD a page blob), and the staging location is unchanged.
 */

import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, fillShippingForm, test } from './fixtures';
import { startLocalRehearsal } from '../src/core/azure/localRehearsal';
import { startEmulator } from '../src/emulator';
import { blobServiceClient } from '../src/emulator/datacenter';
import { makeAgentStaging, snapshotTree, type AgentStagingTree } from '../test/helpers/agentStaging';

let dir: string;
let tree: AgentStagingTree;

test.beforeAll(async () => {
  dir = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'offline-seed-e2e-agent-')));
  tree = await makeAgentStaging(path.join(dir, 'agent-staging'), { vhdMiB: 5 });
  mkdirSync(path.join(dir, 'drive1'));
});

test.afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test("an operator ships the staging location the backup agent wrote, through the wizard", async ({ page, openStep }) => {
  test.setTimeout(240_000);
  const nav = page.getByRole('navigation', { name: 'Wizard steps' });
  const drive = path.join(dir, 'drive1');
  const job = `agent-${Date.now().toString(36)}`;
  const before = await snapshotTree(tree.root);

  // 1–2. Local rehearsal, sign-in, the application and its certificate.
  await openStep('signIn');
  await page.getByLabel('Cloud', { exact: true }).selectOption({ label: 'Local rehearsal (built-in local Azure)' });
  await expect(page.getByText(/^The local Azure is running/)).toBeVisible({ timeout: 30_000 });
  const azure = await startLocalRehearsal(dir, startEmulator); // the one the host started (one per process)
  await page.getByRole('button', { name: 'Sign in with a code' }).click();
  await expect(page.getByText(/^Signed in as .+ \(operator\)\.$/)).toBeVisible({ timeout: 30_000 });
  await nav.getByRole('button', { name: /Certificate/ }).click();
  await page.getByLabel('Subscription ID').fill(azure.profile.subscriptionId);
  await page.getByLabel('Folder for OfflineApplicationParams.xml').fill(dir);
  await page.getByRole('button', { name: 'Create application and certificate' }).click();
  await expect(page.getByText('The application and its certificate are ready.')).toBeVisible({ timeout: 30_000 });

  // 3. Staging: the agent's staging location, with what was given to the agent's "Initiate offline backup" step.
  await nav.getByRole('button', { name: /Staging/ }).click();
  await page.getByRole('radio', { name: 'Use the staging location my backup agent wrote (DPM, MABS, MARS)' }).check();
  await page.getByLabel('Staging location', { exact: true }).fill(tree.root);
  await page.getByLabel('Import job name').fill(job);
  await page.getByLabel('Subscription ID').fill(azure.profile.subscriptionId);
  await page.getByLabel('Resource group').fill(azure.profile.resourceGroup);
  await page.getByLabel('Storage account').fill(azure.profile.storageAccount.name);
  await page.getByLabel('Container').fill('agent-wizard');
  // A wrong value first: one sentence, nothing recorded.
  await page.getByLabel('Blob prefix').fill('/bad');
  await page.getByRole('button', { name: 'Use this staging location' }).click();
  await expect(page.getByText('The blob prefix “/bad” is not a folder path for blob names.', { exact: false })).toBeVisible();
  await page.getByLabel('Blob prefix').fill(`${job}/`);
  await page.getByRole('button', { name: 'Use this staging location' }).click();
  await expect(page.getByText('The staging location is recorded. Continue with the drives.')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByText(`${tree.files.length} files (`, { exact: false })).toBeVisible();
  await expect(page.getByText('1 of them, a fixed VHD, goes as a page blob; the others as block blobs.')).toBeVisible();

  // 4–5. A mounted folder as the drive; copy and verify.
  await nav.getByRole('button', { name: /Drives/ }).click();
  await page.getByLabel('Staging location').fill(tree.root);
  await page.getByLabel('Mounted folders to use as drives (one per line, optional)').fill(drive);
  await page.getByRole('button', { name: 'Show the drives' }).click();
  await page.getByRole('checkbox', { name: `Use dir:${drive}` }).check();
  await page.getByRole('button', { name: 'Show the packing plan' }).click();
  await expect(page.getByText(/Drives needed for .*: 1; you chose 1\./)).toBeVisible();
  await page.getByRole('button', { name: 'Prepare 1 drive', exact: true }).click();
  await nav.getByRole('button', { name: /Copy/ }).click();
  await expect(page.getByText('Every byte verified')).toBeVisible({ timeout: 90_000 });

  // 6. The import job.
  await nav.getByRole('button', { name: /Import job/ }).click();
  await page.getByLabel('Staging location').fill(tree.root);
  await page.getByRole('button', { name: 'Use this location' }).click();
  await page.getByRole('button', { name: 'Create the import job' }).click();
  await expect(page.getByText(`Import job ${job} created for 1 drive.`)).toBeVisible({ timeout: 30_000 });

  // 7. Shipping.
  await nav.getByRole('button', { name: /Shipping/ }).click();
  await fillShippingForm(page, `TRK${Date.now()}`);
  await page.getByRole('button', { name: 'Review the details' }).click();
  await page.getByLabel('Type “yes” to send these details to Azure').fill('yes');
  await page.getByRole('button', { name: 'Send to Azure' }).click();
  await expect(page.getByText(`Import job ${job} is now Shipping: Azure expects the drives.`)).toBeVisible({ timeout: 30_000 });

  // 8. Monitor by staging location: Shipping; the rehearsal's datacenter receives the drive from the page, and its
  // days of processing pass on the local Azure's clock, each with the command line that does the same.
  await nav.getByRole('button', { name: /Monitor/ }).click();
  await page.getByRole('radio', { name: 'By staging location' }).check();
  await page.getByLabel('Staging location', { exact: true }).fill(tree.root);
  await page.getByRole('button', { name: 'Check status' }).click();
  await expect(page.getByTestId('job-state')).toHaveText('Shipping');
  await page.getByRole('button', { name: 'Simulate the datacenter receiving the drives' }).click();
  await expect(page.getByText(new RegExp(`^The local datacenter received 1 drive of ${job}; on the local Azure’s clock the job ends as “Completed” on `))).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('job-state')).toHaveText('Received');
  const receiveCommand = page.getByTestId('equivalent-command').first();
  await expect(receiveCommand).toContainText(`emulator receive --job ${job}`);
  await expect(receiveCommand).toContainText(`--drive ${drive}`);
  await expect(receiveCommand).toContainText('OFFLINE_SEED_DATA_DIR=');
  await page.getByRole('button', { name: /^Let \d+ days? pass at the datacenter$/ }).click();
  await expect(page.getByText(/^The local Azure’s clock now reads /)).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('job-state')).toHaveText('Completed');
  // The timeline: every state reached, Creating and Shipping with the times Offline Seed recorded them.
  const timeline = page.getByTestId('timeline');
  await expect(timeline.getByRole('listitem')).toHaveCount(6);
  await expect(timeline.getByRole('listitem').nth(0)).toContainText(/^Creatingfrom .+ · for /);
  await expect(timeline.getByRole('listitem').nth(2)).toContainText(/^Receivedfrom /);
  await expect(timeline.getByText('not yet')).toHaveCount(0);
  await expect(page.getByText(/^Progress: 100\s?%, .+ imported$/)).toBeVisible();

  // 9. Verify every blob; the test restore is Offline Seed's own format, so the page says the agent reads it back.
  await nav.getByRole('button', { name: /Complete/ }).click();
  await page.getByRole('button', { name: 'Verify the blobs' }).click();
  await expect(page.getByText(new RegExp(`^All ${tree.files.length} blobs in container agent-wizard match the manifests`))).toBeVisible({ timeout: 60_000 });
  await expect(page.getByText(/the agent reads the initial copy back from the storage account itself/)).toBeVisible();
  await expect(page.getByRole('button', { name: 'Restore from the cloud' })).toHaveCount(0);

  // The blobs, read with the storage account's key (the local Azure's state), equal the files byte for byte.
  const state = JSON.parse(readFileSync(path.join(path.dirname(azure.profilePath), 'state.json'), 'utf8')) as { storageAccountKeys: string[] };
  const account = blobServiceClient(azure.profile.storageAccount.blobEndpoint, azure.profile.storageAccount.name, state.storageAccountKeys[0]!, azure.profile.caCertificate);
  const container = account.getContainerClient('agent-wizard');
  const names: string[] = [];
  for await (const b of container.listBlobsFlat({ prefix: `${job}/` })) names.push(b.name);
  expect(names.sort()).toEqual(tree.files.map((f) => `${job}/${f}`).sort());
  for (const rel of tree.files) {
    const blob = container.getBlobClient(`${job}/${rel}`);
    expect((await blob.getProperties()).blobType, rel).toBe(rel === tree.vhd ? 'PageBlob' : 'BlockBlob');
    const bytes = readFileSync(path.join(tree.root, ...rel.split('/')));
    if (bytes.length > 0) expect((await blob.downloadToBuffer()).equals(bytes), rel).toBe(true);
  }
  expect(await snapshotTree(tree.root)).toEqual(before);
});
