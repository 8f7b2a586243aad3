/** OfflineApplicationParams.xml: our documented format round-trips; malformed or incomplete files are named precisely. */

import { describe, expect, it } from 'vitest';
import { parseParams, serializeParams, type OfflineApplicationParams } from '../../../src/core/certs/params';

const sample: OfflineApplicationParams = {
  tenantId: '11111111-1111-4111-8111-111111111111',
  applicationId: '22222222-2222-4222-8222-222222222222',
  objectId: '33333333-3333-4333-8333-333333333333',
  servicePrincipalId: '44444444-4444-4444-8444-444444444444',
  applicationName: 'AzureOfflineBackup_55555555-5555-4555-8555-555555555555',
  certificateSubject: 'CN=CB_AzureADCertforOfflineSeeding_0123456789abcdef',
  certificateThumbprintSha1: '9A3F0C1E2B4D5F60718293A4B5C6D7E8F9012345',
  certificateThumbprintSha256: 'A'.repeat(64),
  subscriptionId: '66666666-6666-4666-8666-666666666666',
  resourceGroup: 'backup-rg & co <1>',
  cloud: 'AzureCloud',
  createdTime: '2026-11-23T08:00:00.000Z',
};

describe('OfflineApplicationParams.xml', () => {
  it('round-trips every field, escaping XML characters, with and without the storage account', () => {
    const xml = serializeParams(sample);
    expect(xml).toContain('<ResourceGroup>backup-rg &amp; co &lt;1&gt;</ResourceGroup>');
    expect(xml).not.toContain('StorageAccountName');
    expect(parseParams(xml)).toEqual(sample);
    const withAccount = { ...sample, storageAccountName: 'acct', storageAccountId: '/subscriptions/x/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/acct' };
    expect(parseParams(serializeParams(withAccount))).toEqual(withAccount);
  });

  it('names what is wrong: not well formed, wrong root, a missing or invalid element', () => {
    expect(parseParams('<OfflineApplicationParams><TenantId>x</TenantId>')).toMatchObject({ problem: 'notXml', line: 1 });
    expect(parseParams('<Other/>')).toEqual({ problem: 'wrongRoot' });
    expect(parseParams(serializeParams(sample).replace(/<ObjectId>.*<\/ObjectId>\n/, ''))).toEqual({ problem: 'badElement', element: 'ObjectId' });
    expect(parseParams(serializeParams({ ...sample, certificateThumbprintSha1: 'xyz' }))).toEqual({ problem: 'badElement', element: 'CertificateThumbprintSha1' });
  });
});
