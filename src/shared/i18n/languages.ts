/** The six languages the workflow's documentation is published in. */

import * as z from 'zod';

export const languages = ['en', 'fr', 'de', 'es', 'it', 'nl'] as const;
export type Language = (typeof languages)[number];
export const languageSchema = z.enum(languages);

/** Each language named in itself, for the language switcher. */
export const languageNames: Record<Language, string> = {
  en: 'English',
  fr: 'Français',
  de: 'Deutsch',
  es: 'Español',
  it: 'Italiano',
  nl: 'Nederlands',
};

export function isLanguage(x: unknown): x is Language {
  return typeof x === 'string' && (languages as readonly string[]).includes(x);
}

/** Picks a supported language from a locale tag such as `de-CH` or `fr_FR.UTF-8`; English otherwise. */
export function languageFromLocale(locale: string | undefined | null): Language {
  const base = (locale ?? '').toLowerCase().split(/[-_.]/)[0] ?? '';
  return isLanguage(base) ? base : 'en';
}
