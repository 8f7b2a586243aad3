/** The wizard shell in Chromium through the host: loads, navigates, speaks six languages, passes axe. */

import AxeBuilder from '@axe-core/playwright';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { artifactsDir, expect, test, visibleTexts } from './fixtures';
import { catalogs } from '../src/shared/i18n';
import { flattenMessages } from '../src/shared/i18n/catalog';
import { languageNames, languages, type Language } from '../src/shared/i18n/languages';

const stepIds = ['signIn', 'certificate', 'staging', 'drives', 'copy', 'importJob', 'shipping', 'monitor', 'complete'] as const;

test('the shell loads with nine steps, the first one current', async ({ page, openStep }) => {
  await openStep();
  const nav = page.getByRole('navigation', { name: 'Wizard steps' });
  await expect(nav.getByRole('button')).toHaveCount(9);
  await expect(nav.getByRole('button', { name: /Cloud & sign-in/ })).toHaveAttribute('aria-current', 'step');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Cloud & sign-in');
  await expect(page.getByText('Step 1 of 9')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Back' })).toBeDisabled();
  // The connection to core is live: no banner about a lost connection or a missing token.
  await expect(page.getByText(/connection to Offline Seed was lost|needs the address printed/)).toHaveCount(0);
});

test('Next, Back and the sidebar move between steps and the address follows', async ({ page, openStep }) => {
  await openStep();
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Certificate');
  await expect(page).toHaveURL(/#\/certificate$/);
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Staging');
  await page.getByRole('button', { name: 'Back' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Certificate');
  await page.getByRole('navigation', { name: 'Wizard steps' }).getByRole('button', { name: /Complete/ }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Complete');
  await expect(page.getByText('Step 9 of 9')).toBeVisible();
  // The last step ends on Finish, not on a disabled Next; without verified blobs it says so.
  await expect(page.getByRole('button', { name: 'Next' })).toHaveCount(0);
  await page.getByRole('button', { name: 'Finish' }).click();
  await expect(page.getByText('The blobs of this job are not all verified yet', { exact: false })).toBeVisible();
  // Keyboard: focus lands on the new page's heading after navigation.
  await page.getByRole('button', { name: 'Back' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toBeFocused();
  // Arrow keys walk the step list; Enter opens the focused step.
  const nav = page.getByRole('navigation', { name: 'Wizard steps' });
  await nav.getByRole('button', { name: /Shipping/ }).focus();
  await page.keyboard.press('ArrowDown');
  await expect(nav.getByRole('button', { name: /Monitor/ })).toBeFocused();
  await page.keyboard.press('Home');
  await expect(nav.getByRole('button', { name: /Cloud & sign-in/ })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Cloud & sign-in');
});

test('a page without the token says how to get the right address', async ({ page, host }) => {
  await page.goto(`http://127.0.0.1:${host.port}/#/signIn`);
  // The banner says it, and so does the step whose first request could not be sent.
  await expect(page.getByText(/needs the address printed by “npm start”/).first()).toBeVisible();
});

/** Left out of the comparison: names that are the same in every language. */
const sameEverywhere = 'select, .visually-hidden';

/** Strings that are legitimately the same in `lang`: the product name, numbers, language names, and words the translator kept (e.g. "Session" in French). */
function sameIn(lang: Language, text: string): boolean {
  if (text === catalogs.app.en.name || /^[\d\s/.:,]+$/.test(text) || Object.values(languageNames).includes(text)) return true;
  for (const ns of Object.keys(catalogs) as Array<keyof typeof catalogs>) {
    const en = flattenMessages(catalogs[ns].en);
    const other = flattenMessages(catalogs[ns][lang]);
    for (const [key, value] of Object.entries(en)) if (value === text && other[key] === text) return true;
  }
  return false;
}

test('switching language changes every visible string', async ({ page, openStep }) => {
  for (const step of stepIds) {
    await openStep(step, 'en');
    const english = await visibleTexts(page, sameEverywhere);
    expect(english.length).toBeGreaterThan(10);
    for (const lang of languages.filter((l) => l !== 'en')) {
      await page.getByLabel('Language', { exact: false }).first().selectOption(lang);
      await expect(page.locator('html')).toHaveAttribute('lang', lang);
      const translated = await visibleTexts(page, sameEverywhere);
      const untranslated = english.filter((t) => translated.includes(t) && !sameIn(lang, t));
      expect(untranslated, `${step} in ${lang}`).toEqual([]);
      // Back to English through the switcher, whose label is now in `lang`.
      await page.locator('.language-switcher select').selectOption('en');
      await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    }
  }
});

for (const lang of languages) {
  test(`every step in ${languageNames[lang]} passes axe and is kept as a screenshot`, async ({ page, openStep }) => {
    mkdirSync(artifactsDir, { recursive: true });
    for (const step of stepIds) {
      await openStep(step, lang);
      await expect(page.locator('html')).toHaveAttribute('lang', lang);
      const results = await new AxeBuilder({ page }).analyze();
      const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
      expect(bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), `${step} in ${lang}`).toEqual([]);
      // Nothing overflows the window horizontally, whatever the language's word lengths.
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow, `${step} in ${lang} overflows`).toBeLessThanOrEqual(0);
      if (step === 'signIn' || step === 'staging') {
        await page.screenshot({ path: path.join(artifactsDir, `shell-${step}-${lang}.png`), fullPage: true });
      }
    }
  });
}
