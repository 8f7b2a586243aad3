/** Publish settings files, schema 1.0 and 2.0: subscriptions and cloud come out, the management certificate never does. */

import { describe, expect, it } from 'vitest';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cloudOfServiceManagementUrl, parsePublishSettings, readPublishSettings } from '../../../src/core/staging/publishSettings';

const cert = 'MIIKPAIBAzCCCfwGCSqGSIb3DQEHAaCCCe0EggnpMIIJ5TCCBe4GCSqGSIb3DQEHAaCCBd8EggXbMIIF1zCCBdMGCyqGSIb3DQEMCgEC';

// Shapes as the portal's download (https://manage.windowsazure.com/publishsettings) produced them.
const v1 = `<?xml version="1.0" encoding="utf-8"?>
<PublishData>
  <PublishProfile PublishMethod="AzureServiceManagementAPI" Url="https://management.core.windows.net/" ManagementCertificate="${cert}">
    <Subscription Id="8f0c2f1e-7d2b-4b3a-9c1d-2e3f4a5b6c7d" Name="Contoso Backup" />
  </PublishProfile>
</PublishData>`;

const v2 = `<?xml version="1.0" encoding="utf-8"?>
<PublishData>
  <PublishProfile SchemaVersion="2.0" PublishMethod="AzureServiceManagementAPI">
    <Subscription ServiceManagementUrl="https://management.core.usgovcloudapi.net" Id="0A1B2C3D-4E5F-4a6b-8c7d-9e0f1a2b3c4d" Name="Gov One" ManagementCertificate="${cert}" />
    <Subscription ServiceManagementUrl="https://management.core.usgovcloudapi.net" Id="1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d" Name="Gov Two" ManagementCertificate="${cert}" />
  </PublishProfile>
</PublishData>`;

describe('publish settings', () => {
  it('reads schema 1.0: one subscription in the public cloud', () => {
    const s = parsePublishSettings(v1, 'a.publishsettings');
    expect(s).toEqual({
      schemaVersion: '1.0',
      hasManagementCertificate: true,
      subscriptions: [{ id: '8f0c2f1e-7d2b-4b3a-9c1d-2e3f4a5b6c7d', name: 'Contoso Backup', cloud: 'AzureCloud', serviceManagementUrl: 'https://management.core.windows.net/' }],
    });
    expect(JSON.stringify(s)).not.toContain(cert.slice(0, 20));
  });

  it('reads schema 2.0 with several subscriptions in US Government', () => {
    const s = parsePublishSettings(v2, 'b.publishsettings');
    expect(s.schemaVersion).toBe('2.0');
    expect(s.subscriptions.map((x) => [x.id, x.cloud])).toEqual([
      ['0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d', 'AzureUSGovernment'],
      ['1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d', 'AzureUSGovernment'],
    ]);
    expect(JSON.stringify(s)).not.toContain(cert.slice(0, 20));
  });

  it('maps Service Management URLs to clouds', () => {
    expect(cloudOfServiceManagementUrl('https://management.core.chinacloudapi.cn/')).toBe('AzureChinaCloud');
    expect(cloudOfServiceManagementUrl('https://example.org/')).toBeNull();
    expect(cloudOfServiceManagementUrl('not a url')).toBeNull();
  });

  it('refuses malformed files with one sentence that does not echo the certificate', async () => {
    const bad = [
      '<PublishData><PublishProfile',
      '<Other/>',
      '<PublishData><PublishProfile Url="https://management.core.windows.net/"/></PublishData>',
      `<PublishData><PublishProfile ManagementCertificate="${cert}"><Subscription Id="not-a-guid" Name="x"/></PublishProfile></PublishData>`,
    ];
    for (const xml of bad) {
      let err: unknown;
      try {
        parsePublishSettings(xml, 'bad.publishsettings');
      } catch (e) {
        err = e;
      }
      expect(err).toMatchObject({ code: 'staging:errors.publishSettingsMalformed', exitCode: 2 });
      expect(String((err as Error).message)).not.toContain(cert.slice(0, 20));
      expect(JSON.stringify(err)).not.toContain(cert.slice(0, 20));
    }
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'os-ps-'));
    try {
      await expect(readPublishSettings(path.join(dir, 'missing.publishsettings'))).rejects.toMatchObject({ code: 'staging:errors.publishSettingsUnreadable' });
      await fs.writeFile(path.join(dir, 'ok.publishsettings'), v1);
      expect((await readPublishSettings(path.join(dir, 'ok.publishsettings'))).subscriptions).toHaveLength(1);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});
