/** Errors that name a Data Box order's status say it in the reader's language, with Azure's value beside it. */

import { describe, expect, it } from 'vitest';
import { localizeError } from '../../../src/shared/i18n';
import { OfflineSeedError } from '../../../src/shared/errors';
import { dataBoxStatusErrors } from '../../../src/shared/rules/dataBoxStates';

describe('an order status in an error', () => {
  it('is named for the wizard as for the command line, in the language of either', () => {
    const e = new OfflineSeedError({ code: 'databox:errors.notDeletable', params: { job: 'seed-01', status: 'CompletedWithErrors' } });
    expect(localizeError(e, 'fr', undefined, 'gui').message).toContain('La commande seed-01 est à l\'état Terminée avec des erreurs (API : CompletedWithErrors) et ne peut pas encore être supprimée');
    expect(localizeError(e, 'de').message).toContain('Die Bestellung seed-01 hat den Status Mit Fehlern abgeschlossen (API: CompletedWithErrors) und kann noch nicht gelöscht werden');
    // The English message kept for logs keeps Azure's value alone.
    expect(e.message).toContain('has the status CompletedWithErrors and cannot be deleted yet');
  });

  it('names every error of the list, the local Azure’s too, and a status Azure added later as unknown beside its value', () => {
    for (const code of dataBoxStatusErrors) {
      const message = localizeError(new OfflineSeedError({ code, params: { job: 'seed-01', status: 'Delivered' } }), 'en', undefined, 'gui').message;
      expect(message, code).toMatch(/\bDelivered\b/);
      expect(message, code).not.toContain('(API:');
    }
    const later = localizeError(new OfflineSeedError({ code: 'databox:errors.emulatorNotShipped', params: { job: 'seed-01', status: 'AwaitingCustoms' } }), 'en').message;
    expect(later).toContain('The order seed-01 is Unknown stage (API: AwaitingCustoms)');
  });

  it('leaves the status of other errors as it is', () => {
    const e = new OfflineSeedError({ code: 'workflow:errors.shippingTooLate', params: { job: 'seed-01', state: 'Transferring' } });
    expect(localizeError(e, 'en').message).not.toContain('(API:');
  });
});
