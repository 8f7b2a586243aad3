/**
 * The Node bundles read each message catalog from disk when it is first used (scripts/build.mjs puts
 * catalogFromFile in place of the JSON imports). The sentences must be the same as from the imported JSON, through
 * i18next (nesting, plurals, our formats) and hasKey, and a catalog nobody asks for must stay unread.
 */

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import { catalogFromFile } from '../../../src/core/platform/catalogFile';
import { addFormats, i18nOptions } from '../../../src/shared/i18n/translate';
import { languages } from '../../../src/shared/i18n/languages';
import { namespaces } from '../../../src/shared/i18n/resources';
import type { Messages } from '../../../src/shared/i18n/catalog';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../../..');
// catalogFromFile resolves from its own folder, as the bundle's chunks resolve from out/<bundle>/.
const fromLoader = (lang: string, ns: string) => `../../shared/i18n/locales/${lang}/${ns}.json`;
const onDisk = (lang: string, ns: string) => JSON.parse(readFileSync(path.join(root, 'src/shared/i18n/locales', lang, `${ns}.json`), 'utf8')) as Messages;

function fileResources(): Record<string, Record<string, Messages>> {
  return Object.fromEntries(languages.map((lang) => [lang, Object.fromEntries(namespaces.map((ns) => [ns, catalogFromFile(fromLoader(lang, ns))]))]));
}

describe('catalogFromFile', () => {
  it('answers every question with the file’s content: keys, nesting, in, descriptors, JSON', () => {
    const proxy = catalogFromFile(fromLoader('fr', 'drives'));
    const real = onDisk('fr', 'drives');
    expect(Object.keys(proxy)).toEqual(Object.keys(real));
    expect(JSON.parse(JSON.stringify(proxy))).toEqual(real);
    const first = Object.keys(real)[0]!;
    expect(first in proxy).toBe(true);
    expect('no such key' in proxy).toBe(false);
    expect(proxy['no such key']).toBeUndefined();
    expect(Object.getOwnPropertyDescriptor(proxy, first)?.value).toEqual(real[first]);
    expect({ ...proxy }).toEqual(real);
  });

  it('reads a file only when a sentence of it is first needed, and once', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'os-catalog-'));
    try {
      const file = path.join(dir, 'app.json');
      const proxy = catalogFromFile(path.relative(path.join(root, 'src/core/platform'), file).split(path.sep).join('/'));
      // Written after the catalog was made: had it been read then, this would have failed.
      writeFileSync(file, JSON.stringify({ greeting: 'first' }));
      expect(proxy['greeting']).toBe('first');
      writeFileSync(file, JSON.stringify({ greeting: 'second' }));
      expect(proxy['greeting']).toBe('first');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('gives i18next the same sentences as the bundled JSON, in every language, plurals and formats included', () => {
    for (const lang of languages) {
      const fromFiles = i18next.createInstance();
      void fromFiles.init({ ...i18nOptions(lang), resources: fileResources() });
      addFormats(fromFiles);
      const bundled = i18next.createInstance();
      void bundled.init(i18nOptions(lang));
      addFormats(bundled);
      for (const key of ['app:counts.drives', 'drives:errors.dirNotEmpty', 'staging:errors.unreadableFile', 'agent:errors.pageBlobTooLarge'] as const) {
        for (const params of [{ count: 1, file: 'D:\\x', size: 1536, max: 2 ** 40 }, { count: 3, file: 'D:\\x', size: 1536, max: 2 ** 40 }]) {
          expect(fromFiles.t(key, params), `${lang} ${key}`).toBe(bundled.t(key, params));
        }
      }
      // A key the language lacks falls back to English through the file-backed English catalog.
      expect(fromFiles.t('app:no.such.key')).toBe(bundled.t('app:no.such.key'));
    }
  });
});
