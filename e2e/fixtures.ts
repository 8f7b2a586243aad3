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
