/** The wizard's error sentences name fields, buttons and steps; the command line's name flags and commands. */

import { describe, expect, it } from 'vitest';
import { catalogs, localizeError, sentenceKey, type ErrorCode } from '../../../src/shared/i18n';
import { flattenMessages } from '../../../src/shared/i18n/catalog';
import { languages } from '../../../src/shared/i18n/languages';
import { OfflineSeedError } from '../../../src/shared/errors';

/**
 * Command-line syntax: a flag, an `s:` path, a command to run, an environment variable, certgen's `Name:<value>`
 * arguments (SubscriptionId:…, storageaccountname:<name>), its actions by name, "run the command again".
 */
const cliSyntax = /(\s--[a-z]|\bs:<|\bs:\{\{|offline-seed [a-z]|OFFLINE_SEED_|\b\w+:<|\bSubscriptionId:|\bCreateNewApplication\b|\bAddRegistryEntries\b|\brun the command\b)/;

/** Errors only the command line raises (its own argument parsing): the wizard never shows them. */
const commandLineOnly = new Set([
  'certificate:errors.missingArgument',
  'certificate:errors.unknownAction',
  'workflow:errors.missingFlag',
  'drives:errors.unexpectedArgument',
  'drives:errors.needsConfirmation',
  'staging:errors.unexpectedArgument',
  'staging:errors.severalSubscriptions',
  'staging:errors.restoreFromCloudLater',
  'staging:errors.restoreFromInvalid',
  'staging:errors.restoreUsage',
]);

describe('error sentences for the wizard', () => {
  it('exist for every workflow, sign-in, certificate, drive and staging error the English catalog words for the command line', () => {
    for (const ns of ['workflow', 'azure', 'certificate', 'drives', 'staging'] as const) {
      const en = flattenMessages(catalogs[ns].en);
      for (const [key, text] of Object.entries(en)) {
        if (!key.startsWith('errors.') || key.includes('_gui') || !cliSyntax.test(text) || commandLineOnly.has(`${ns}:${key}`)) continue;
        const base = key.replace(/_(one|other)$/, '');
        expect(Object.keys(en).some((k) => k.startsWith(`${base}_gui`)), `${ns}:${key} needs a ${base}_gui sentence`).toBe(true);
      }
    }
  });

  it('never use command-line syntax, in any language', () => {
    for (const ns of Object.keys(catalogs) as Array<keyof typeof catalogs>) {
      for (const lang of languages) {
        for (const [key, text] of Object.entries(flattenMessages(catalogs[ns][lang]))) {
          if (key.includes('_gui')) expect(text, `${ns}:${key} in ${lang}`).not.toMatch(cliSyntax);
        }
      }
    }
  });

  it('are what the wizard receives, while the command line keeps its own', () => {
    const e = new OfflineSeedError({ code: 'workflow:errors.noJobs', params: { staging: '/srv/s' } });
    expect(localizeError(e, 'en').message).toBe('No import job belongs to /srv/s yet. Create it with offline-seed diskprep s:/srv/s.');
    expect(localizeError(e, 'en', undefined, 'gui').message).toBe('No import job belongs to /srv/s yet. Create it on the Import job step.');
    expect(localizeError(e, 'de', undefined, 'gui').message).toBe('Zu /srv/s gehört noch kein Importauftrag. Erstellen Sie ihn im Schritt Importauftrag.');
    // The code stays the same: diagnostics and tests key on it, whichever sentence was shown.
    expect(localizeError(e, 'en', undefined, 'gui').code).toBe('workflow:errors.noJobs');
    expect(sentenceKey('workflow:errors.verifyFailed' as ErrorCode, 'gui')).toBe('workflow:errors.verifyFailed_gui');
    expect(sentenceKey('workflow:errors.jobNameNotFound', 'gui')).toBe('workflow:errors.jobNameNotFound');
    // The certificate step names its field and its button, not certgen's arguments and actions.
    const sub = new OfflineSeedError({ code: 'certificate:errors.badSubscriptionId', params: { value: 'nope' } });
    expect(localizeError(sub, 'en').message).toContain('SubscriptionId:00000000-');
    expect(localizeError(sub, 'en', undefined, 'gui').message).toBe('"nope" is not a subscription ID; enter the subscription\'s GUID in Subscription ID, e.g. 00000000-0000-0000-0000-000000000000.');
    const gone = new OfflineSeedError({ code: 'certificate:errors.applicationGone' });
    expect(localizeError(gone, 'fr', undefined, 'gui').message).toBe("L'application a été supprimée pendant l'attente du chargement du certificat ; appuyez de nouveau sur Créer l'application et le certificat.");
    // The drives and the test restore name the wizard's buttons, fields and checkbox, counted in the user's language.
    const full = new OfflineSeedError({ code: 'drives:errors.needMoreDrives', params: { count: 1, bytes: 2048 } });
    expect(localizeError(full, 'en').message).toContain('another --drive');
    expect(localizeError(full, 'en', undefined, 'gui').message).toMatch(/^The drives are full and 1 file \(.+\) is left; connect another drive, choose it on the Drives step and start again/);
    const unreadable = new OfflineSeedError({ code: 'staging:errors.unreadableFile', params: { file: '/srv/a', reason: 'EACCES' } });
    expect(localizeError(unreadable, 'de', undefined, 'gui').message).toContain('„Nicht lesbare Dateien auslassen“');
    const denied = new OfflineSeedError({ code: 'staging:errors.restoreTargetDenied', params: { target: '/srv/r', reason: 'EACCES' } });
    expect(localizeError(denied, 'en', undefined, 'gui').message).toBe('The folder /srv/r cannot be created or written to (EACCES). Choose a folder you can write to under Restore into folder.');
  });

  it('name only the commands that the command line alone raises as its own', () => {
    for (const key of commandLineOnly) {
      const [ns, rest] = key.split(':') as [keyof typeof catalogs, string];
      expect(flattenMessages(catalogs[ns].en)[rest], key).toMatch(cliSyntax);
    }
  });
});
