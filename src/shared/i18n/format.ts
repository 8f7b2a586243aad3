/** Numbers, sizes, durations and dates for the user's locale, through Intl. */

import type { Language } from './languages';

const units = ['byte', 'kilobyte', 'megabyte', 'gigabyte', 'terabyte', 'petabyte'] as const;

/** Binary sizes (1 KiB = 1024 B) written with the locale's unit names as Windows does (KB, MB, GB). */
export function formatBytes(bytes: number, lang: Language): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '—';
  let i = 0;
  let v = bytes;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return new Intl.NumberFormat(lang, {
    style: 'unit',
    unit: units[i],
    // Bytes are written out with the language's plural ("0 bytes", "1 octet"); larger units abbreviated ("1.5 kB").
    unitDisplay: i === 0 ? 'long' : 'short',
    maximumFractionDigits: i === 0 ? 0 : v < 10 ? 2 : v < 100 ? 1 : 0,
  }).format(v);
}

export function formatNumber(n: number, lang: Language, maximumFractionDigits = 0): string {
  return new Intl.NumberFormat(lang, { maximumFractionDigits }).format(n);
}

export function formatPercent(fraction: number, lang: Language): string {
  return new Intl.NumberFormat(lang, { style: 'percent', maximumFractionDigits: 0 }).format(fraction);
}

export function formatSpeed(bytesPerSecond: number, lang: Language): string {
  return `${formatBytes(bytesPerSecond, lang)}/s`;
}

/** A duration such as "1 h 05 min" or "42 s", in the locale's unit words. */
export function formatDuration(seconds: number | null, lang: Language): string {
  if (seconds === null || !Number.isFinite(seconds)) return '—';
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  const unit = (value: number, u: 'hour' | 'minute' | 'second') =>
    new Intl.NumberFormat(lang, { style: 'unit', unit: u, unitDisplay: 'narrow' }).format(value);
  if (h > 0) return `${unit(h, 'hour')} ${unit(m, 'minute')}`;
  if (m > 0) return `${unit(m, 'minute')} ${unit(sec, 'second')}`;
  return unit(sec, 'second');
}

export function formatDate(date: Date | string | number, lang: Language): string {
  return new Intl.DateTimeFormat(lang, { dateStyle: 'medium' }).format(new Date(date));
}

export function formatDateTime(date: Date | string | number, lang: Language): string {
  return new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(date));
}

/** Time left as days and hours, with the language's own plural forms ("1 day 5 hr", "13 Tage 2 Std."). */
export function formatDaysHours(days: number, hours: number, lang: Language): string {
  const d = new Intl.NumberFormat(lang, { style: 'unit', unit: 'day', unitDisplay: 'long' }).format(days);
  const h = new Intl.NumberFormat(lang, { style: 'unit', unit: 'hour', unitDisplay: 'short' }).format(hours);
  return `${d} ${h}`;
}
