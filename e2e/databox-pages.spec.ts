/**
 * The Data Box route's pages at 1024 px in the six languages: every one passes axe, nothing overflows the window,
 * and the route choice on step 1 is there in each language.
 */

import AxeBuilder from '@axe-core/playwright';
import { expect, test } from './fixtures';
import { catalogs } from '../src/shared/i18n';
import { languageNames, languages } from '../src/shared/i18n/languages';

const dataBoxStepIds = ['dataBoxReadiness', 'dataBoxOrder', 'dataBoxTrack', 'dataBoxDisks', 'dataBoxAgent', 'dataBoxReturn', 'dataBoxLogs', 'dataBoxCleanup'] as const;

test.use({ viewport: { width: 1024, height: 768 } });

for (const lang of languages) {
  test(`the Data Box pages in ${languageNames[lang]} pass axe and fit 1024 px`, async ({ page, openStep }) => {
    await openStep('signIn', lang);
    await expect(page.getByRole('radio', { name: new RegExp(catalogs.databox[lang].route.dataBox.label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) })).toBeVisible();
    for (const step of dataBoxStepIds) {
      await openStep(step, lang);
      // A link to a Data Box step shows the Data Box route's steps in the sidebar.
      await expect(page.getByRole('navigation').getByRole('button', { name: new RegExp(catalogs.app[lang].steps[step].title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) })).toHaveAttribute('aria-current', 'step');
      const results = await new AxeBuilder({ page }).analyze();
      const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
      expect(bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), `${step} in ${lang}`).toEqual([]);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow, `${step} in ${lang} overflows`).toBeLessThanOrEqual(0);
    }
  });
}
