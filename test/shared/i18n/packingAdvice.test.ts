/**
 * Microsoft's rule is one package and one tracking number per import job: "Don't combine drives prepared as part of
 * different Azure import jobs in a single package" (https://learn.microsoft.com/azure/backup/backup-azure-backup-import-export).
 * Nothing the user reads (the six catalogs, which hold the command line's help too, the README and docs/) may advise
 * otherwise, and the per-job notices that say so exist in every language.
 */

import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { languages } from '../../../src/shared/i18n/languages';
import { translate } from '../../../src/shared/i18n/index';

const localeDir = path.resolve('src/shared/i18n/locales');

function textFiles(): Array<{ file: string; text: string }> {
  const out: Array<{ file: string; text: string }> = [];
  for (const lang of readdirSync(localeDir)) {
    for (const f of readdirSync(path.join(localeDir, lang))) out.push({ file: `${lang}/${f}`, text: readFileSync(path.join(localeDir, lang, f), 'utf8') });
  }
  out.push({ file: 'README.md', text: readFileSync('README.md', 'utf8') });
  for (const f of readdirSync('docs')) if (f.endsWith('.md')) out.push({ file: `docs/${f}`, text: readFileSync(path.join('docs', f), 'utf8') });
  return out;
}

/** The old advice and the ways it was put in each language: suffixes to tell jobs apart in one box, jobs sharing a box. */
const sharingAdvice = [
  /-1,\s*-2\b/,
  /\bjobs (sharing|in) (one|a single|the same) (box|package|parcel)/i,
  /einen Karton teilen/i,
  /partageant une (boîte|colis)/i,
  /comparten una caja/i,
  /condividono una scatola/i,
  /één doos delen/i,
];

describe('packing advice', () => {
  it('no catalog, README or doc tells users to put several import jobs in one package', () => {
    const files = textFiles();
    expect(files.filter((f) => f.file.startsWith('en/')).length).toBeGreaterThan(5);
    for (const { file, text } of files) {
      for (const line of text.split('\n')) {
        for (const p of sharingAdvice) expect(p.test(line), `${file}: ${line.trim()}`).toBe(false);
      }
    }
  });

  it('tells, in every language, that a split job ships on its own with its own tracking number', () => {
    for (const lang of languages) {
      const notice = translate(lang, 'workflow:shipping.ownPackage', { job: 'seed-1', count: 10, others: 'seed-2' });
      expect(notice, lang).toContain('seed-1');
      expect(notice, lang).toContain('seed-2');
      expect(notice, lang).toContain('10');
      const slip = translate(lang, 'workflow:slip.otherJobs', { job: 'seed-1', others: 'seed-2' });
      expect(slip, lang).toContain('seed-2');
    }
    expect(translate('en', 'workflow:shipping.ownPackage', { job: 'seed-2', count: 1, others: 'seed-1' })).toContain('its 1 drive goes');
  });
});
