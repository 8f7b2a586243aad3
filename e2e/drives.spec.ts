/**
 * Steps 4 and 5 in Chromium, as balenaEtcher walks them: the drive list, "Prepare N drives" (a mounted folder, nothing
 * erased) or "Erase and prepare N drives" behind a typed confirmation naming each drive (an NTFS loop device, root
 * only), the wizard moving on to the copy with each drive's progress in place, the verified result, then "Label and
 * remove the drives" with the drive ID to write on each, and on to the import job.
 */

import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { readSession, writeSession } from '../src/core/session/sessionFile';
import { catalogs } from '../src/shared/i18n';
import { sessionFixture } from '../test/helpers/session';
import { stageForDrives } from '../test/helpers/staging';
import { LoopDrives, type LoopDrive } from '../test/core/copy/loopDrives';

let dir: string;

test.beforeAll(() => {
  dir = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'offline-seed-e2e-drives-')));
});

test.afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function stagingLocation(name: string, jobName: string): Promise<string> {
  const staging = path.join(dir, name);
  await stageForDrives(staging, [1, 1]);
  await writeSession(staging, sessionFixture({ cloud: path.join(dir, 'cloud.json'), importJobName: jobName }));
  return staging;
}

const title = (step: string) => (catalogs.app.en.steps as Record<string, { title: string }>)[step]!.title;

/** From the Copy step's result: the label card names each drive's ID, and "Next" waits for the tick. */
async function labelAndGoOn(page: Page, driveIds: string[]) {
  const card = page.locator('.card', { has: page.getByRole('heading', { name: 'Label and remove the drives' }) });
  await expect(card).toBeVisible();
  for (const id of driveIds) await expect(card.getByText(id, { exact: true })).toBeVisible();
  const next = card.getByRole('button', { name: 'Next: the import job' });
  await expect(next).toBeDisabled();
  await card.getByLabel('I have labelled and removed the drives').check();
  await next.click();
  await expect(page.locator('#page-title')).toHaveText(title('importJob'));
}

test('a mounted folder: "Prepare 1 drive" starts the copy, the wizard follows it to the result, the label and the next step', async ({ page, openStep }) => {
  const staging = await stagingLocation('folder', 'pageseed');
  const drive = path.join(dir, 'drive1');
  mkdirSync(drive);
  await openStep('drives');
  await page.getByLabel('Staging location', { exact: true }).fill(staging);
  await page.getByLabel('Mounted folders to use as drives (one per line, optional)').fill(drive);
  await page.getByRole('button', { name: 'Show the drives' }).click();
  const use = page.getByRole('checkbox', { name: `Use dir:${drive}` });
  await expect(use).toBeVisible();
  await expect(page.getByRole('checkbox', { name: `Use dir:${path.join(staging)}` })).toHaveCount(0);
  await use.check();
  // The list fits its card in a 1024-pixel window: no horizontal scrolling, a long folder name wraps.
  await page.setViewportSize({ width: 1024, height: 640 });
  const fits = await page.evaluate(() => {
    const table = document.querySelector('.drive-table')!;
    const card = table.closest('.card-body')!;
    return { table: table.scrollWidth, card: card.clientWidth, page: document.documentElement.scrollWidth, window: document.documentElement.clientWidth };
  });
  expect(fits.table).toBeLessThanOrEqual(fits.card);
  expect(fits.page).toBeLessThanOrEqual(fits.window);
  await page.getByRole('button', { name: 'Show the packing plan' }).click();
  await expect(page.getByText(/Drives needed for 3 files \(.*\): 1; you chose 1\./)).toBeVisible();
  // A folder is not erased: no confirmation to type.
  await page.getByRole('button', { name: 'Prepare 1 drive', exact: true }).click();
  await expect(page.locator('#page-title')).toHaveText(title('copy'));
  await expect(page.getByRole('progressbar', { name: `dir:${drive} · Copied and verified` })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByText('Every byte verified')).toBeVisible();
  await expect(page.getByText('1 drive is ready', { exact: false })).toBeVisible();
  expect(readdirSync(drive).sort()).toEqual(['DriveManifest.xml', 'OfflineSeedBitLocker.json', 'pageseed']);
  const driveId = (await readSession(staging))!.drives!.drives![0]!.driveId;
  // The Session panel counts the drives.
  await expect(page.getByRole('complementary').locator('.summary-row').filter({ has: page.locator('dt', { hasText: /^Drives$/ }) }).locator('dd')).toHaveText('1');
  await labelAndGoOn(page, [driveId]);

  // Back on the Copy step (or after a reload), the finished copy is still there.
  await page.reload();
  await page.evaluate(() => {
    window.location.hash = '#/copy';
  });
  await expect(page.getByText('Every byte verified')).toBeVisible();
  await expect(page.getByLabel('I have labelled and removed the drives')).toBeChecked();
});

test.describe('an NTFS loop device', () => {
  test.skip(process.getuid?.() !== 0, 'loop devices need root');
  let loops: LoopDrives;
  let loop: LoopDrive;
  test.beforeAll(async () => {
    loops = await LoopDrives.create();
    loop = await loops.add(64);
  });
  test.afterAll(async () => {
    await loops?.cleanup();
  });

  test('"Erase and prepare 1 drive" asks for the drive\'s name typed back; Cancel erases nothing; the typed name erases, copies and verifies', async ({ page, openStep }) => {
    const staging = await stagingLocation('loop', 'loopseed');
    const canary = path.join(loop.mount, 'keep-me.txt');
    writeFileSync(canary, 'still here');
    await openStep('drives');
    await page.getByLabel('Staging location', { exact: true }).fill(staging);
    // The folder of the test before came back with the wizard's job: this one ships on the loop device alone.
    await page.getByLabel('Mounted folders to use as drives (one per line, optional)').fill('');
    await page.getByRole('button', { name: 'Show the drives' }).click();
    await page.getByRole('checkbox', { name: `Use ${loop.device}` }).check();
    await page.getByRole('button', { name: 'Erase and prepare 1 drive' }).click();

    const dialog = page.getByRole('dialog', { name: 'Erase 1 drive?' });
    await expect(dialog).toBeVisible();
    await expect(dialog.getByText(loop.device, { exact: true })).toBeVisible();
    const erase = dialog.getByRole('button', { name: 'Erase 1 drive' });
    await expect(erase).toBeDisabled();
    const typed = dialog.getByLabel(`Type ${loop.device} to confirm that it may be erased`);
    await typed.fill('/dev/sda');
    await expect(erase).toBeDisabled();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(dialog).toBeHidden();
    expect(readFileSync(canary, 'utf8')).toBe('still here');

    await page.getByRole('button', { name: 'Erase and prepare 1 drive' }).click();
    await dialog.getByLabel(`Type ${loop.device} to confirm that it may be erased`).fill(loop.device.toUpperCase());
    await erase.click();
    await expect(page.locator('#page-title')).toHaveText(title('copy'));
    await expect(page.getByRole('progressbar', { name: `${loop.device} · Copied and verified` })).toBeVisible({ timeout: 60_000 });
    await expect(page.getByText('Every byte verified')).toBeVisible();
    const rec = (await readSession(staging))!.drives!.drives![0]!;
    expect(rec).toMatchObject({ drive: loop.device, verified: true, keyChecked: true });
    expect(rec.driveId).toMatch(/^LOOP-[0-9A-F]{12}$/);
    // Erased: the canary is gone from the drive (the mount was replaced by the app's own, then released).
    expect(existsSync(canary)).toBe(false);
    await labelAndGoOn(page, [rec.driveId]);
  });
});
