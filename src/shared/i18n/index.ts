/**
 * One i18next setup for every front end: the renderer (through react-i18next), the command line and the host.
 *
 * Namespaces are the files in ./catalogs; a key is written `namespace:path.to.key`.
 */

import i18next, { type i18n, type InitOptions, type Resource } from 'i18next';
import type { Catalog } from './catalog';
import app from './catalogs/app';
import azure from './catalogs/azure';
import certificate from './catalogs/certificate';
import cli from './catalogs/cli';
import drives from './catalogs/drives';
import emulator from './catalogs/emulator';
import staging from './catalogs/staging';
import workflow from './catalogs/workflow';
import { languages, type Language } from './languages';
import { isOfflineSeedError, type AppErrorData, type StepId } from '../errors';
import { redact } from '../redact';

export const catalogs = { app, azure, certificate, cli, drives, emulator, staging, workflow } satisfies Record<string, Catalog>;
export type Namespace = keyof typeof catalogs;
export const namespaces = Object.keys(catalogs) as Namespace[];

export function resources(): Resource {
  const out: Resource = {};
  for (const lang of languages) {
    out[lang] = {};
    for (const ns of namespaces) out[lang]![ns] = catalogs[ns][lang];
  }
  return out;
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

/** A ready i18next instance (synchronous: resources are bundled). */
export function createI18n(lang: Language): i18n {
  const instance = i18next.createInstance();
  void instance.init(i18nOptions(lang));
  return instance;
}

const cache = new Map<Language, i18n>();

/** Translates `namespace:key` in `lang`. */
export function translate(lang: Language, key: string, params?: Record<string, unknown>): string {
  let inst = cache.get(lang);
  if (!inst) {
    inst = createI18n(lang);
    cache.set(lang, inst);
  }
  return inst.t(key, params ?? {}) as string;
}

/** Whether `namespace:key` exists in the English catalog. */
export function hasKey(key: string): boolean {
  const [ns, path] = key.includes(':') ? (key.split(':', 2) as [string, string]) : ['app', key];
  let node: unknown = (catalogs as Record<string, Catalog>)[ns]?.en;
  for (const part of path.split('.')) {
    if (node && typeof node === 'object') node = (node as Record<string, unknown>)[part];
    else return false;
  }
  return typeof node === 'string';
}

/**
 * Turns any thrown value into the `{code, message, step, detail}` shape, with the message in `lang`.
 *
 * An OfflineSeedError's code is its catalog key; when the catalog has it, the translated sentence
 * wins over the English fallback. Anything else becomes `app:errors.unexpected` with no stack trace.
 */
export function localizeError(e: unknown, lang: Language, step?: StepId): AppErrorData {
  if (isOfflineSeedError(e)) {
    const message = redact(hasKey(e.code) ? translate(lang, e.code, e.params) : e.message);
    return {
      code: e.code,
      message,
      ...(e.step ?? step ? { step: e.step ?? step } : {}),
      ...(e.detail ? { detail: e.detail } : {}),
    };
  }
  const stepName = step ? translate(lang, `app:steps.${step}.title`) : '—';
  return {
    code: 'app:errors.unexpected',
    message: translate(lang, 'app:errors.unexpected', { step: stepName }),
    ...(step ? { step } : {}),
    detail: { reason: redact(e instanceof Error ? e.message : String(e)).slice(0, 500) },
  };
}
