/** One i18next setup for every front end (the renderer through react-i18next, the command line, the host, errors). */

import i18next, { type i18n, type InitOptions, type Resource } from 'i18next';
import { formatBytes } from './format';
import { isLanguage, languages, type Language } from './languages';
import { catalogs, languageResources, namespaces, type ErrorCode, type Key } from './resources';

export function resources(): Resource {
  return Object.fromEntries(languages.map((lang) => [lang, languageResources(lang)]));
}

/** The one i18next configuration, for the renderer's react-i18next instance and core's own. */
export function i18nOptions(lang: Language): InitOptions {
  return {
    lng: lang,
    fallbackLng: 'en',
    supportedLngs: [...languages],
    ns: namespaces,
    defaultNS: 'app',
    resources: resources(),
    interpolation: { escapeValue: false },
    returnNull: false,
    initAsync: false,
  };
}

/**
 * Our formats, usable in any sentence as `{{name, format}}`: `bytes` writes a size the way Windows does, in the
 * sentence's language (`{{size, bytes}}` → "1.5 GB", "1,5 Go"). A value that is already text passes unchanged.
 */
export function addFormats(instance: i18n): void {
  instance.services.formatter?.add('bytes', (value: unknown, lng: string | undefined) =>
    typeof value === 'number' ? formatBytes(value, isLanguage(lng) ? lng : 'en') : String(value),
  );
}

/** A ready i18next instance (synchronous: resources are bundled). */
export function createI18n(lang: Language): i18n {
  const instance = i18next.createInstance();
  void instance.init(i18nOptions(lang));
  addFormats(instance);
  return instance;
}

const cache = new Map<Language, i18n>();

/** Translates `namespace:key` in `lang`; params fill its `{{placeholders}}` (and `count` picks the plural form). */
export function translate(lang: Language, key: Key, params?: Record<string, unknown>): string {
  let inst = cache.get(lang);
  if (!inst) {
    inst = createI18n(lang);
    cache.set(lang, inst);
  }
  return inst.t(key, params ?? {}) as string;
}

/** Whether `namespace:key` exists in the English catalog (narrows a string from the wire or a template to a Key). */
export function hasKey(key: string): key is Key {
  if (!key.includes(':')) return false;
  const [ns, path] = key.split(':', 2) as [string, string];
  let node: unknown = (catalogs as Record<string, { en: unknown }>)[ns]?.en;
  const parts = path.split('.');
  const last = parts.pop()!;
  for (const part of parts) {
    if (node && typeof node === 'object') node = (node as Record<string, unknown>)[part];
    else return false;
  }
  const leaf = node && typeof node === 'object' ? (node as Record<string, unknown>) : {};
  return typeof leaf[last] === 'string' || typeof leaf[`${last}_other`] === 'string';
}

/** Whether a code that arrived as data (over the wire, from a file) is one of the catalog's error codes. */
export function isErrorCode(code: string): code is ErrorCode {
  return /^\w+:errors\.\w+$/.test(code) && hasKey(code);
}
