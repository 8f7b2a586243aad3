/**
 * Pure input rules of the staging step beyond Azure's names (those are in ./azureNames): pack size,
 * staging versus sources, source folder names. Used by the command line and the wizard page alike.
 *
 * Paths given here must already be absolute; `win32` selects Windows comparison (case-insensitive, `\`).
 */

import type { KeyUnder } from '../i18n/resources';
import type { RuleViolation } from './azureNames';

const violation = (key: KeyUnder<'staging:validation'>, params: Record<string, string | number> = {}): RuleViolation => ({
  key: `staging:validation.${key}`,
  params,
});

const units: Record<string, number> = {
  '': 1,
  b: 1,
  k: 1024,
  kb: 1000,
  kib: 1024,
  m: 1024 ** 2,
  mb: 1000 ** 2,
  mib: 1024 ** 2,
  g: 1024 ** 3,
  gb: 1000 ** 3,
  gib: 1024 ** 3,
  t: 1024 ** 4,
  tb: 1000 ** 4,
  tib: 1024 ** 4,
};

/** Smallest and largest pack sizes accepted. */
export const packSizeLimits = { min: 1024 ** 2, max: 64 * 1024 ** 3 } as const;
export const defaultPackSize = 1024 ** 3;

/** `8MiB`, `1GiB`, `500MB`, `1.5 GiB`, `1048576` → bytes; null when it is not a size. */
export function parseSize(text: string): number | null {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(text);
  if (!m) return null;
  const unit = units[m[2]!.toLowerCase()];
  if (unit === undefined) return null;
  const bytes = Math.round(Number(m[1]) * unit);
  return Number.isFinite(bytes) ? bytes : null;
}

/** A pack size as typed: a size between 1 MiB and 64 GiB. */
export function checkPackSize(text: string): RuleViolation | null {
  const bytes = parseSize(text);
  if (bytes === null) return violation('packSizeFormat', { value: text });
  if (bytes < packSizeLimits.min || bytes > packSizeLimits.max) return violation('packSizeRange', { value: text });
  return null;
}

function normalize(p: string, win32: boolean): string {
  let s = win32 ? p.replace(/\//g, '\\').toLowerCase() : p;
  const sep = win32 ? '\\' : '/';
  while (s.length > 1 && s.endsWith(sep) && !(win32 && /^[a-z]:\\$/.test(s))) s = s.slice(0, -1);
  return s;
}

/** Whether `inner` is `outer` or lies below it. */
export function isSameOrInside(inner: string, outer: string, win32 = false): boolean {
  const a = normalize(inner, win32);
  const b = normalize(outer, win32);
  if (a === b) return true;
  const sep = win32 ? '\\' : '/';
  return a.startsWith(b.endsWith(sep) ? b : b + sep);
}

/** Staging must not be inside a source (it would copy itself) and no source may be inside staging. */
export function checkStagingVersusSources(staging: string, sources: string[], win32 = false): RuleViolation[] {
  const out: RuleViolation[] = [];
  for (const source of sources) {
    if (isSameOrInside(staging, source, win32)) out.push(violation('stagingInsideSource', { staging, source }));
    else if (isSameOrInside(source, staging, win32)) out.push(violation('sourceInsideStaging', { staging, source }));
  }
  return out;
}

/** The folder name a source is restored under: its last path element. */
export function sourceFolderName(source: string, win32 = false): string {
  const parts = normalize(source, false).split(win32 ? /[\\/]/ : /\//).filter(Boolean);
  return parts[parts.length - 1] ?? '';
}

/** Each source is restored as `<to>/<folder name>`, so two sources may not share a name, nor overlap. */
export function checkSources(sources: string[], win32 = false): RuleViolation[] {
  const out: RuleViolation[] = [];
  if (sources.length === 0) return [violation('noSource')];
  const seen = new Map<string, string>();
  sources.forEach((s, i) => {
    const name = sourceFolderName(s, win32);
    if (!name) {
      out.push(violation('sourceIsRoot', { source: s }));
      return;
    }
    const key = win32 ? name.toLowerCase() : name;
    const other = seen.get(key);
    if (other !== undefined) out.push(violation('sourceNameTwice', { source: s, other, name }));
    else seen.set(key, s);
    for (let j = 0; j < i; j++) {
      const o = sources[j]!;
      if (isSameOrInside(s, o, win32) || isSameOrInside(o, s, win32)) out.push(violation('sourcesOverlap', { source: s, other: o }));
    }
  });
  return out;
}

/** Bytes the staging location needs, assuming zstd's typical 2:1 ratio on mixed data, minus what is already there. */
export function stagingSpaceEstimate(sourceBytes: number, alreadyStagedBytes = 0): number {
  return Math.max(0, Math.ceil(sourceBytes / 2) - alreadyStagedBytes);
}

/** Enough free space for the estimate. */
export function checkFreeSpace(freeBytes: number, neededBytes: number, staging: string): RuleViolation | null {
  return freeBytes >= neededBytes ? null : violation('notEnoughSpace', { staging, freeMiB: Math.floor(freeBytes / 1024 ** 2), neededMiB: Math.ceil(neededBytes / 1024 ** 2) });
}
