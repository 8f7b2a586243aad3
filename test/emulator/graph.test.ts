import { randomUUID } from 'node:crypto';
import { SignJWT, importPKCS8 } from 'jose';
import { describe, expect, test } from '../helpers/fixtures';
import { httpsRequest, operatorToken, type LocalAzure } from '../helpers/localAzure';
import { makeClientCertificate, type ClientCertificate } from './clientCert';

let azure: LocalAzure;
let token: string;

async function graph(method: string, path: string, body?: unknown, auth = token, extra: Record<string, string> = {}) {
  return httpsRequest(azure.profile.caCertificate, `${azure.profile.endpoints.graph}/v1.0${path}`, {
    method,
    headers: { authorization: `Bearer ${auth}`, 'content-type': 'application/json', ...extra },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

const keyOf = (c: ClientCertificate) => ({ type: 'AsymmetricX509Cert', usage: 'Verify', key: c.derB64, displayName: 'CN=test' });

async function proof(appObjectId: string, c: ClientCertificate, claims: Record<string, unknown> = {}) {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ aud: '00000002-0000-0000-c000-000000000000', iss: appObjectId, nbf: now, exp: now + 600, ...claims })
    .setProtectedHeader({ alg: 'RS256', typ: 'JWT', x5t: Buffer.from(c.sha1, 'hex').toString('base64url') })
    .sign(await importPKCS8(c.keyPem, 'RS256'));
}

test.beforeAll(async ({ localAzure }) => {
  azure = localAzure;
  token = await operatorToken(azure.profile, 'https://graph.microsoft.com/.default');
}, 60_000);

describe('Microsoft Graph subset on the local Azure', () => {
  test('returns /me for the operator, and refuses /me for an ARM token', async () => {
    const me = (await graph('GET', '/me')).json() as { id: string; userPrincipalName: string };
    expect(me).toMatchObject({ id: azure.profile.operator.objectId, userPrincipalName: azure.profile.operator.userPrincipalName });
    const armToken = await operatorToken(azure.profile, 'https://management.azure.com/.default');
    const r = await graph('GET', '/me', undefined, armToken);
    expect(r.status).toBe(401);
    expect((r.json() as { error: { code: string } }).error.code).toBe('InvalidAuthenticationToken');
  });

  test('creates an application owned by the caller and finds it by displayName as an advanced query, also through the cast segment', async () => {
    const name = `AzureOfflineBackup_${azure.profile.operator.objectId}`;
    const created = await graph('POST', '/applications', { displayName: name });
    expect(created.status).toBe(201);
    const app = created.json() as { id: string; appId: string; keyCredentials: unknown[] };
    expect(app.keyCredentials).toEqual([]);
    await graph('POST', '/applications', { displayName: 'Someone else' });
    for (const path of [`/me/ownedObjects?$filter=displayName eq '${name}'`, `/me/ownedObjects/microsoft.graph.application?$filter=displayName eq '${name}'&$select=id,appId,displayName`]) {
      // A $filter on ownedObjects is an advanced query: refused without ConsistencyLevel: eventual and $count=true.
      const plain = await graph('GET', encodeURI(path));
      expect(plain.status, path).toBe(400);
      expect((plain.json() as { error: { code: string; message: string } }).error.code).toBe('Request_UnsupportedQuery');
      const countOnly = await graph('GET', encodeURI(`${path}&$count=true`));
      expect(countOnly.status, `${path} without the header`).toBe(400);
      const found = (await graph('GET', encodeURI(`${path}&$count=true`), undefined, token, { ConsistencyLevel: 'eventual' })).json() as { value: Array<{ id: string; appId: string }>; '@odata.count': number };
      expect(found.value.map((a) => a.appId), path).toEqual([app.appId]);
      expect(found['@odata.count']).toBe(1);
    }
    // Without a filter, ownedObjects is a plain list.
    const all = (await graph('GET', '/me/ownedObjects/microsoft.graph.application?$select=id,appId,displayName')).json() as { value: Array<{ appId: string }> };
    expect(all.value.map((a) => a.appId)).toContain(app.appId);
    const byFilter = (await graph('GET', encodeURI(`/applications?$filter=appId eq '${app.appId}'`))).json() as { value: unknown[] };
    expect(byFilter.value).toHaveLength(1);
    const bad = await graph('POST', '/applications', {});
    expect(bad.status).toBe(400);
  });

  test('replaces keyCredentials on PATCH, adds a key with proof of possession, and rejects a bad proof', async () => {
    const app = (await graph('POST', '/applications', { displayName: 'keys' })).json() as { id: string };
    const [a, b, c] = await Promise.all([makeClientCertificate('a'), makeClientCertificate('b'), makeClientCertificate('c')]);
    const noProofYet = await graph('POST', `/applications/${app.id}/addKey`, { keyCredential: keyOf(a), passwordCredential: null, proof: 'x' });
    expect(noProofYet.status).toBe(400);
    expect((await graph('PATCH', `/applications/${app.id}`, { keyCredentials: [keyOf(a)] })).status).toBe(204);
    expect((await graph('PATCH', `/applications/${app.id}`, { keyCredentials: [keyOf(b)] })).status).toBe(204);
    let keys = ((await graph('GET', `/applications/${app.id}`)).json() as { keyCredentials: Array<{ keyId: string; key: unknown; customKeyIdentifier: string }> }).keyCredentials;
    expect(keys).toHaveLength(1);
    expect(Buffer.from(keys[0]!.customKeyIdentifier, 'base64').toString('hex').toUpperCase()).toBe(b.sha1);
    expect(keys[0]!.key).toBeNull();

    const forged = await graph('POST', `/applications/${app.id}/addKey`, { keyCredential: keyOf(c), passwordCredential: null, proof: await proof(app.id, a) });
    expect(forged.status).toBe(401);
    const wrongIssuer = await graph('POST', `/applications/${app.id}/addKey`, { keyCredential: keyOf(c), passwordCredential: null, proof: await proof(randomUUID(), b) });
    expect(wrongIssuer.status).toBe(401);
    const added = await graph('POST', `/applications/${app.id}/addKey`, { keyCredential: keyOf(c), passwordCredential: null, proof: await proof(app.id, b) });
    expect(added.status).toBe(200);
    keys = ((await graph('GET', `/applications/${app.id}`)).json() as { keyCredentials: Array<{ keyId: string; key: unknown; customKeyIdentifier: string }> }).keyCredentials;
    expect(keys.map((k) => Buffer.from(k.customKeyIdentifier, 'base64').toString('hex').toUpperCase())).toEqual([b.sha1, c.sha1]);
    // Keeping a key by keyId alone while adding another (Graph's append-by-replace pattern).
    expect((await graph('PATCH', `/applications/${app.id}`, { keyCredentials: [{ keyId: keys[0]!.keyId }, keyOf(a)] })).status).toBe(204);
    const final = ((await graph('GET', `/applications/${app.id}`)).json() as { keyCredentials: unknown[] }).keyCredentials;
    expect(final).toHaveLength(2);
    const garbage = await graph('PATCH', `/applications/${app.id}`, { keyCredentials: [{ type: 'AsymmetricX509Cert', usage: 'Verify', key: 'bm90IGEgY2VydA==' }] });
    expect(garbage.status).toBe(400);
  });

  test('creates one service principal per app and finds it by appId', async () => {
    const app = (await graph('POST', '/applications', { displayName: 'sp' })).json() as { appId: string };
    const sp = await graph('POST', '/servicePrincipals', { appId: app.appId });
    expect(sp.status).toBe(201);
    expect((await graph('POST', '/servicePrincipals', { appId: app.appId })).status).toBe(409);
    expect((await graph('POST', '/servicePrincipals', { appId: randomUUID() })).status).toBe(400);
    const found = (await graph('GET', encodeURI(`/servicePrincipals?$filter=appId eq '${app.appId}'`))).json() as { value: Array<{ id: string }> };
    expect(found.value.map((s) => s.id)).toEqual([(sp.json() as { id: string }).id]);
  });


  test('deletes an application together with its service principal', async () => {
    const app = (await graph('POST', '/applications', { displayName: 'to-delete' })).json() as { id: string; appId: string };
    await graph('POST', '/servicePrincipals', { appId: app.appId });
    expect((await graph('DELETE', `/applications/${app.id}`)).status).toBe(204);
    const gone = await graph('GET', `/applications/${app.id}`);
    expect([gone.status, (gone.json() as { error: { code: string } }).error.code]).toEqual([404, 'Request_ResourceNotFound']);
    const sps = (await graph('GET', encodeURI(`/servicePrincipals?$filter=appId eq '${app.appId}'`))).json() as { value: unknown[] };
    expect(sps.value).toEqual([]);
  });
});
