import { describe, expect, it } from 'vitest';
import { test } from '../helpers/fixtures';
import { randomUUID } from 'node:crypto';
import { SignJWT, generateKeyPair, importJWK } from 'jose';
import { ConfidentialClientApplication } from '@azure/msal-node';
import { StorageImportExport } from '@azure/arm-storageimportexport';
import type { TokenCredential } from '@azure/core-auth';
import { httpsRequest, localAuthority, msalNetworkClient, operatorToken, registerProvider, type LocalAzure } from '../helpers/localAzure';
import { loadSigningKey } from '../../src/emulator/tokens';
import { blobServiceClient } from '../../src/emulator/datacenter';
import { makeClientCertificate } from './clientCert';

let azure: LocalAzure;
let token: string;
let sub: string;

async function arm(method: string, path: string, o: { body?: unknown; auth?: string; version?: string } = {}) {
  const url = `${azure.profile.endpoints.resourceManager}${path}${path.includes('?') ? '&' : '?'}api-version=${o.version ?? '2021-01-01'}`;
  return httpsRequest(azure.profile.caCertificate, url, {
    method,
    headers: { ...(o.auth === '' ? {} : { authorization: o.auth ?? `Bearer ${token}` }), 'content-type': 'application/json' },
    body: o.body === undefined ? undefined : JSON.stringify(o.body),
  });
}

const code = (r: { json(): unknown }) => (r.json() as { error: { code: string } }).error.code;

test.beforeAll(async ({ localAzure }) => {
  azure = localAzure;
  sub = azure.profile.subscriptionId;
  token = await operatorToken(azure.profile, 'https://management.azure.com/.default');
  await registerProvider(azure.profile, token);
}, 60_000);

describe('ARM on the local Azure', () => {
  const jobs = () => `/subscriptions/${sub}/providers/Microsoft.ImportExport/jobs`;

  it('answers 401 without a token, with a forged, an expired or a Graph token', async () => {
    const none = await arm('GET', jobs(), { auth: '' });
    expect([none.status, code(none)]).toEqual([401, 'AuthenticationFailed']);
    expect(none.headers['www-authenticate']).toContain('Bearer authorization_uri=');

    const { privateKey } = await generateKeyPair('RS256');
    const forged = await new SignJWT({ aud: 'https://management.azure.com', oid: azure.profile.operator.objectId, typ_use: 'access' }).setProtectedHeader({ alg: 'RS256' }).setExpirationTime('1h').sign(privateKey);
    const f = await arm('GET', jobs(), { auth: `Bearer ${forged}` });
    expect([f.status, code(f)]).toEqual([401, 'InvalidAuthenticationToken']);

    const stored = await loadSigningKey(azure.stateDir);
    const realKey = await importJWK(stored.privateJwk, 'RS256');
    const past = Math.floor(Date.now() / 1000) - 7200;
    const expired = await new SignJWT({ aud: 'https://management.azure.com', oid: azure.profile.operator.objectId, tid: azure.profile.tenantId, idtyp: 'user', typ_use: 'access' })
      .setProtectedHeader({ alg: 'RS256', kid: stored.kid })
      .setIssuedAt(past)
      .setExpirationTime(past + 3600)
      .sign(realKey);
    const e = await arm('GET', jobs(), { auth: `Bearer ${expired}` });
    expect([e.status, code(e)]).toEqual([401, 'ExpiredAuthenticationToken']);

    const graphToken = await operatorToken(azure.profile, 'https://graph.microsoft.com/.default');
    const g = await arm('GET', jobs(), { auth: `Bearer ${graphToken}` });
    expect([g.status, code(g)]).toEqual([401, 'InvalidAuthenticationTokenAudience']);
    const ok = await arm('GET', jobs());
    expect(ok.status).toBe(200);
  });

  it('returns the storage account and its key, and that key opens the Azurite blob endpoint', async () => {
    const sa = await arm('GET', azure.profile.storageAccount.id, { version: '2023-01-01' });
    expect(sa.status).toBe(200);
    const body = sa.json() as { id: string; properties: { primaryEndpoints: { blob: string } } };
    expect(body.id).toBe(azure.profile.storageAccount.id);
    expect(body.properties.primaryEndpoints.blob).toBe(`${azure.profile.storageAccount.blobEndpoint}/`);
    const keys = (await arm('POST', `${azure.profile.storageAccount.id}/listKeys`, { version: '2023-01-01' })).json() as { keys: Array<{ keyName: string; value: string }> };
    expect(keys.keys.map((k) => k.keyName)).toEqual(['key1', 'key2']);
    const blobs = blobServiceClient(azure.profile.storageAccount.blobEndpoint, azure.profile.storageAccount.name, keys.keys[0]!.value, azure.profile.caCertificate);
    const container = blobs.getContainerClient('probe');
    await container.create();
    await container.getBlockBlobClient('hello.txt').uploadData(Buffer.from('hello'));
    const props = await container.getBlockBlobClient('hello.txt').getProperties();
    expect(props.contentLength).toBe(5);
    expect(Buffer.from(props.contentMD5!).toString('hex')).toBe('5d41402abc4b2a76b9719d911017c592');
  });

  it('assigns roles to a new service principal; without one the app is refused with 403 AuthorizationFailed', async () => {
    const graphToken = await operatorToken(azure.profile, 'https://graph.microsoft.com/.default');
    const g = (method: string, path: string, body: unknown) =>
      httpsRequest(azure.profile.caCertificate, `${azure.profile.endpoints.graph}/v1.0${path}`, { method, headers: { authorization: `Bearer ${graphToken}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const cert = await makeClientCertificate();
    const app = (await g('POST', '/applications', { displayName: 'AzureOfflineBackup_rbac' })).json() as { id: string; appId: string };
    await g('PATCH', `/applications/${app.id}`, { keyCredentials: [{ type: 'AsymmetricX509Cert', usage: 'Verify', key: cert.derB64 }] });
    const sp = (await g('POST', '/servicePrincipals', { appId: app.appId })).json() as { id: string };
    const cca = new ConfidentialClientApplication({
      auth: { clientId: app.appId, ...localAuthority(azure.profile), clientCertificate: { thumbprintSha256: cert.sha256, privateKey: cert.keyPem } },
      system: { networkClient: msalNetworkClient(azure.profile.caCertificate) },
    });
    const appToken = (await cca.acquireTokenByClientCredential({ scopes: ['https://management.azure.com/.default'] }))!.accessToken;
    const rgScope = `/subscriptions/${sub}/resourceGroups/${azure.profile.resourceGroup}`;
    const denied = await arm('GET', `${rgScope}/providers/Microsoft.ImportExport/jobs`, { auth: `Bearer ${appToken}` });
    expect([denied.status, code(denied)]).toEqual([403, 'AuthorizationFailed']);

    const name = randomUUID();
    const roleDefinitionId = `/subscriptions/${sub}/providers/Microsoft.Authorization/roleDefinitions/b24988ac-6180-42a0-ab88-20f7382dd24c`;
    const put = await arm('PUT', `${rgScope}/providers/Microsoft.Authorization/roleAssignments/${name}`, { version: '2022-04-01', body: { properties: { roleDefinitionId, principalId: sp.id, principalType: 'ServicePrincipal' } } });
    expect(put.status).toBe(201);
    const got = (await arm('GET', `${rgScope}/providers/Microsoft.Authorization/roleAssignments/${name}`, { version: '2022-04-01' })).json() as { properties: { principalId: string; scope: string } };
    expect(got.properties).toMatchObject({ principalId: sp.id, scope: rgScope });
    const again = await arm('PUT', `${rgScope}/providers/Microsoft.Authorization/roleAssignments/${randomUUID()}`, { version: '2022-04-01', body: { properties: { roleDefinitionId, principalId: sp.id } } });
    expect([again.status, code(again)]).toEqual([409, 'RoleAssignmentExists']);
    const ghost = await arm('PUT', `${rgScope}/providers/Microsoft.Authorization/roleAssignments/${randomUUID()}`, { version: '2022-04-01', body: { properties: { roleDefinitionId, principalId: randomUUID() } } });
    expect([ghost.status, code(ghost)]).toEqual([400, 'PrincipalNotFound']);
    const allowed = await arm('GET', `${rgScope}/providers/Microsoft.ImportExport/jobs`, { auth: `Bearer ${appToken}` });
    expect(allowed.status).toBe(200);
    const roleWrite = await arm('PUT', `${rgScope}/providers/Microsoft.Authorization/roleAssignments/${randomUUID()}`, { auth: `Bearer ${appToken}`, version: '2022-04-01', body: { properties: { roleDefinitionId, principalId: sp.id } } });
    expect(roleWrite.status).toBe(403);
  });

  it('injects faults: 429 with Retry-After and 500 before doing anything, observable by the SDK', async () => {
    azure.setFaults({ rate: 1, statuses: [429] });
    const t = await arm('GET', jobs());
    expect(t.status).toBe(429);
    expect(t.headers['retry-after']).toBe('1');
    azure.setFaults({ rate: 1, statuses: [500] });
    const credential: TokenCredential = { getToken: async () => ({ token, expiresOnTimestamp: Date.now() + 3600e3 }) };
    const noRetry = new StorageImportExport(credential, sub, { endpoint: azure.profile.endpoints.resourceManager, credentialScopes: ['https://management.azure.com/.default'], tlsOptions: { ca: azure.profile.caCertificate }, retryOptions: { maxRetries: 0 } });
    const failed = await noRetry.jobs.get('x', azure.profile.resourceGroup).then(() => null, (e: { statusCode: number }) => e.statusCode);
    expect(failed).toBe(500);
    azure.setFaults(null);
    expect((await arm('GET', jobs())).status).toBe(200);
  });

  it('takes faults through its control only when it can inject them: a bad rate, status or target is one sentence and changes nothing', async () => {
    const { readFile } = await import('node:fs/promises');
    const secret = (await readFile(`${azure.stateDir}/control.secret`, 'utf8')).trim();
    const faults = (body: unknown) =>
      httpsRequest(azure.profile.caCertificate, `${azure.profile.control}/faults`, { method: 'POST', headers: { 'x-offline-seed-control': secret, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    for (const [bad, sentence] of [
      [{ rate: 'all', statuses: [500] }, 'faults.rate must be a number from 0 to 1.'],
      [{ rate: 2, statuses: [500] }, 'faults.rate must be a number from 0 to 1.'],
      [{ rate: 1, statuses: 'x' }, 'faults.statuses must be a list of HTTP error statuses (400 to 599).'],
      [{ rate: 1, statuses: [200] }, 'faults.statuses must be a list of HTTP error statuses (400 to 599).'],
      [{ rate: 1, statuses: [] }, 'faults.statuses must be a list of HTTP error statuses (400 to 599).'],
      [{ rate: 1, statuses: [500], target: 'blobs' }, "faults.target must be 'arm' or 'graphWrites'."],
      ['sometimes', 'faults must be an object with rate, statuses and an optional target, or null.'],
    ] as const) {
      const r = await faults({ faults: bad });
      expect(r.status, JSON.stringify(bad)).toBe(400);
      expect((JSON.parse(r.text) as { error: { message: string } }).error.message).toBe(sentence);
      expect((await arm('GET', jobs())).status).toBe(200);
    }
    expect(() => azure.setFaults({ rate: 1, statuses: [302] })).toThrow('faults.statuses must be a list of HTTP error statuses (400 to 599).');
    // Graph's writes only: ARM answers, and the default status is 500.
    const set = await faults({ faults: { rate: 1, target: 'graphWrites' } });
    expect(set.status).toBe(200);
    expect(JSON.parse(set.text)).toEqual({ faults: { rate: 1, statuses: [500], target: 'graphWrites' } });
    expect((await arm('GET', jobs())).status).toBe(200);
    expect((await faults({ faults: null })).status).toBe(200);
  });

  it('a client that retries survives a 50% fault rate and creates exactly one job', async () => {
    const credential: TokenCredential = { getToken: async () => ({ token, expiresOnTimestamp: Date.now() + 3600e3 }) };
    const client = new StorageImportExport(credential, sub, { endpoint: azure.profile.endpoints.resourceManager, credentialScopes: ['https://management.azure.com/.default'], tlsOptions: { ca: azure.profile.caCertificate }, retryOptions: { maxRetries: 12, retryDelayInMs: 10, maxRetryDelayInMs: 40 } });
    azure.setFaults({ rate: 0.5, statuses: [500, 503] });
    try {
      await client.jobs.create('survivor', azure.profile.resourceGroup, {
        location: 'westeurope',
        properties: { storageAccountId: azure.profile.storageAccount.id, jobType: 'Import', driveList: [{ driveId: 'WD-1', bitLockerKey: '111111-222222-333333-444444-555555-666666-777777-888888', manifestFile: '\\DriveManifest.xml', manifestHash: '109B21108597EF36D5785F08303F3638' }] },
      });
      const names: string[] = [];
      for await (const j of client.jobs.listBySubscription()) names.push(j.name!);
      expect(names.filter((n) => n === 'survivor')).toHaveLength(1);
    } finally {
      azure.setFaults(null);
    }
  });

  it('knows the subscription and resource group, and 404s others', async () => {
    const subs = (await arm('GET', '/subscriptions', { version: '2022-12-01' })).json() as { value: Array<{ subscriptionId: string }> };
    expect(subs.value.map((s) => s.subscriptionId)).toEqual([sub]);
    const other = await arm('GET', `/subscriptions/${randomUUID()}/providers/Microsoft.ImportExport/jobs`);
    expect([other.status, code(other)]).toEqual([404, 'SubscriptionNotFound']);
    const rg = await arm('GET', `/subscriptions/${sub}/resourceGroups/nope/providers/Microsoft.ImportExport/jobs/x`);
    expect([rg.status, code(rg)]).toEqual([404, 'ResourceGroupNotFound']);
  });
});
