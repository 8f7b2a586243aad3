/** The wizard's error sentences name fields, buttons and steps; the command line's name flags and commands. */

import { describe, expect, it } from 'vitest';
import { catalogs, localizeError, sentenceKey, type ErrorCode } from '../../../src/shared/i18n';
import { flattenMessages } from '../../../src/shared/i18n/catalog';
import { languages } from '../../../src/shared/i18n/languages';
import { OfflineSeedError } from '../../../src/shared/errors';

/** Command-line syntax: a flag, an `s:` path, a command to run, an environment variable. */
const cliSyntax = /(\s--[a-z]|\bs:<|\bs:\{\{|offline-seed [a-z]|OFFLINE_SEED_)/;

describe('error sentences for the wizard', () => {
  it('exist for every workflow and sign-in error the English catalog words for the command line', () => {
    for (const ns of ['workflow', 'azure'] as const) {
      const en = flattenMessages(catalogs[ns].en);
      for (const [key, text] of Object.entries(en)) {
        if (!key.startsWith('errors.') || key.includes('_gui') || !cliSyntax.test(text)) continue;
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
  });
});
