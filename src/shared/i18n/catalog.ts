/** A namespace's translations: one nested object of strings per language, identical keys in all six. */

import type { Language } from './languages';

export interface Messages {
  [key: string]: string | Messages;
}

export type Catalog = Record<Language, Messages>;

/** Flattens `{a: {b: 'x'}}` to `{'a.b': 'x'}` (used by the catalog completeness test and tools). */
export function flattenMessages(messages: Messages, prefix = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(messages)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string') out[key] = v;
    else Object.assign(out, flattenMessages(v, key));
  }
  return out;
}
