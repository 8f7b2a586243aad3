/** A well-formed local cloud profile pointing at nothing, for tests that only resolve or compare clouds. */

import type { LocalCloudProfile } from '../../src/shared/cloud';

export function fakeLocalProfile(tenantId = '11111111-1111-4111-8111-111111111111'): LocalCloudProfile {
  return {
    kind: 'local',
    tenantId,
    subscriptionId: '22222222-2222-4222-8222-222222222222',
    resourceGroup: 'rg',
    location: 'westeurope',
    storageAccount: {
      name: 'acct',
      id: '/subscriptions/22222222-2222-4222-8222-222222222222/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/acct',
      blobEndpoint: 'https://127.0.0.1:4000/acct',
    },
    endpoints: { authority: 'https://127.0.0.1:4001', resourceManager: 'https://127.0.0.1:4001', graph: 'https://127.0.0.1:4001' },
    publicClientId: '33333333-3333-4333-8333-333333333333',
    operator: { objectId: '44444444-4444-4444-8444-444444444444', userPrincipalName: 'op@x.local' },
    caCertificate: '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n',
  };
}
