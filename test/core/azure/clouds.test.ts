/** Cloud resolution: the three public clouds, a local profile file by --cloud or OFFLINE_SEED_CLOUD, and a clear error otherwise. */

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { armScope, defaultPublicClientId, graphScope, resolveCloud } from '../../../src/core/azure/clouds';
import { portalCredentialsUrl } from '../../../src/core/certs/manual';
import { isAllowedExternalLink } from '../../../src/shared/links';
import { fakeLocalProfile } from '../../helpers/fakeLocalProfile';

const dir = mkdtempSync(path.join(os.tmpdir(), 'offline-seed-clouds-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const profile = fakeLocalProfile();

describe('resolveCloud', () => {
  it('knows the public and sovereign clouds: endpoints, token scopes, portal', () => {
    expect(resolveCloud(undefined, {}).name).toBe('AzureCloud');
    const gov = resolveCloud('AzureUSGovernment', {});
    expect([armScope(gov), graphScope(gov), gov.endpoints.authority, gov.portal]).toEqual(['https://management.usgovcloudapi.net/.default', 'https://graph.microsoft.us/.default', 'https://login.microsoftonline.us', 'https://portal.azure.us']);
    const cn = resolveCloud('AzureChinaCloud', {});
    expect([armScope(cn), cn.storageSuffix, cn.publicClientId]).toEqual(['https://management.chinacloudapi.cn/.default', 'core.chinacloudapi.cn', defaultPublicClientId]);
    for (const c of ['AzureCloud', 'AzureUSGovernment', 'AzureChinaCloud']) expect(isAllowedExternalLink(portalCredentialsUrl(resolveCloud(c, {}), '55555555-5555-4555-8555-555555555555'))).toBe(true);
  });

  it('reads a local profile from --cloud or OFFLINE_SEED_CLOUD: local endpoints, public audiences, its CA', () => {
    const file = path.join(dir, 'cloud.json');
    writeFileSync(file, JSON.stringify(profile));
    const c = resolveCloud(undefined, { OFFLINE_SEED_CLOUD: file });
    expect(c.name).toBe('Local');
    expect(c.endpoints.resourceManager).toBe('https://127.0.0.1:4001');
    expect(armScope(c)).toBe('https://management.azure.com/.default');
    expect([c.tenantId, c.publicClientId, c.ca]).toEqual([profile.tenantId, profile.publicClientId, profile.caCertificate]);
    expect(resolveCloud(file, { OFFLINE_SEED_CLOUD: 'AzureChinaCloud' }).name).toBe('Local');
  });

  it('refuses an unknown name or a broken profile with one sentence (usage error)', () => {
    const broken = path.join(dir, 'broken.json');
    writeFileSync(broken, JSON.stringify({ ...profile, tenantId: 'nope' }));
    for (const c of ['AzurePublicCloud', broken]) {
      let err: unknown;
      try {
        resolveCloud(c, {});
      } catch (e) {
        err = e;
      }
      expect(err).toMatchObject({ code: 'azure:errors.profileUnreadable', exitCode: 2 });
      expect((err as Error).message).toContain(`The cloud "${c}" is neither AzureCloud`);
    }
  });
});
