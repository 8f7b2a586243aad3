/**
 * The six catalogs of every namespace have the same keys, no empty values, the same placeholders and nestings,
 * and each plural key has exactly the forms its language's plural rules (Intl.PluralRules) ask for.
 */

import { describe, expect, it } from 'vitest';
import { catalogs, namespaces, translate, localizeError } from '../../../src/shared/i18n';
import { flattenMessages } from '../../../src/shared/i18n/catalog';
import { languages } from '../../../src/shared/i18n/languages';
import { pluralSuffixes } from '../../../src/shared/i18n/resources';
import { OfflineSeedError } from '../../../src/shared/errors';

/** `{{name}}` and `{{name, format}}` give `name`; `$t(key)` nestings are compared whole. */
const placeholders = (s: string) => [...new Set([...s.matchAll(/\{\{\s*(\w+)\s*(?:,[^}]*)?\}\}/g)].map((m) => m[1]))].sort();
const nestings = (s: string) => [...s.matchAll(/\$t\(([^)]*)\)/g)].map((m) => m[1]).sort();
const formats = (s: string) => [...s.matchAll(/\{\{\s*\w+\s*,\s*(\w+)[^}]*\}\}/g)].map((m) => m[1]);
const pluralOf = new RegExp(`_(${pluralSuffixes.join('|')})$`);

/** Keys with their plural forms folded: `files_one`, `files_other` → `files` with forms ['one', 'other']. */
function fold(flat: Record<string, string>): Map<string, { forms: string[]; values: string[] }> {
  const out = new Map<string, { forms: string[]; values: string[] }>();
  for (const [k, v] of Object.entries(flat)) {
    const m = pluralOf.exec(k);
    const base = m ? k.slice(0, m.index) : k;
    const entry = out.get(base) ?? { forms: [], values: [] };
    if (m) entry.forms.push(m[1]!);
    entry.values.push(v);
    out.set(base, entry);
  }
  return out;
}

describe.each(namespaces)('catalog %s', (ns) => {
  const en = fold(flattenMessages(catalogs[ns].en));

  it.each(languages.filter((l) => l !== 'en'))('%s has exactly the English keys', (lang) => {
    const other = fold(flattenMessages(catalogs[ns][lang]));
    expect([...other.keys()].sort()).toEqual([...en.keys()].sort());
  });

  it.each(languages)('%s has every plural form its language needs, and no other', (lang) => {
    const categories = [...new Intl.PluralRules(lang).resolvedOptions().pluralCategories].sort();
    for (const [key, entry] of fold(flattenMessages(catalogs[ns][lang]))) {
      if (entry.forms.length === 0 && (en.get(key)?.forms.length ?? 0) === 0) continue;
      expect([...entry.forms].sort(), `${ns}:${key} in ${lang}`).toEqual(categories);
    }
  });

  it.each(languages)('%s has no empty values and keeps every placeholder, nesting and format', (lang) => {
    for (const [key, entry] of fold(flattenMessages(catalogs[ns][lang]))) {
      const reference = en.get(key)?.values ?? [];
      for (const value of entry.values) {
        expect(value.trim(), `${ns}:${key} in ${lang}`).not.toBe('');
        expect(placeholders(value), `${ns}:${key} in ${lang}`).toEqual(placeholders(reference.join(' ')));
        expect(nestings(value), `${ns}:${key} in ${lang}`).toEqual(nestings(reference[reference.length - 1] ?? ''));
        for (const f of formats(value)) expect(['bytes', 'number'], `${ns}:${key} in ${lang}`).toContain(f);
      }
    }
  });
});

describe('translate and localizeError', () => {
  it('translates with parameters in each language', () => {
    expect(translate('en', 'app:nav.stepOf', { n: 2, total: 9 })).toBe('Step 2 of 9');
    expect(translate('de', 'app:nav.stepOf', { n: 2, total: 9 })).toBe('Schritt 2 von 9');
    expect(translate('fr', 'app:nav.stepOf', { n: 2, total: 9 })).toBe('Étape 2 sur 9');
  });

  it('turns a known error into its translated sentence and an unknown one into a step-named sentence without a stack', () => {
    const known = new OfflineSeedError({ code: 'app:errors.jobNotFound', params: { jobId: 'j1' } });
    expect(localizeError(known, 'es').message).toBe('No hay ninguna tarea «j1» en curso. Puede que ya haya terminado.');
    const unknown = localizeError(new TypeError('boom at /secret/path'), 'en', 'drives');
    expect(unknown.code).toBe('app:errors.unexpected');
    expect(unknown.message).toContain('Drives');
    expect(unknown.message).not.toContain('boom');
    expect(JSON.stringify(unknown)).not.toMatch(/at .*\.ts:\d+/);
  });

  it('keeps secrets out of localized errors', () => {
    const key = '123456-234567-345678-456789-567890-678901-789012-890123';
    const err = localizeError(new Error(`manage-bde failed for key ${key}`), 'en', 'drives');
    expect(JSON.stringify(err)).not.toContain(key);
  });
});
