/** react-i18next over the shared catalogs; the language follows the OS until the user picks one. */

import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { addFormats, i18nOptions } from '../shared/i18n';
import { isLanguage, languageFromLocale, type Language } from '../shared/i18n/languages';

const storageKey = 'offline-seed.language';

export function initialLanguage(): Language {
  const fromUrl = new URLSearchParams(location.search).get('lang');
  if (isLanguage(fromUrl)) return fromUrl;
  try {
    const saved = localStorage.getItem(storageKey);
    if (isLanguage(saved)) return saved;
  } catch {
    // storage may be unavailable; fall back to the OS language
  }
  return languageFromLocale(navigator.language);
}

export function rememberLanguage(lang: Language): void {
  try {
    localStorage.setItem(storageKey, lang);
  } catch {
    // not fatal: the choice lasts for this window
  }
}

void i18next.use(initReactI18next).init(i18nOptions(initialLanguage()));
addFormats(i18next);

export default i18next;
