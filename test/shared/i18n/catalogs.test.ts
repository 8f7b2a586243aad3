/** The six catalogs of every namespace have identical keys, no empty values, and the same placeholders. */

import { describe, expect, it } from 'vitest';
import { catalogs, namespaces, translate, localizeError } from '../../../src/shared/i18n';
import { flattenMessages } from '../../../src/shared/i18n/catalog';
import { languages } from '../../../src/shared/i18n/languages';
import { OfflineSeedError } from '../../../src/shared/errors';

const placeholders = (s: string) => [...s.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort();

describe.each(namespaces)('catalog %s', (ns) => {
  const en = flattenMessages(catalogs[ns].en);

  it.each(languages.filter((l) => l !== 'en'))('%s has exactly the English keys', (lang) => {
    const other = flattenMessages(catalogs[ns][lang]);
    expect(Object.keys(other).sort()).toEqual(Object.keys(en).sort());
  });

  it.each(languages)('%s has no empty values and keeps every placeholder', (lang) => {
    const other = flattenMessages(catalogs[ns][lang]);
    for (const [key, value] of Object.entries(other)) {
      expect(value.trim(), `${ns}:${key} in ${lang}`).not.toBe('');
      expect(placeholders(value), `${ns}:${key} in ${lang}`).toEqual(placeholders(en[key] ?? ''));
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
    const known = new OfflineSeedError({ code: 'app:errors.jobNotFound', message: 'x', params: { jobId: 'j1' } });
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
