/**
 * Registering Microsoft.ImportExport: the register action answers Registering and core polls the provider, with a
 * growing pause, until it reads Registered, or says in one sentence that Azure has not finished. Against the local
 * Azure over TLS; the pauses are recorded instead of slept.
 */

import { describe, expect, it } from 'vitest';
import { test } from '../../helpers/fixtures';
import { httpsRequest, operatorToken, type LocalAzure } from '../../helpers/localAzure';
import { ArmRest, defaultRegistrationWait } from '../../../src/core/azure/arm';
import { cloudFromProfile } from '../../../src/core/azure/clouds';
import { localizeError } from '../../../src/shared/i18n/index';

let az: LocalAzure;
let token: string;

test.beforeAll(async ({ localAzure }) => {
  az = localAzure;
  token = await operatorToken(az.profile, 'https://management.azure.com/.default');
}, 60_000);

function arm(pauses: number[], timeoutMs = defaultRegistrationWait.timeoutMs) {
  const credential = { getToken: async () => ({ token, expiresOnTimestamp: Date.now() + 3600e3 }) };
  return new ArmRest(cloudFromProfile(az.profile), credential, undefined, { ...defaultRegistrationWait, timeoutMs, sleep: async (ms) => void pauses.push(ms) });
}

/** The provider's registration state as Azure reports it (a read the local Azure counts as a poll). */
async function state(ns: string): Promise<string> {
  const r = await httpsRequest(az.profile.caCertificate, `${az.profile.endpoints.resourceManager}/subscriptions/${az.profile.subscriptionId}/providers/${ns}?api-version=2021-04-01`, { headers: { authorization: `Bearer ${token}` } });
  return (r.json() as { registrationState: string }).registrationState;
}

describe('provider registration', () => {
  it('polls until the provider reads Registered, pausing longer each time', async () => {
    const pauses: number[] = [];
    await arm(pauses).registerProvider(az.profile.subscriptionId, 'Microsoft.ImportExport', 'certificate');
    expect(pauses).toEqual([500, 1000]);
    expect(await state('Microsoft.ImportExport')).toBe('Registered');
    // Already registered: no poll at all.
    const again: number[] = [];
    await arm(again).registerProvider(az.profile.subscriptionId, 'Microsoft.ImportExport', 'certificate');
    expect(again).toEqual([]);
  });

  it('stops after the bounded wait with one sentence that names the provider and the next step', async () => {
    const pauses: number[] = [];
    const e = await arm(pauses, 400).registerProvider(az.profile.subscriptionId, 'Microsoft.DataBox', 'importJob').catch((x: unknown) => x);
    expect(pauses).toEqual([500]);
    const shown = localizeError(e, 'en');
    expect(shown.code).toBe('azure:errors.registrationTimeout');
    expect(shown.message).toContain('Microsoft.DataBox');
    expect(shown.message).toContain('Resource providers');
    expect(localizeError(e, 'de').message).toContain('Microsoft.DataBox');
  });
});
