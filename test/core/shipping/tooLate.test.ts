/**
 * A job past the point where shipping details may change is refused in one sentence that names its state the way the
 * wizard's Monitor timeline does, in the user's language, and the states it would take ("Creating", "Shipping") too.
 */

import { describe, expect, it } from 'vitest';
import { assertCanEnterShipping } from '../../../src/core/shipping/shipping';
import { localizeError, translate } from '../../../src/shared/i18n';

const refusal = (state: string | undefined): unknown => {
  try {
    assertCanEnterShipping('seed-job', state);
  } catch (e) {
    return e;
  }
  throw new Error(`${state} was accepted`);
};

describe('shipping details after the drives arrived', () => {
  it('are refused naming the job’s state in the user’s language, not the API’s', () => {
    expect(assertCanEnterShipping('seed-job', 'Shipping')).toBe('Shipping');
    expect(localizeError(refusal('Received'), 'de').message).toBe(
      'Der Importauftrag seed-job hat den Status „Empfangen“; Versanddaten lassen sich nur im Status „Wird erstellt“ oder „Versand“ ändern.',
    );
    expect(localizeError(refusal('transferring'), 'fr').message).toContain('est à l’état « Transfert »');
    expect(localizeError(refusal('Packaging'), 'en').message).toBe('The import job seed-job is in the state “Packaging”; shipping details can be changed only in “Creating” or “Shipping”.');
  });

  it('keeps a state the service made up as it came, and takes a name the wizard already translated', () => {
    expect(localizeError(refusal('Lost {{in}} "transit"'), 'es').message).toContain('está en el estado «Lost in transit»');
    // The wizard passes the state's translated name (ShippingPage): the sentence keeps it.
    expect(translate('it', 'workflow:errors.shippingTooLate', { job: 'j', state: 'Ricevuto' })).toContain('è nello stato «Ricevuto»');
  });
});
