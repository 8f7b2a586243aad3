/** Shipping input checks: required fields, carriers, tracking number, ship date, drive count, return address per country. */

import { describe, expect, it } from 'vitest';
import {
  checkReturnAddress,
  checkShippingDetails,
  checkTrackingNumber,
  normalizeShippingDetails,
  parseShipDate,
  type ShippingContext,
} from '../../../src/shared/rules/shipping';
import type { ShippingDetails } from '../../../src/shared/model/shipping';
import { hasKey } from '../../../src/shared/i18n';
import { sampleShippingDetails } from '../../helpers/shipping';

// As typed: state, country and return carrier not in their canonical spelling.
const good: ShippingDetails = sampleShippingDetails({
  trackingNumber: '992016102507',
  shipDate: '2026-03-02',
  returnAddress: { stateOrProvince: 'wa', countryOrRegion: 'United States' },
  returnShipping: { carrierName: 'fedex', carrierAccountNumber: '989ffff' },
});
const ctx: ShippingContext = { supportedCarriers: ['FedEx'], jobDriveCount: 2, today: new Date('2026-03-01T12:00:00Z') };

const fields = (d: ShippingDetails, c = ctx) => checkShippingDetails(d, c).map((p) => p.field);

describe('checkShippingDetails', () => {
  it('accepts complete details and normalizes them as the API examples write them', () => {
    expect(checkShippingDetails(good, ctx)).toEqual([]);
    const n = normalizeShippingDetails(good, ['FedEx']);
    expect(n.returnAddress.countryOrRegion).toBe('USA');
    expect(n.returnAddress.stateOrProvince).toBe('WA');
    expect(n.returnShipping.carrierName).toBe('FedEx');
    expect(n.returnAddress.streetAddress2).toBeUndefined();
  });

  it('refuses a carrier the datacenter does not list, naming the ones it does', () => {
    const p = checkShippingDetails({ ...good, carrierName: 'Pigeon' }, ctx);
    expect(p).toHaveLength(1);
    expect(p[0]!.key).toBe('workflow:validation.carrierNotSupported');
    expect(p[0]!.params.list).toBe('FedEx');
  });

  it('checks the tracking number, the ship date and the drive count', () => {
    expect(checkTrackingNumber('12')).not.toBeNull();
    expect(checkTrackingNumber('1Z999AA10123456784')).toBeNull();
    expect(checkTrackingNumber('992016102507-1')).toBeNull();
    expect(checkTrackingNumber('abc def ghi')).not.toBeNull();
    expect(parseShipDate('2026-02-30')).toBeNull();
    expect(parseShipDate('2026-02-28')?.toISOString()).toBe('2026-02-28T00:00:00.000Z');
    expect(fields({ ...good, shipDate: '02/03/2026' })).toEqual(['shipDate']);
    expect(fields({ ...good, shipDate: '2026-04-30' })).toEqual(['shipDate']);
    expect(fields({ ...good, shipDate: '2026-01-01' }, { ...ctx, jobCreated: new Date('2026-02-20T00:00:00Z') })).toEqual(['shipDate']);
    expect(fields({ ...good, driveCount: 11 })).toEqual(['driveCount']);
    const mismatch = checkShippingDetails({ ...good, driveCount: 3 }, ctx);
    expect(mismatch[0]!.key).toBe('workflow:validation.driveCountMismatch');
    expect(mismatch[0]!.params.expected).toBe(2);
  });

  it('requires a return carrier that returns drives and an account number', () => {
    expect(fields({ ...good, returnShipping: { carrierName: 'Pigeon', carrierAccountNumber: '' } })).toEqual([
      'returnShipping.carrierName',
      'returnShipping.carrierAccountNumber',
    ]);
  });
});

describe('checkReturnAddress per country', () => {
  const addr = good.returnAddress;
  it('checks US ZIP codes and states', () => {
    expect(checkReturnAddress({ ...addr, postalCode: '9805' }).map((p) => p.field)).toEqual(['returnAddress.postalCode']);
    expect(checkReturnAddress({ ...addr, postalCode: '98052-6399' })).toEqual([]);
    expect(checkReturnAddress({ ...addr, stateOrProvince: '' }).map((p) => p.key)).toEqual(['workflow:validation.stateRequired']);
    expect(checkReturnAddress({ ...addr, stateOrProvince: 'XX' }).map((p) => p.key)).toEqual(['workflow:validation.stateUnknown']);
  });

  it('checks Dutch, British, German and Canadian postal codes, and accepts unknown countries as typed', () => {
    const nl = { ...addr, countryOrRegion: 'Netherlands', stateOrProvince: '' };
    expect(checkReturnAddress({ ...nl, postalCode: '1012 AB' })).toEqual([]);
    expect(checkReturnAddress({ ...nl, postalCode: '0123 AB' })[0]!.params.example).toBe('1012 AB');
    expect(checkReturnAddress({ ...addr, countryOrRegion: 'UK', stateOrProvince: '', postalCode: 'SW1A 1AA' })).toEqual([]);
    expect(checkReturnAddress({ ...addr, countryOrRegion: 'DE', stateOrProvince: '', postalCode: '1011' })).toHaveLength(1);
    expect(checkReturnAddress({ ...addr, countryOrRegion: 'Canada', stateOrProvince: 'ON', postalCode: 'K1A 0B1' })).toEqual([]);
    expect(checkReturnAddress({ ...addr, countryOrRegion: 'Atlantis', stateOrProvince: '', postalCode: 'AT-1' })).toEqual([]);
  });

  it('checks required fields, phone and e-mail', () => {
    const p = checkReturnAddress({ ...addr, recipientName: ' ', phone: '12', email: 'nobody' });
    expect(p.map((x) => x.field)).toEqual(['returnAddress.recipientName', 'returnAddress.phone', 'returnAddress.email']);
  });

  it('has a sentence for every problem it can report', () => {
    const all = [
      ...checkShippingDetails(
        {
          carrierName: '',
          trackingNumber: '',
          shipDate: '',
          driveCount: 0,
          returnAddress: { recipientName: '', streetAddress1: '', city: '', postalCode: '', countryOrRegion: '', phone: '', email: '' },
          returnShipping: { carrierName: '', carrierAccountNumber: '' },
        },
        ctx,
      ),
      ...checkShippingDetails({ ...good, carrierName: 'X', driveCount: 1, shipDate: '2099-01-01' }, ctx),
      ...checkReturnAddress({ ...addr, stateOrProvince: 'XX', postalCode: '1', phone: 'abc', email: 'x' }),
      ...checkReturnAddress({ ...addr, stateOrProvince: '' }),
    ];
    for (const p of all) expect(hasKey(p.key), p.key).toBe(true);
  });
});

describe('free text in the shipping details', () => {
  it('refuses control characters and escape sequences in any field, naming the field and the character', async () => {
    const { shippingProblemText } = await import('../../../src/shared/rules/shippingForm');
    const { translate } = await import('../../../src/shared/i18n');
    const bad = { ...good, returnAddress: { ...good.returnAddress, recipientName: 'Contoso\u001b[2J\u001b[H', streetAddress2: 'Floor\u202e 2' } };
    const p = checkShippingDetails(bad, ctx);
    expect(p.map((x) => [x.field, x.key, x.params.char])).toEqual([
      ['returnAddress.recipientName', 'workflow:validation.controlCharacter', 'U+001B'],
      ['returnAddress.streetAddress2', 'workflow:validation.controlCharacter', 'U+202E'],
    ]);
    expect(shippingProblemText((k, params) => translate('en', k, params), p[0]!)).toBe(
      'The field “Return recipient” contains a control character (U+001B); type the value again without it.',
    );
    expect(shippingProblemText((k, params) => translate('de', k, params), p[1]!)).toBe(
      'Das Feld „Adresszusatz“ enthält ein Steuerzeichen (U+202E); geben Sie den Wert ohne dieses Zeichen erneut ein.',
    );
  });

  it('refuses a 100,000-character name with its length and the limit, and nothing else about that field', () => {
    const p = checkShippingDetails({ ...good, returnAddress: { ...good.returnAddress, recipientName: 'x'.repeat(100_000) } }, ctx);
    expect(p).toEqual([{ field: 'returnAddress.recipientName', key: 'workflow:validation.tooLong', params: { length: 100_000, max: 200 } }]);
  });

  it('keeps problems in field order when text problems and others mix', () => {
    const p = checkShippingDetails({ ...good, carrierName: 'Pigeon', driveCount: 0, returnAddress: { ...good.returnAddress, city: 'a\u0007' } }, ctx);
    expect(p.map((x) => x.field)).toEqual(['carrierName', 'driveCount', 'returnAddress.city']);
  });

  it('quotes the drive count as typed, not NaN', async () => {
    const { checkShippingForm } = await import('../../../src/shared/rules/shippingForm');
    const { translate } = await import('../../../src/shared/i18n');
    const p = checkShippingForm({ carrier: 'FedEx', tracking: '992016102507', shipDate: '2026-03-02', driveCount: 'abc' }, ctx).find((x) => x.field === 'driveCount')!;
    expect(translate('en', p.key, p.params)).toBe(
      'The number of drives “abc” is not a whole number from 1 to 10; type the number of drives in the package, for example 2.',
    );
  });
});
