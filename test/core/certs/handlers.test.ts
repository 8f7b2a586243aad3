/** The azure and certificate contract requests through the runtime (validation both ways) against the local Azure, as the pages call them. */

import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { test } from '../../helpers/fixtures';
import { httpsRequest, localAzureStarter, operatorToken, type LocalAzure } from '../../helpers/localAzure';
import { createRuntime } from '../../../src/core/runtime';
import { existsSync, readFileSync } from 'node:fs';

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

    // The step again: nothing changes in Azure; this computer holds the key of the application's certificate.
    const again = await rt.handle('certificate.create', { cloud, subscriptionId: az.profile.subscriptionId, folder });
    expect(again).toEqual({
      ok: true,
      result: { outcome: 'exists', applicationId: params.applicationId, displayName: params.applicationName, keyCount: 1, thisMachine: params.certificateThumbprintSha1, canUploadHere: true },
    });
    // "Use it": the same certificate, the params file written where asked.
    const other = path.join(root, 'use-it');
    const used = await rt.handle('certificate.useExisting', { cloud, subscriptionId: az.profile.subscriptionId, folder: other });
    expect(used).toMatchObject({ ok: true, result: { xmlPath: path.join(other, 'OfflineApplicationParams.xml'), params: { applicationId: params.applicationId, certificateThumbprintSha1: params.certificateThumbprintSha1 } } });
    expect(readFileSync(path.join(other, 'OfflineApplicationParams.xml'), 'utf8')).toContain(params.certificateThumbprintSha1);

    // A folder that is not a full path is refused before anything is asked or written.
    for (const bad of ['relative/folder', '.', 'OfflineApplicationParams']) {
      for (const name of ['certificate.create', 'certificate.useExisting', 'certificate.prepareUpload', 'certificate.upload', 'certificate.checkUpload'] as const) {
        const r = await rt.handle(name, { cloud, subscriptionId: az.profile.subscriptionId, folder: bad });
        expect(r, `${name} ${bad}`).toMatchObject({ ok: false, error: { code: 'certificate:errors.folderNotAbsolute', step: 'certificate' } });
      }
    }
    expect(existsSync(path.resolve('relative'))).toBe(false);

    // The portal path: the .cer exported, Graph checked until the operator has uploaded it.
    const prepared = await rt.handle('certificate.prepareUpload', { cloud, subscriptionId: az.profile.subscriptionId, folder });
    expect(prepared).toMatchObject({ ok: true, result: { canUploadHere: true, manual: { applicationId: params.applicationId } } });
    const m = (prepared as { result: { manual: { thumbprint: string; cerPath: string; portalUrl: string } } }).result.manual;
    expect(m.thumbprint).not.toBe(params.certificateThumbprintSha1);
    expect(await rt.handle('certificate.checkUpload', { cloud, subscriptionId: az.profile.subscriptionId, folder })).toEqual({ ok: true, result: { seen: false } });
    expect(await rt.handle('certificate.openPortal', { cloud, applicationId: params.applicationId })).toMatchObject({ ok: true, result: { opened: true, url: m.portalUrl } });
    expect(opened).toEqual([m.portalUrl]);

    // The operator uploads the .cer in the portal (here: Graph, keeping the existing key).
    const graphToken = await operatorToken(az.profile, 'https://graph.microsoft.com/.default');
    const g = (method: string, p: string, body?: unknown) => httpsRequest(az.profile.caCertificate, `${az.profile.endpoints.graph}/v1.0${p}`, { method, headers: { authorization: `Bearer ${graphToken}`, 'content-type': 'application/json' }, ...(body ? { body: JSON.stringify(body) } : {}) });
    const app = ((await g('GET', '/me/ownedObjects/microsoft.graph.application')).json() as { value: Array<{ id: string; keyCredentials: Array<{ keyId: string }> }> }).value[0]!;
    const patch = await g('PATCH', `/applications/${app.id}`, { keyCredentials: [{ keyId: app.keyCredentials[0]!.keyId }, { type: 'AsymmetricX509Cert', usage: 'Verify', key: readFileSync(m.cerPath).toString('base64') }] });
    expect(patch.status).toBe(204);
    expect(await rt.handle('certificate.checkUpload', { cloud, subscriptionId: az.profile.subscriptionId, folder })).toMatchObject({
      ok: true,
      result: { seen: true, xmlPath: path.join(folder, 'OfflineApplicationParams.xml'), params: { certificateThumbprintSha1: m.thumbprint } },
    });

    const reg = await rt.handle('certificate.addRegistryEntries', { cloud, subscriptionId: az.profile.subscriptionId, xmlFilePath: path.join(folder, 'OfflineApplicationParams.xml'), storageAccountName: az.profile.storageAccount.name });
    expect(reg).toMatchObject({ ok: true, result: { valueName: `AzureADAppCertThumbprint_${az.profile.operator.objectId}`, thumbprint: m.thumbprint } });

    expect(await rt.handle('azure.signOut', { cloud })).toMatchObject({ ok: true, result: { signedIn: false } });
  }, 120_000);

  it('on another computer: the application exists without this computer\'s key; the local Azure takes the upload from the page; Replace starts over', async () => {
    const cloud = az.profilePath;
    // Another computer: its own data folder (no key, no remembered application), the same operator.
    const rt2 = createRuntime({ shell: 'host', language: 'en', startLocalAzure: localAzureStarter, emit: () => undefined, openExternal: async () => undefined, dataDir: path.join(root, 'data-2') });
    expect(await rt2.handle('azure.signIn', { cloud, method: 'deviceCode' })).toMatchObject({ ok: true, result: { signedIn: true } });
    const folder = path.join(root, 'second-computer');
    const first = await rt2.handle('certificate.create', { cloud, subscriptionId: az.profile.subscriptionId, folder });
    expect(first).toMatchObject({ ok: true, result: { outcome: 'exists', thisMachine: null, canUploadHere: true } });
    const { applicationId, keyCount } = (first as { result: { applicationId: string; keyCount: number } }).result;
    // "Use it" has nothing to use here.
    expect(await rt2.handle('certificate.useExisting', { cloud, subscriptionId: az.profile.subscriptionId, folder })).toMatchObject({ ok: false, error: { code: 'certificate:errors.noCertificateHere' } });

    const up = await rt2.handle('certificate.upload', { cloud, subscriptionId: az.profile.subscriptionId, folder });
    expect(up).toMatchObject({ ok: true, result: { xmlPath: path.join(folder, 'OfflineApplicationParams.xml'), params: { applicationId } } });
    const thumbprint = (up as { result: { params: { certificateThumbprintSha1: string } } }).result.params.certificateThumbprintSha1;
    // Added next to the others, none removed; run again, the step now offers "Use it" with that certificate.
    expect(await rt2.handle('certificate.create', { cloud, subscriptionId: az.profile.subscriptionId, folder })).toMatchObject({ ok: true, result: { outcome: 'exists', keyCount: keyCount + 1, thisMachine: thumbprint } });
    expect(await rt2.handle('certificate.addRegistryEntries', { cloud, subscriptionId: az.profile.subscriptionId, xmlFilePath: path.join(folder, 'OfflineApplicationParams.xml'), storageAccountName: az.profile.storageAccount.name })).toMatchObject({ ok: true, result: { thumbprint } });

    // Replace: a new application with one certificate, this computer's.
    const replaced = await rt2.handle('certificate.create', { cloud, subscriptionId: az.profile.subscriptionId, folder, replace: true });
    expect(replaced).toMatchObject({ ok: true, result: { outcome: 'created' } });
    const fresh = (replaced as { result: { params: { applicationId: string; certificateThumbprintSha1: string } } }).result.params;
    expect(fresh.applicationId).not.toBe(applicationId);
    expect(await rt2.handle('certificate.create', { cloud, subscriptionId: az.profile.subscriptionId, folder })).toMatchObject({ ok: true, result: { outcome: 'exists', applicationId: fresh.applicationId, keyCount: 1, thisMachine: fresh.certificateThumbprintSha1 } });
  }, 120_000);

  it('outside a local rehearsal the page cannot upload: the portal does', async () => {
    const { uploadHere } = await import('../../../src/core/certs/existing');
    const env = { cloud: { name: 'AzureCloud' }, operator: { getToken: async () => null }, dataDir: path.join(root, 'never'), cwd: root } as unknown as Parameters<typeof uploadHere>[0];
    await expect(uploadHere(env, { subscriptionId: az.profile.subscriptionId })).rejects.toMatchObject({ code: 'certificate:errors.uploadInPortal' });
    expect(existsSync(path.join(root, 'never'))).toBe(false);
  });
});
