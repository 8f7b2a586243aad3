/** Hooks pages use to call core: one request with its pending state and error, and localized formatting. */

import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppErrorData } from '../shared/errors';
import type { RequestArg, RequestName, RequestResult } from '../shared/contract';
import { hasKey, localizeError, namespaces, type Key } from '../shared/i18n';
import { stateLabel } from '../shared/i18n/stateLabel';
import { formatBytes, formatDate, formatDateTime, formatDuration, formatNumber, formatPercent, formatSpeed } from '../shared/i18n/format';
import { isLanguage, type Language } from '../shared/i18n/languages';
import { BridgeError, getBridge } from './bridge';
import i18n from './i18n';

/** Calls one contract request; keeps `pending`, the last `result` and the last `error` ({code,message,step,detail}). */
export function useRequest<K extends RequestName>(name: K) {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<AppErrorData | null>(null);
  const [result, setResult] = useState<RequestResult<K> | null>(null);
  const run = useCallback(
    async (arg: RequestArg<K>): Promise<RequestResult<K> | null> => {
      setPending(true);
      setError(null);
      try {
        const r = await getBridge().invoke(name, arg);
        setResult(r);
        return r;
      } catch (e) {
        setError(e instanceof BridgeError ? e.data : localizeError(e, isLanguage(i18n.language) ? i18n.language : 'en', undefined, 'gui'));
        return null;
      } finally {
        setPending(false);
      }
    },
    [name],
  );
  return { run, pending, error, result, clearError: () => setError(null) };
}

/** The current language and Intl formatters bound to it. */
export function useFormat() {
  const { i18n } = useTranslation();
  const lang: Language = isLanguage(i18n.language) ? i18n.language : 'en';
  return {
    lang,
    bytes: (n: number) => formatBytes(n, lang),
    number: (n: number, digits = 0) => formatNumber(n, lang, digits),
    percent: (f: number) => formatPercent(f, lang),
    speed: (n: number) => formatSpeed(n, lang),
    duration: (s: number | null) => formatDuration(s, lang),
    date: (d: Date | string | number) => formatDate(d, lang),
    dateTime: (d: Date | string | number) => formatDateTime(d, lang),
  };
}

/**
 * Renders a catalog key that arrived as data (a rule's problem sent by core), in the current language. The wire
 * carries it as a string, so it is checked against the catalog first; an unknown key is shown as it is.
 */
export function useKeyText() {
  const { t } = useTranslation(namespaces);
  return useCallback((key: string, params: Record<string, string | number> = {}): string => (hasKey(key) ? t(key, params) : key), [t]);
}

/**
 * A status from Azure in the current language, with Azure's value beside it when the name differs ("Livrée (API:
 * Delivered)"): the command line's rule (src/shared/i18n/stateLabel.ts). `nameKey` is the status's name in the catalog.
 */
export function useStateLabel() {
  const { t } = useTranslation(namespaces);
  return useCallback((nameKey: Key, api: string): string => stateLabel((key, params) => t(key, params ?? {}), nameKey, api), [t]);
}
