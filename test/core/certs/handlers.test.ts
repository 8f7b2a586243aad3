/** The azure and certificate contract requests through the runtime (validation both ways) against the local Azure, as the pages call them. */

import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { test } from '../../helpers/fixtures';
import { httpsRequest, localAzureStarter, operatorToken, type LocalAzure } from '../../helpers/localAzure';
import { createRuntime } from '../../../src/core/runtime';
import { readFileSync } from 'node:fs';

let az: LocalAzure;
let root: string;
let rt: ReturnType<typeof createRuntime>;
const events: Array<{ name: string; payload: unknown }> = [];
const opened: string[] = [];

test.beforeAll(async ({ localAzure, tmp }) => {
  az = localAzure;
  root = tmp;
  rt = createRuntime({ shell: 'host', language: 'en', startLocalAzure: localAzureStarter, emit: (name, payload) => events.push({ name, payload }), openExternal: async (u) => void opened.push(u), dataDir: path.join(root, 'data') });
}, 60_000);
describe('azure and certificate requests', () => {
  it('signs in with a device code (shown through the event), creates, takes the manual path, sees the upload, registers', async () => {
    const cloud = az.profilePath;
    expect(await rt.handle('azure.status', { cloud })).toMatchObject({ ok: true, result: { signedIn: false, identity: { kind: 'operator' } } });
    const signedIn = await rt.handle('azure.signIn', { cloud, method: 'deviceCode' });
    expect(signedIn).toMatchObject({ ok: true, result: { signedIn: true, user: az.profile.operator.userPrincipalName, objectId: az.profile.operator.objectId } });
    expect(events.filter((e) => e.name === 'azure.deviceCode')).toHaveLength(1);
    expect((events[0]!.payload as { message: string }).message).toMatch(/enter the code/);

    const bad = await rt.handle('certificate.create', { cloud, subscriptionId: 'nope', folder: root });
    expect(bad).toMatchObject({ ok: false, error: { code: 'certificate:errors.badSubscriptionId', step: 'certificate' } });

    const folder = path.join(root, 'out');
    const created = await rt.handle('certificate.create', { cloud, subscriptionId: az.profile.subscriptionId, folder });
    expect(created).toMatchObject({ ok: true, result: { outcome: 'created', xmlPath: path.join(folder, 'OfflineApplicationParams.xml') } });
    const params = (created as { result: { params: { applicationId: string; applicationName: string; certificateThumbprintSha1: string } } }).result.params;
    expect(await rt.handle('certificate.status', { cloud })).toMatchObject({ ok: true, result: { identity: { kind: 'app', name: params.applicationName }, params: { applicationId: params.applicationId } } });

    const manual = await rt.handle('certificate.create', { cloud, subscriptionId: az.profile.subscriptionId, folder });
    expect(manual).toMatchObject({ ok: true, result: { outcome: 'manual', manual: { applicationId: params.applicationId } } });
    const m = (manual as { result: { manual: { thumbprint: string; cerPath: string; portalUrl: string } } }).result.manual;
    expect(await rt.handle('certificate.checkUpload', { cloud, folder })).toEqual({ ok: true, result: { seen: false } });
    expect(await rt.handle('certificate.openPortal', { cloud, applicationId: params.applicationId })).toMatchObject({ ok: true, result: { opened: true, url: m.portalUrl } });
    expect(opened).toEqual([m.portalUrl]);

    // The operator uploads the .cer in the portal (here: Graph, keeping the existing key).
    const graphToken = await operatorToken(az.profile, 'https://graph.microsoft.com/.default');
    const g = (method: string, p: string, body?: unknown) => httpsRequest(az.profile.caCertificate, `${az.profile.endpoints.graph}/v1.0${p}`, { method, headers: { authorization: `Bearer ${graphToken}`, 'content-type': 'application/json' }, ...(body ? { body: JSON.stringify(body) } : {}) });
    const app = ((await g('GET', '/me/ownedObjects/microsoft.graph.application')).json() as { value: Array<{ id: string; keyCredentials: Array<{ keyId: string }> }> }).value[0]!;
    const patch = await g('PATCH', `/applications/${app.id}`, { keyCredentials: [{ keyId: app.keyCredentials[0]!.keyId }, { type: 'AsymmetricX509Cert', usage: 'Verify', key: readFileSync(m.cerPath).toString('base64') }] });
    expect(patch.status).toBe(204);
    expect(await rt.handle('certificate.checkUpload', { cloud, folder })).toEqual({ ok: true, result: { seen: true, xmlPath: path.join(folder, 'OfflineApplicationParams.xml') } });

    const reg = await rt.handle('certificate.addRegistryEntries', { cloud, subscriptionId: az.profile.subscriptionId, xmlFilePath: path.join(folder, 'OfflineApplicationParams.xml'), storageAccountName: az.profile.storageAccount.name });
    expect(reg).toMatchObject({ ok: true, result: { valueName: `AzureADAppCertThumbprint_${az.profile.operator.objectId}`, thumbprint: m.thumbprint } });

    expect(await rt.handle('azure.signOut', { cloud })).toMatchObject({ ok: true, result: { signedIn: false } });
  }, 120_000);
});
