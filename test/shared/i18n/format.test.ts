/** Sizes, speeds, durations and dates are written the way each language writes them. */

import { describe, expect, it } from 'vitest';
import { formatBytes, formatDate, formatDaysHours, formatDuration, formatPercent, formatSpeed } from '../../../src/shared/i18n/format';
import { languageFromLocale } from '../../../src/shared/i18n/languages';

const nbsp = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');

describe('format', () => {
  it('writes sizes in binary units with the locale decimal mark', () => {
    expect(nbsp(formatBytes(0, 'en'))).toBe('0 bytes');
    expect(nbsp(formatBytes(1, 'en'))).toBe('1 byte');
    expect(nbsp(formatBytes(512, 'fr'))).toBe('512 octets');
    expect(nbsp(formatBytes(1536, 'en'))).toBe('1.5 kB');
    expect(nbsp(formatBytes(1536, 'de'))).toBe('1,5 kB');
    expect(nbsp(formatBytes(5 * 1024 ** 4, 'fr'))).toBe('5 To');
    expect(formatBytes(-1, 'en')).toBe('—');
  });

  it('writes speeds, percentages and durations', () => {
    expect(nbsp(formatSpeed(100 * 1024 ** 2, 'en'))).toBe('100 MB/s');
    expect(nbsp(formatPercent(0.42, 'fr'))).toBe('42 %');
    expect(nbsp(formatDuration(3725, 'en'))).toBe('1h 2m');
    expect(nbsp(formatDuration(42, 'de'))).toBe('42 Sek.');
    expect(formatDuration(null, 'en')).toBe('—');
  });

  it('writes dates in the locale order', () => {
    const d = new Date(Date.UTC(2026, 10, 23, 12));
    expect(formatDate(d, 'en')).toBe('Nov 23, 2026');
    expect(formatDate(d, 'de')).toBe('23.11.2026');
    expect(formatDate(d, 'nl')).toBe('23 nov 2026');
  });

  it('maps OS locales onto the six languages', () => {
    expect(languageFromLocale('de_CH.UTF-8')).toBe('de');
    expect(languageFromLocale('pt-BR')).toBe('en');
    expect(languageFromLocale(undefined)).toBe('en');
  });
});

describe('formatDaysHours', () => {
  it('uses each language plural forms for the time left', () => {
    const nb = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');
    expect(nb(formatDaysHours(1, 5, 'en'))).toBe('1 day 5 hr');
    expect(nb(formatDaysHours(13, 2, 'en'))).toBe('13 days 2 hr');
    expect(nb(formatDaysHours(1, 5, 'de'))).toBe('1 Tag 5 Std.');
    expect(nb(formatDaysHours(2, 0, 'fr'))).toBe('2 jours 0 h');
  });
});
