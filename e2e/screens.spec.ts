/**
 * Every step in the six languages, at 1024×640 and 1440×900, light and dark, kept as screenshots in
 * e2e/artifacts/screens; on a staging location whose import job was created and shipped on the local Azure, so the
 * steps show a job (Review + create, the shipping summary, the Monitor timeline, the completion summary).
 *
 * Each page is loaded once per language; the sizes and themes change in place. The checks are cheap: no horizontal
 * scrollbar at either size, and no English left in a translated page — neither a whole English sentence of the
 * catalog nor an English word that the language's own catalog never uses.
 */

import type { Locator, Page } from '@playwright/test';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { artifactsDir, expect, test, visibleTexts } from './fixtures';
import { catalogs } from '../src/shared/i18n';
import { flattenMessages } from '../src/shared/i18n/catalog';
import { languageNames, languages, type Language } from '../src/shared/i18n/languages';
import { createJobsFromJournals, requireStagingFor, sendShippingDetails } from '../src/core/usecases';
import { rehearsalShippingDetails } from '../src/shared/rules/shippingForm';
import { driveInfoXml, writeLocalSession } from '../test/helpers/session';
import { startLocalAzure, type LocalAzure } from '../test/helpers/localAzure';

const stepIds = ['signIn', 'certificate', 'staging', 'drives', 'copy', 'importJob', 'shipping', 'monitor', 'complete'] as const;
const sizes = [
  { width: 1024, height: 640 },
  { width: 1440, height: 900 },
] as const;
const themes = ['light', 'dark'] as const;
const screensDir = path.join(artifactsDir, 'screens');

let az: LocalAzure;
let staging: string;
let work: string;

// The languages share the two workers; each worker starts its own local Azure and job.
test.describe.configure({ mode: 'parallel' });

test.beforeAll(async () => {
  test.setTimeout(120_000);
  az = await startLocalAzure();
  work = mkdtempSync(path.join(os.tmpdir(), 'offline-seed-e2e-screens-'));
  staging = path.join(work, 'staging');
  mkdirSync(path.join(staging, 'journals'), { recursive: true });
  await writeLocalSession(staging, az, { jobName: 'screens-seed', container: 'screens' });
  for (const id of ['SCR0001', 'SCR0002']) writeFileSync(path.join(staging, 'journals', `${id}_DriveInfo_${id}.xml`), driveInfoXml(id));
  // The job exists in the local Azure and is shipped: what an operator sees between steps 6 and 9.
  const env = { dataDir: path.join(work, 'data'), lang: 'en' as const };
  const [job] = await createJobsFromJournals(env, staging);
  await sendShippingDetails(env, await requireStagingFor(env, staging, 'shipping'), job!.name, rehearsalShippingDetails({ trackingNumber: `SCR${Date.now()}`, driveCount: 2 }));
  mkdirSync(screensDir, { recursive: true });
});

test.afterAll(async () => {
  await az?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

/** Words of a text: runs of letters (any script), lower-cased, three letters or more; e-mail addresses and paths are data. */
const words = (text: string) =>
  (text.replace(/\S+@\S+|\S*[\\/]\S*/g, ' ').toLowerCase().match(/\p{L}[\p{L}'’-]*\p{L}/gu) ?? []).filter((w) => w.length >= 3 && !dataWords.has(w));

/** Names that are data, not sentences: the local Azure's operator account ("operator") and the carriers' names. */
const dataWords = new Set(['operator', 'dhl', 'fedex', 'ups', 'tnt', 'usps']);

/** Every word of a language's catalogs, placeholders left out. */
function vocabulary(lang: Language): Set<string> {
  const out = new Set<string>();
  for (const ns of Object.keys(catalogs) as Array<keyof typeof catalogs>) {
    for (const text of Object.values(flattenMessages(catalogs[ns][lang]))) for (const w of words(text.replace(/\{\{[^}]*\}\}|\$t\([^)]*\)/g, ' '))) out.add(w);
  }
  return out;
}

const english = vocabulary('en');
/** Whole English sentences with their key, for the "left untranslated" check. */
const englishSentences = new Map<string, string>();
for (const ns of Object.keys(catalogs) as Array<keyof typeof catalogs>) {
  for (const [key, text] of Object.entries(flattenMessages(catalogs[ns].en))) englishSentences.set(text, `${ns}:${key}`);
}

/** What holds data rather than words (paths, ids, commands, the session's values): left out of the English check. */
const dataSelector = 'select, datalist, .visually-hidden, .mono, pre, code, address, .summary-row dd, .review-grid dd, [data-testid="equivalent-command"]';

/** English left in a page shown in `lang`: whole catalog sentences, and words only the English catalog uses. */
function englishLeft(lang: Language, own: Set<string>, texts: string[]): string[] {
  const flat = Object.fromEntries(
    (Object.keys(catalogs) as Array<keyof typeof catalogs>).flatMap((ns) => Object.entries(flattenMessages(catalogs[ns][lang])).map(([k, v]) => [`${ns}:${k}`, v])),
  );
  const out: string[] = [];
  for (const text of texts) {
    const key = englishSentences.get(text);
    if (key && flat[key] !== text) out.push(`“${text}” (${key})`);
    for (const w of words(text)) if (english.has(w) && !own.has(w)) out.push(`“${w}” in “${text}”`);
  }
  return [...new Set(out)];
}

/** Brings a step to the state worth showing (a job checked on Monitor); what the screenshot should show, if not the top. */
async function prepare(page: Page, step: (typeof stepIds)[number], lang: Language): Promise<Locator | null> {
  const w = catalogs.workflow[lang].pages;
  if (step === 'importJob') {
    await expect(page.getByTestId('import-review')).toBeVisible();
    return page.getByTestId('import-review');
  }
  if (step === 'shipping') {
    // The job's shipping form, filled in earlier: the datacenter address, the countdown, the fields.
    await expect(page.getByLabel(catalogs.workflow[lang].fields.trackingNumber, { exact: true })).toBeVisible({ timeout: 30_000 });
    return null;
  }
  if (step === 'monitor') {
    await page.getByRole('button', { name: w.monitor.check }).click();
    await expect(page.getByTestId('timeline')).toBeVisible({ timeout: 30_000 });
    return page.getByTestId('job-state');
  }
  if (step === 'complete') {
    await expect(page.getByTestId('completion-summary')).toBeVisible();
    return page.getByTestId('completion-summary');
  }
  return null;
}

for (const lang of languages) {
  test(`every step in ${languageNames[lang]}, two sizes, light and dark, without English left or a horizontal scrollbar`, async ({ page, openStep }) => {
    test.setTimeout(180_000);
    const own = vocabulary(lang);
    // The staging location becomes the current job's: every later step works on it.
    await openStep('importJob', lang);
    await page.getByLabel(catalogs.workflow[lang].pages.common.staging, { exact: true }).fill(staging);
    await page.getByRole('button', { name: catalogs.workflow[lang].pages.common.use }).click();
    const problems: string[] = [];
    for (const step of stepIds) {
      await page.setViewportSize(sizes[1]);
      await page.emulateMedia({ colorScheme: 'light' });
      await openStep(step, lang);
      const focus = await prepare(page, step, lang);
      if (lang !== 'en') for (const p of englishLeft(lang, own, await visibleTexts(page, dataSelector))) problems.push(`${step}: ${p}`);
      for (const size of sizes) {
        await page.setViewportSize(size);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        expect(overflow, `${step} in ${lang} at ${size.width}×${size.height} scrolls sideways`).toBeLessThanOrEqual(0);
        // The window shows what the step is about, as an operator would scroll to it; the header and the step
        // list stay in place.
        if (focus) await focus.evaluate((el) => el.scrollIntoView({ block: 'start' }));
        for (const theme of themes) {
          await page.emulateMedia({ colorScheme: theme });
          await page.screenshot({ path: path.join(screensDir, `${lang}-${step}-${size.width}x${size.height}-${theme}.png`) });
        }
      }
    }
    expect(problems, `English left in ${languageNames[lang]}`).toEqual([]);
  });
}
