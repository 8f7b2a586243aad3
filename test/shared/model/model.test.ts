/** The domain shapes: documented enumerations typed, values Azure adds later kept; one address printer; one form mapping. */

import { describe, expect, it } from 'vitest';
import { addressLines } from '../../../src/shared/model/address';
import { driveProblemNames } from '../../../src/shared/model/drive';
import { eligibilityRules } from '../../../src/shared/rules/driveEligibility';
import { importJobSummarySchema } from '../../../src/shared/model/importJob';
import { jobStatusSchema } from '../../../src/shared/model/jobStatus';
import { shippingDetailsSchema } from '../../../src/shared/model/shipping';
import { jobStateMeaningKey } from '../../../src/shared/rules/jobStates';
import { checkShippingDetails } from '../../../src/shared/rules/shipping';
import { rehearsalShippingDetails, shippingDetailsFromForm, shippingFlags, shippingFormFromDetails, shippingInputs } from '../../../src/shared/rules/shippingForm';

const summary = { name: 'seed', resourceGroup: 'rg', location: 'westeurope', driveIds: ['D1'], shipTo: null, supportedCarriers: ['DHL'] };

describe('job states', () => {
  it('accepts the documented states and keeps a state Azure adds later, shown as unknown', () => {
    expect(importJobSummarySchema.parse({ ...summary, state: 'Creating' }).state).toBe('Creating');
    const future = importJobSummarySchema.parse({ ...summary, state: 'AwaitingPickup' });
    expect(future.state).toBe('AwaitingPickup');
    expect(jobStateMeaningKey(future.state)).toBe('workflow:jobStates.unknown');
    expect(importJobSummarySchema.safeParse({ ...summary, state: 42 }).success).toBe(false);
  });

  it('refuses an outcome or a deadline kind outside their lists', () => {
    const status = {
      name: 'seed', resourceGroup: 'rg', state: 'Shipping', outcome: 'pending', terminal: false, cancelRequested: false, percentComplete: 0, bytesSucceeded: 0,
      location: 'westeurope', shipTo: null, supportedCarriers: [], drives: [{ driveId: 'D1', state: 'SomethingNew', percentComplete: 0, bytesSucceeded: 0 }],
      deadline: { kind: 'reachDatacenter', due: '2030-01-01T00:00:00Z', remainingMs: 1, status: 'ok', days: 0, hours: 0 }, checkedAt: '2030-01-01T00:00:00Z',
    };
    expect(jobStatusSchema.parse(status).drives[0]!.state).toBe('SomethingNew');
    expect(jobStatusSchema.safeParse({ ...status, outcome: 'maybe' }).success).toBe(false);
    expect(jobStatusSchema.safeParse({ ...status, deadline: { ...status.deadline, kind: 'soon' } }).success).toBe(false);
  });
});

describe('drive problems', () => {
  it('are named by one list, the same as the rules in their order', () => {
    expect(eligibilityRules.map(([name]) => name)).toEqual([...driveProblemNames]);
  });
});

describe('addressLines', () => {
  it('prints a datacenter address and a return address the same way, leaving out empty parts', () => {
    expect(addressLines({ recipientName: 'Microsoft', streetAddress1: '1 Way', city: 'Dublin', postalCode: 'D02', countryOrRegion: 'IE', additionalInformation: 'Dock 4' })).toEqual([
      'Microsoft', '1 Way', 'Dublin D02', 'IE', 'Dock 4',
    ]);
    expect(addressLines({ recipientName: 'Contoso', streetAddress1: '2 Road', streetAddress2: ' ', city: 'Redmond', stateOrProvince: 'WA', postalCode: '98052', countryOrRegion: 'USA', phone: '+1 425', email: 'a@b.com' })).toEqual([
      'Contoso', '2 Road', 'Redmond WA 98052', 'USA', '+1 425', 'a@b.com',
    ]);
  });
});

describe('the shipping form', () => {
  it('maps what was typed onto the details the rules check and the contract carries', () => {
    const d = shippingDetailsFromForm({
      carrier: 'DHL', tracking: 'TRACK123456', shipDate: '2030-01-02', driveCount: ' 2 ', name: 'Contoso', street: '1 Way', city: 'Paris',
      postalCode: '75002', country: 'France', phone: '+33 1 23 45 67 89', email: 'a@contoso.fr', returnCarrier: 'FedEx', returnAccount: 'ACC123',
    });
    expect(d).toMatchObject({ carrierName: 'DHL', driveCount: 2, returnAddress: { recipientName: 'Contoso', city: 'Paris' }, returnShipping: { carrierName: 'FedEx', carrierAccountNumber: 'ACC123' } });
    expect(d.returnAddress).not.toHaveProperty('streetAddress2');
    expect(shippingDetailsSchema.safeParse(d).success).toBe(true);
    expect(Number.isNaN(shippingDetailsFromForm({ driveCount: 'two' }).driveCount)).toBe(true);
  });

  it('has one input per problem field the rules can name, each with its own flag', () => {
    const empty = checkShippingDetails(shippingDetailsFromForm({}), { supportedCarriers: [], jobDriveCount: 1, today: new Date() });
    for (const p of empty) expect(shippingInputs.some((i) => i.field === p.field)).toBe(true);
    expect(new Set(shippingInputs.map((i) => i.flag)).size).toBe(shippingInputs.length);
  });

  it('fills the form (and the command line) back from details, and the rehearsal details pass every rule', () => {
    const d = rehearsalShippingDetails({ trackingNumber: 'REHEARSAL01', driveCount: 3, carrierName: 'DHL' });
    expect(checkShippingDetails(d, { supportedCarriers: ['DHL'], jobDriveCount: 3, today: new Date() })).toEqual([]);
    expect(shippingDetailsFromForm(shippingFormFromDetails(d))).toEqual(d);
    const flags = shippingFlags(d);
    expect(flags.slice(0, 4)).toEqual(['--carrier', 'DHL', '--tracking', 'REHEARSAL01']);
    expect(flags).not.toContain('--return-street2');
  });
});
