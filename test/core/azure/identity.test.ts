/** The remembered application is used only in the cloud (and local Azure) it was made in. */

import { describe, expect, it } from 'vitest';
import { paramsMatchCloud } from '../../../src/core/azure/identity';
import { resolveCloud, cloudFromProfile } from '../../../src/core/azure/clouds';
import type { LocalCloudProfile } from '../../../src/shared/cloud';

const profile = (tenantId: string): LocalCloudProfile => ({
  kind: 'local',
  tenantId,
  subscriptionId: '11111111-1111-4111-8111-111111111111',
  resourceGroup: 'rg',
  location: 'westeurope',
  storageAccount: { name: 'seedstore', id: '/subscriptions/11111111-1111-4111-8111-111111111111/x', blobEndpoint: 'https://127.0.0.1:1/seedstore' },
  endpoints: { authority: 'https://127.0.0.1:2', resourceManager: 'https://127.0.0.1:2', graph: 'https://127.0.0.1:2' },
  publicClientId: '22222222-2222-4222-8222-222222222222',
  operator: { objectId: '33333333-3333-4333-8333-333333333333', userPrincipalName: 'op@local' },
  caCertificate: '-----BEGIN CERTIFICATE-----\nx\n-----END CERTIFICATE-----',
});

describe('paramsMatchCloud', () => {
  const tenantA = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa';
  const tenantB = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb';

  it('accepts the application in the public cloud it was made in, and refuses it in another', () => {
    expect(paramsMatchCloud({ cloud: 'AzureCloud', tenantId: tenantA }, resolveCloud('AzureCloud', {}))).toBe(true);
    expect(paramsMatchCloud({ cloud: 'AzureCloud', tenantId: tenantA }, resolveCloud('AzureUSGovernment', {}))).toBe(false);
  });

  it('refuses an application of another local Azure or of a public cloud during a rehearsal', () => {
    const local = cloudFromProfile(profile(tenantA));
    expect(paramsMatchCloud({ cloud: 'Local', tenantId: tenantA }, local)).toBe(true);
    expect(paramsMatchCloud({ cloud: 'Local', tenantId: tenantB }, local)).toBe(false);
    expect(paramsMatchCloud({ cloud: 'AzureCloud', tenantId: tenantA }, local)).toBe(false);
  });
});
