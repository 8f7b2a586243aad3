/**
 * One current job behind the step status, the Session panel and the steps' fields: two jobs in a row against the
 * local Azure, a reload in the middle, "New job", the recent-jobs list, and a restart of the host.
 */

import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { driveInfoXml, writeLocalSession } from '../test/helpers/session';
import { startLocalAzure, type LocalAzure } from '../test/helpers/localAzure';
import { expect, test } from './fixtures';

let az: LocalAzure;
const stagings: string[] = [];

test.beforeAll(async () => {
  az = await startLocalAzure();
  for (const [job, ids] of [
    ['first-seed', ['CJA0001']],
    ['second-seed', ['CJB0001', 'CJB0002']],
  ] as const) {
    const dir = mkdtempSync(path.join(os.tmpdir(), `offline-seed-e2e-${job}-`));
    await writeLocalSession(dir, az, { jobName: job, container: job });
    mkdirSync(path.join(dir, 'journals'));
    for (const id of ids) writeFileSync(path.join(dir, 'journals', `${id}_DriveInfo_${id}.xml`), driveInfoXml(id));
    stagings.push(dir);
  }
});

test.afterAll(async () => {
  await az?.stop();
  for (const dir of stagings) rmSync(dir, { recursive: true, force: true });
});

test.describe.configure({ mode: 'serial' });

const stepButton = (page: Page, name: RegExp) => page.getByRole('navigation', { name: 'Wizard steps' }).getByRole('button', { name });
const panelRow = (page: Page, term: string) => page.getByRole('complementary').locator('.summary-row').filter({ has: page.locator('dt', { hasText: term }) }).locator('dd');

async function createImportJob(page: Page, staging: string, job: string, drives: number): Promise<void> {
  await stepButton(page, /Import job/).click();
  await page.getByLabel('Staging location').fill(staging);
  await page.getByRole('button', { name: 'Use this location' }).click();
  await page.getByRole('button', { name: 'Create the import job' }).click();
  await expect(page.getByText(`Import job ${job} created for ${drives} ${drives === 1 ? 'drive' : 'drives'}.`)).toBeVisible();
}

test('two jobs in a row: step status, Session panel and fields follow the current job, across a reload', async ({ page, openStep, host }) => {
  const [first, second] = stagings as [string, string];
  await openStep('importJob');
  await createImportJob(page, first, 'first-seed', 1);
  await expect(stepButton(page, /Import job/)).toContainText('Done');
  await expect(panelRow(page, 'Import job')).toHaveText('first-seed');
  await expect(panelRow(page, 'Staging location')).toHaveText(first);

  // A field typed on another step is part of the job too.
  await stepButton(page, /Monitor/).click();
  await page.getByRole('radio', { name: /By job name/ }).check();
  await page.getByLabel('Import job name').fill('first-seed');
  const jobsFile = path.join(host.runtime.ctx.dataDir, 'wizard-jobs.json');
  await expect.poll(() => readFileSync(jobsFile, 'utf8')).toContain('"monitor.jobName": "first-seed"');

  await page.reload();
  await expect(page.locator('#page-title')).toHaveText('Monitor');
  await expect(stepButton(page, /Import job/)).toContainText('Done');
  await expect(panelRow(page, 'Import job')).toHaveText('first-seed');
  await expect(panelRow(page, 'Staging location')).toHaveText(first);
  await expect(page.getByLabel('Import job name')).toHaveValue('first-seed');

  await page.getByRole('button', { name: 'New job' }).click();
  // Step 1 asks the route again, the last job's preselected.
  await expect(page.locator('#page-title')).toHaveText('Cloud & sign-in');
  await expect(page.getByText("New job: the last job's route is preselected")).toBeVisible();
  await expect(page.getByRole('radio', { name: /Import\/Export: your own disks/ })).toBeChecked();
  for (const step of [/Import job/, /Shipping/, /Monitor/, /Complete/]) await expect(stepButton(page, step)).toContainText('Not started');
  await expect(panelRow(page, 'Import job')).toHaveText('Not set yet');
  await expect(panelRow(page, 'Staging location')).toHaveText('Not set yet');
  // The account stays: the new job is in the same cloud and subscription.
  await expect(panelRow(page, 'Subscription')).toHaveText(az.profile.subscriptionId);

  await createImportJob(page, second, 'second-seed', 2);
  await expect(panelRow(page, 'Import job')).toHaveText('second-seed');
  await expect(panelRow(page, 'Staging location')).toHaveText(second);
  await expect(panelRow(page, 'Drives')).toHaveText('2');
  await stepButton(page, /Monitor/).click();
  await page.getByRole('radio', { name: /By job name/ }).check();
  await expect(page.getByLabel('Import job name')).toHaveValue('');

  await page.reload();
  await expect(panelRow(page, 'Import job')).toHaveText('second-seed');
  await expect(panelRow(page, 'Staging location')).toHaveText(second);
  await expect(stepButton(page, /Import job/)).toContainText('Done');

  // Back to the first job from the recent list: its panel, status and fields come back.
  const recent = page.getByLabel('Recent jobs');
  await expect(recent.locator('option')).toHaveCount(2);
  await recent.selectOption({ label: 'first-seed — 1 of 9 steps done' });
  await expect(panelRow(page, 'Import job')).toHaveText('first-seed');
  await expect(panelRow(page, 'Staging location')).toHaveText(first);
  await expect(panelRow(page, 'Drives')).toHaveText('1');
  await expect(page.locator('#page-title')).toHaveText('Monitor');
  await expect(page.getByLabel('Import job name')).toHaveValue('first-seed');
});

test('after a restart the wizard opens on the current job where it was left', async ({ page, host }) => {
  await page.goto(`http://127.0.0.1:${host.port}/?token=${encodeURIComponent(host.token)}&lang=en`);
  await expect(page.locator('#page-title')).toHaveText('Monitor');
  await expect(panelRow(page, 'Import job')).toHaveText('first-seed');
  await expect(stepButton(page, /Import job/)).toContainText('Done');
  await expect(page.getByRole('complementary').getByLabel('Recent jobs').locator('option')).toHaveCount(2);
});
