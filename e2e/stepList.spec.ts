/**
 * The step list keeps every word of a step title whole, in the six languages, on both routes, at 1024 px and
 * 1440 px: a title wraps between words or at a hyphen, never in the middle of a word (at 1024 px "Stagingspeicherort"
 * and "Uploadlogboeken" did not fit).
 */

import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { catalogs } from '../src/shared/i18n';
import { languages } from '../src/shared/i18n/languages';

const widths = [1024, 1440] as const;

/** The pieces of step titles (between spaces, hyphens and soft hyphens) that the browser laid out over two lines. */
function brokenPieces(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    for (const el of document.querySelectorAll('nav .step-title')) {
      for (const node of el.childNodes) {
        if (node.nodeType !== Node.TEXT_NODE) continue;
        const text = node.textContent ?? '';
        const piece = /[^\s\u00AD-]+/g;
        for (let m = piece.exec(text); m; m = piece.exec(text)) {
          // The line of each of its letters: a piece split over two lines has letters on both.
          const lines = new Set<number>();
          for (let i = m.index; i < m.index + m[0].length; i++) {
            const r = document.createRange();
            r.setStart(node, i);
            r.setEnd(node, i + 1);
            // A letter just after a break also reports an empty box at the end of the line before: its glyph is the
            // last box with a width.
            const glyph = [...r.getClientRects()].filter((x) => x.width > 0).pop();
            if (glyph) lines.add(Math.round(glyph.top));
          }
          if (lines.size > 1) out.push(m[0]);
        }
      }
    }
    return out;
  });
}

test('step titles wrap between words, never inside one, in every language, on both routes, at 1024 and 1440 px', async ({ page, openStep }) => {
  test.setTimeout(120_000);
  const broken: string[] = [];
  for (const lang of languages) {
    const route = catalogs.databox[lang].route;
    await openStep('signIn', lang);
    for (const choice of [route.importExport.label, route.dataBox.label]) {
      await page.getByRole('radio', { name: choice }).check();
      for (const width of widths) {
        await page.setViewportSize({ width, height: 800 });
        for (const piece of await brokenPieces(page)) broken.push(`${lang} at ${width} px: “${piece}”`);
      }
    }
    await page.getByRole('radio', { name: route.importExport.label }).check();
  }
  expect(broken).toEqual([]);
});
