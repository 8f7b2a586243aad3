/**
 * The catalogs: one JSON file per language and namespace under ./locales/<lang>/<ns>.json (the layout
 * i18next and translation tools read). English is the reference: keys are typed from it, and the parity
 * test holds the five other languages to exactly its keys and placeholders.
 *
 * Namespaces: agent (shipping a staging location the backup agent wrote, as it is), app (the wizard shell, generic
 * errors), azure (sign-in, Azure's failures), certificate (certgen), cli (the command line's own words), databox
 * (the Data Box route), drives (drive preparation and copy), emulator (the local
 * Azure), staging (staging and restore), workflow (import job, shipping, monitor, verify, demo).
 * Adding a language: see docs/i18n.md.
 */

import type { Catalog, Messages } from './catalog';
import type { Language } from './languages';

import enAgent from './locales/en/agent.json' with { type: 'json' };
import enApp from './locales/en/app.json' with { type: 'json' };
import enAzure from './locales/en/azure.json' with { type: 'json' };
import enCertificate from './locales/en/certificate.json' with { type: 'json' };
import enDatabox from './locales/en/databox.json' with { type: 'json' };
import enCli from './locales/en/cli.json' with { type: 'json' };
import enDrives from './locales/en/drives.json' with { type: 'json' };
import enEmulator from './locales/en/emulator.json' with { type: 'json' };
import enStaging from './locales/en/staging.json' with { type: 'json' };
import enWorkflow from './locales/en/workflow.json' with { type: 'json' };
import frAgent from './locales/fr/agent.json' with { type: 'json' };
import frApp from './locales/fr/app.json' with { type: 'json' };
import frAzure from './locales/fr/azure.json' with { type: 'json' };
import frCertificate from './locales/fr/certificate.json' with { type: 'json' };
import frDatabox from './locales/fr/databox.json' with { type: 'json' };
import frCli from './locales/fr/cli.json' with { type: 'json' };
import frDrives from './locales/fr/drives.json' with { type: 'json' };
import frEmulator from './locales/fr/emulator.json' with { type: 'json' };
import frStaging from './locales/fr/staging.json' with { type: 'json' };
import frWorkflow from './locales/fr/workflow.json' with { type: 'json' };
import deAgent from './locales/de/agent.json' with { type: 'json' };
import deApp from './locales/de/app.json' with { type: 'json' };
import deAzure from './locales/de/azure.json' with { type: 'json' };
import deCertificate from './locales/de/certificate.json' with { type: 'json' };
import deDatabox from './locales/de/databox.json' with { type: 'json' };
import deCli from './locales/de/cli.json' with { type: 'json' };
import deDrives from './locales/de/drives.json' with { type: 'json' };
import deEmulator from './locales/de/emulator.json' with { type: 'json' };
import deStaging from './locales/de/staging.json' with { type: 'json' };
import deWorkflow from './locales/de/workflow.json' with { type: 'json' };
import esAgent from './locales/es/agent.json' with { type: 'json' };
import esApp from './locales/es/app.json' with { type: 'json' };
import esAzure from './locales/es/azure.json' with { type: 'json' };
import esCertificate from './locales/es/certificate.json' with { type: 'json' };
import esDatabox from './locales/es/databox.json' with { type: 'json' };
import esCli from './locales/es/cli.json' with { type: 'json' };
import esDrives from './locales/es/drives.json' with { type: 'json' };
import esEmulator from './locales/es/emulator.json' with { type: 'json' };
import esStaging from './locales/es/staging.json' with { type: 'json' };
import esWorkflow from './locales/es/workflow.json' with { type: 'json' };
import itAgent from './locales/it/agent.json' with { type: 'json' };
import itApp from './locales/it/app.json' with { type: 'json' };
import itAzure from './locales/it/azure.json' with { type: 'json' };
import itCertificate from './locales/it/certificate.json' with { type: 'json' };
import itDatabox from './locales/it/databox.json' with { type: 'json' };
import itCli from './locales/it/cli.json' with { type: 'json' };
import itDrives from './locales/it/drives.json' with { type: 'json' };
import itEmulator from './locales/it/emulator.json' with { type: 'json' };
import itStaging from './locales/it/staging.json' with { type: 'json' };
import itWorkflow from './locales/it/workflow.json' with { type: 'json' };
import nlAgent from './locales/nl/agent.json' with { type: 'json' };
import nlApp from './locales/nl/app.json' with { type: 'json' };
import nlAzure from './locales/nl/azure.json' with { type: 'json' };
import nlCertificate from './locales/nl/certificate.json' with { type: 'json' };
import nlDatabox from './locales/nl/databox.json' with { type: 'json' };
import nlCli from './locales/nl/cli.json' with { type: 'json' };
import nlDrives from './locales/nl/drives.json' with { type: 'json' };
import nlEmulator from './locales/nl/emulator.json' with { type: 'json' };
import nlStaging from './locales/nl/staging.json' with { type: 'json' };
import nlWorkflow from './locales/nl/workflow.json' with { type: 'json' };

export const catalogs = {
  agent: { en: enAgent, fr: frAgent, de: deAgent, es: esAgent, it: itAgent, nl: nlAgent },
  app: { en: enApp, fr: frApp, de: deApp, es: esApp, it: itApp, nl: nlApp },
  azure: { en: enAzure, fr: frAzure, de: deAzure, es: esAzure, it: itAzure, nl: nlAzure },
  certificate: { en: enCertificate, fr: frCertificate, de: deCertificate, es: esCertificate, it: itCertificate, nl: nlCertificate },
  databox: { en: enDatabox, fr: frDatabox, de: deDatabox, es: esDatabox, it: itDatabox, nl: nlDatabox },
  cli: { en: enCli, fr: frCli, de: deCli, es: esCli, it: itCli, nl: nlCli },
  drives: { en: enDrives, fr: frDrives, de: deDrives, es: esDrives, it: itDrives, nl: nlDrives },
  emulator: { en: enEmulator, fr: frEmulator, de: deEmulator, es: esEmulator, it: itEmulator, nl: nlEmulator },
  staging: { en: enStaging, fr: frStaging, de: deStaging, es: esStaging, it: itStaging, nl: nlStaging },
  workflow: { en: enWorkflow, fr: frWorkflow, de: deWorkflow, es: esWorkflow, it: itWorkflow, nl: nlWorkflow },
} satisfies Record<string, Catalog>;

export type Namespace = keyof typeof catalogs;
export const namespaces = Object.keys(catalogs) as Namespace[];

type English = { [N in Namespace]: (typeof catalogs)[N]['en'] };

/** The suffixes i18next adds for the plural forms of a key (`files_one`, `files_other`), after Intl.PluralRules. */
export const pluralSuffixes = ['zero', 'one', 'two', 'few', 'many', 'other'] as const;
type Singular<K extends string> = K extends `${infer B}_${(typeof pluralSuffixes)[number]}` ? B : K;

/** `a.b.c` for every string leaf of a nested message object; plural forms count once, under their base key. */
type Paths<T> = { [K in keyof T & string]: T[K] extends string ? Singular<K> : `${K}.${Paths<T[K]>}` }[keyof T & string];

/** The keys of one namespace, without the `namespace:` prefix. */
export type KeyIn<N extends Namespace> = Paths<English[N]>;

/** Every message key, `namespace:path.to.key`, as it exists in the English catalog. */
export type Key = { [N in Namespace]: `${N}:${KeyIn<N>}` }[Namespace];

type Rest<K, P extends string> = K extends `${P}.${infer R}` ? R : never;

/** What follows `prefix.` in every key that starts with it: KeyUnder<'workflow:demo'> is 'title' | 'steps.stage' | … */
export type KeyUnder<P extends string> = Rest<Key, P>;

/** The whole keys that start with `prefix.`: KeyAt<'workflow:jobStates'> is 'workflow:jobStates.Creating' | … */
export type KeyAt<P extends string> = Extract<Key, `${P}.${string}`>;

/** The keys under `<namespace>:errors.`: every code an OfflineSeedError (or an error on the wire) may carry. */
export type ErrorCode = Extract<Key, `${string}:errors.${string}`>;

/** The messages of one language, by namespace, as i18next takes them. */
export function languageResources(lang: Language): Record<Namespace, Messages> {
  const out: Partial<Record<Namespace, Messages>> = {};
  for (const ns of namespaces) out[ns] = catalogs[ns][lang];
  return out as Record<Namespace, Messages>;
}
