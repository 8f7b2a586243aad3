/** Playwright fixtures: each test serves the built renderer through src/host with its own token; data folders are per spec file. */

import { test as base, expect, type Page } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startHost, type RunningHost } from '../src/host/server';
import type { Language } from '../src/shared/i18n/languages';
import { catalogs } from '../src/shared/i18n';
import { rehearsalShippingDetails, shippingFormFromDetails, shippingInputs, type ShippingFormValues } from '../src/shared/rules/shippingForm';

/** One data folder per spec file: tests of a file share sign-ins and certificates, other files start clean. */
const dataDirs = new Map<string, string>();
process.on('exit', () => {
  for (const dir of dataDirs.values()) rmSync(dir, { recursive: true, force: true });
});

export const test = base.extend<{ host: RunningHost; openStep: (step?: string, lang?: Language) => Promise<void> }>({
  // Playwright needs the destructuring pattern even when no fixture is used.
  // eslint-disable-next-line no-empty-pattern
  host: async ({}, use, testInfo) => {
    let dataDir = dataDirs.get(testInfo.file);
    if (!dataDir) {
      dataDir = mkdtempSync(path.join(os.tmpdir(), 'offline-seed-e2e-'));
      dataDirs.set(testInfo.file, dataDir);
    }
    const host = await startHost({ staticDir: path.resolve('out/renderer'), dataDir });
    await use(host);
    await host.close();
  },
  openStep: async ({ page, host }, use) => {
    await use(async (step = 'signIn', lang = 'en') => {
      await page.goto(`http://127.0.0.1:${host.port}/?token=${encodeURIComponent(host.token)}&lang=${lang}#/${step}`);
      const titles = catalogs.app[lang].steps as Record<string, { title: string }>;
      await expect(page.locator('#page-title')).toHaveText(titles[step]!.title);
    });
  },
});

export { expect };

/** Where screenshots kept as test artifacts go. */
export const artifactsDir = path.resolve('e2e/artifacts');

/**
 * Types the rehearsal's shipping details into the Shipping page's text fields, found by their English labels;
 * `over` replaces values. The carriers, the ship date and the drive count keep what the page suggests.
 */
export async function fillShippingForm(page: Page, trackingNumber: string, over: ShippingFormValues = {}): Promise<void> {
  const values = { ...shippingFormFromDetails(rehearsalShippingDetails({ trackingNumber, driveCount: 1 })), ...over };
  const labels = catalogs.workflow.en.fields;
  for (const i of shippingInputs) {
    const value = values[i.key];
    if (['carrier', 'returnCarrier', 'shipDate', 'driveCount'].includes(i.key) || !value) continue;
    await page.getByLabel(labels[i.label], { exact: true }).fill(value);
  }
}

/** Step 1 of a rehearsal: the built-in local Azure chosen and running, then the operator signed in with a code. */
export async function signInToRehearsal(page: Page): Promise<void> {
  await page.getByLabel('Cloud', { exact: true }).selectOption({ label: 'Local rehearsal (built-in local Azure)' });
  await expect(page.getByText(/^The local Azure is running/)).toBeVisible({ timeout: 30_000 });
  await page.getByRole('button', { name: 'Sign in with a code' }).click();
  await expect(page.getByText(/^Signed in as .+ \(operator\)\.$/)).toBeVisible({ timeout: 30_000 });
}

/**
 * Steps 4–5 with a mounted folder as the one drive: listed, chosen, the packing plan shown, "Prepare 1 drive", then
 * the Copy step until every byte is verified (within `timeout` ms).
 */
export async function copyOntoFolderDrive(page: Page, staging: string, drive: string, timeout: number): Promise<void> {
  const nav = page.getByRole('navigation', { name: 'Wizard steps' });
  await nav.getByRole('button', { name: /Drives/ }).click();
  await page.getByLabel('Staging location').fill(staging);
  await page.getByLabel('Mounted folders to use as drives (one per line, optional)').fill(drive);
  await page.getByRole('button', { name: 'Show the drives' }).click();
  await page.getByRole('checkbox', { name: `Use dir:${drive}` }).check();
  await page.getByRole('button', { name: 'Show the packing plan' }).click();
  await expect(page.getByText(/Drives needed for .*: 1; you chose 1\./)).toBeVisible();
  await page.getByRole('button', { name: 'Prepare 1 drive', exact: true }).click();
  await nav.getByRole('button', { name: /Copy/ }).click();
  await expect(page.getByText('Every byte verified')).toBeVisible({ timeout });
}

/** Step 7 once the form is filled: reviewed, confirmed with “yes” and sent; Azure then expects the drives of `job`. */
export async function sendShippingDetails(page: Page, job: string): Promise<void> {
  await page.getByRole('button', { name: 'Review the details' }).click();
  await page.getByLabel('Type “yes” to send these details to Azure').fill('yes');
  await page.getByRole('button', { name: 'Send to Azure' }).click();
  await expect(page.getByText(`Import job ${job} is now Shipping: Azure expects the drives.`)).toBeVisible({ timeout: 30_000 });
}

/**
 * The page's visible text, one entry per text node, leaving out what sits inside `skip` (a CSS selector list:
 * elements whose text is the same in every language, or data such as paths, ids and commands).
 */
export async function visibleTexts(page: Page, skip: string): Promise<string[]> {
  return page.evaluate((skipSelector) => {
    const out: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const text = n.textContent?.trim();
      const el = n.parentElement;
      if (!text || !el || el.closest(skipSelector)) continue;
      const style = getComputedStyle(el);
      if (style.visibility === 'hidden' || style.display === 'none') continue;
      out.push(text);
    }
    return out;
  }, skip);
}
