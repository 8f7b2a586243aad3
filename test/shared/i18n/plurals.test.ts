/**
 * Counted things take their language's plural form: no sentence leaves it to the reader ("drive(s)", "volume/i",
 * "schijf/schijven"), and no count other than `count` is written straight before its noun ("{{packs}} packs"): such
 * counts go through the plural keys of `app:counts`, nested, so "1 pack" and "2 packs" both read right.
 */

import { describe, expect, it } from 'vitest';
import { catalogs, namespaces, translate } from '../../../src/shared/i18n';
import { flattenMessages } from '../../../src/shared/i18n/catalog';
import { languages } from '../../../src/shared/i18n/languages';

const leftToReader = [/\p{L}\((s|e|es|en|n|i|x)\)/u, /\b(volume|certificato|pronto)\/i\b/, /schijf\/schijven|certificaat\/certificaten/];
const countBeforeNoun = /\{\{(files|packs|folders|links|volumes|certificates)\}\} \p{L}/u;

describe('plurals', () => {
  it.each(languages)('%s: no sentence leaves the plural to the reader or writes a count straight before its noun', (lang) => {
    const bad: string[] = [];
    for (const ns of namespaces) {
      for (const [key, text] of Object.entries(flattenMessages(catalogs[ns][lang]))) {
        if (leftToReader.some((re) => re.test(text)) || countBeforeNoun.test(text)) bad.push(`${ns}:${key}: ${text}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it.each(languages)('%s: one and several read in their own forms, nested counts included', (lang) => {
    const files = (n: number) => translate(lang, 'app:counts.files', { count: n });
    const packs = (n: number) => translate(lang, 'app:counts.packs', { count: n });
    for (const n of [1, 2]) {
      const done = translate(lang, 'staging:cli.done', { files: n, source: '1 MB', staging: '/s', stored: '1 MB', packs: n });
      expect(done).toContain(files(n));
      expect(done).toContain(packs(n));
      expect(done).not.toContain('$t(');
      expect(translate(lang, 'drives:cli.ready', { count: n, staging: '/s' })).toMatch(new RegExp(`^${n} `));
    }
    expect(files(1)).not.toBe(files(2));
    expect(translate(lang, 'drives:cli.ready', { count: 1, staging: '/s' })).not.toBe(translate(lang, 'drives:cli.ready', { count: 2, staging: '/s' }).replace(/^2/, '1'));
  });

  it('says it in English the way a reader expects', () => {
    expect(translate('en', 'drives:cli.ready', { count: 1, staging: '/s' })).toBe('1 drive is ready. Its journal is in /s/journals; keep it, it holds the BitLocker key.');
    expect(translate('en', 'staging:cli.done', { files: 1, source: '3 KB', staging: '/s', stored: '2 KB', packs: 1 })).toBe('Staged 1 file (3 KB) into /s: 2 KB in 1 pack. Next: offline-seed diskprep.');
    expect(translate('en', 'drives:eligibility.hasData', { count: 1 })).toBe('The drive has 1 volume that will be erased.');
    expect(translate('fr', 'certificate:cli.exists', { name: 'a', count: 2 })).toContain('avec 2 certificats.');
    expect(translate('de', 'drives:cli.plan', { files: 1, bytes: '1 MB', count: 1, given: 1 })).toBe('Benötigte Laufwerke für 1 Datei (1 MB): 1; Sie haben 1 gewählt.');
  });
});
