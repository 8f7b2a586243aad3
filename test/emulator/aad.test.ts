import { describe, expect, it } from 'vitest';
import { test } from '../helpers/fixtures';
import { ConfidentialClientApplication, PublicClientApplication } from '@azure/msal-node';
import { SignJWT, decodeJwt, importPKCS8 } from 'jose';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { httpsRequest, localAuthority, msalNetworkClient, operatorToken, submitSignInPage, type LocalAzure } from '../helpers/localAzure';
import { makeClientCertificate, type ClientCertificate } from './clientCert';

const arm = 'https://management.azure.com/.default';
const graph = 'https://graph.microsoft.com/.default';

let azure: LocalAzure;
let cert: ClientCertificate;
let app: { id: string; appId: string };

async function graphCall(token: string, method: string, path: string, body?: unknown) {
  return httpsRequest(azure.profile.caCertificate, `${azure.profile.endpoints.graph}/v1.0${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

function confidential(clientId: string, c: ClientCertificate, sha1 = false) {
  return new ConfidentialClientApplication({
    auth: {
      clientId,
      ...localAuthority(azure.profile),
      clientCertificate: sha1 ? { thumbprint: c.sha1, privateKey: c.keyPem } : { thumbprintSha256: c.sha256, privateKey: c.keyPem, x5c: c.certPem },
    },
    system: { networkClient: msalNetworkClient(azure.profile.caCertificate) },
  });
}

test.beforeAll(async ({ localAzure }) => {
  azure = localAzure;
  cert = await makeClientCertificate();
  const token = await operatorToken(azure.profile, graph);
  const created = (await graphCall(token, 'POST', '/applications', { displayName: 'AzureOfflineBackup_aad-test' })).json() as { id: string; appId: string };
  app = created;
  const patched = await graphCall(token, 'PATCH', `/applications/${app.id}`, { keyCredentials: [{ type: 'AsymmetricX509Cert', usage: 'Verify', key: cert.derB64 }] });
  expect(patched.status).toBe(204);
  expect((await graphCall(token, 'POST', '/servicePrincipals', { appId: app.appId })).status).toBe(201);
}, 60_000);

describe('Azure AD v2 on the local Azure', () => {
  it('publishes the OpenID configuration and signing keys', async () => {
    const r = await httpsRequest(azure.profile.caCertificate, `${azure.profile.endpoints.authority}/${azure.profile.tenantId}/v2.0/.well-known/openid-configuration`);
    expect(r.status).toBe(200);
    const doc = r.json() as Record<string, string>;
    expect(doc.token_endpoint).toBe(`${azure.profile.endpoints.authority}/${azure.profile.tenantId}/oauth2/v2.0/token`);
    const keys = (await httpsRequest(azure.profile.caCertificate, doc.jwks_uri!)).json() as { keys: Array<{ kty: string }> };
    expect(keys.keys[0]!.kty).toBe('RSA');
  });

  it('signs the operator in with the device code flow, with the public ARM audience', async () => {
    const pca = new PublicClientApplication({ auth: { clientId: azure.profile.publicClientId, ...localAuthority(azure.profile) }, system: { networkClient: msalNetworkClient(azure.profile.caCertificate) } });
    let verificationUri = '';
    await pca.acquireTokenByDeviceCode({ scopes: [arm], deviceCodeCallback: (r) => void (verificationUri = r.verificationUri) });
    const page = await httpsRequest(azure.profile.caCertificate, verificationUri);
    expect(page.text).toContain(azure.profile.operator.userPrincipalName);
    const token = await operatorToken(azure.profile, arm);
    const claims = decodeJwt(token);
    expect(claims.aud).toBe('https://management.azure.com');
    expect(claims.oid).toBe(azure.profile.operator.objectId);
    expect(claims.tid).toBe(azure.profile.tenantId);
  });

  it('answers authorization_pending to the first device-code poll, as AAD does until the user signs in', async () => {
    const base = `${azure.profile.endpoints.authority}/${azure.profile.tenantId}/oauth2/v2.0`;
    const form = (o: Record<string, string>) => ({ method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(o).toString() });
    const start = async () => (await httpsRequest(azure.profile.caCertificate, `${base}/devicecode`, form({ client_id: azure.profile.publicClientId, scope: arm }))).json() as { device_code: string; user_code: string; interval: number; verification_uri: string };
    const poll = (deviceCode: string) => httpsRequest(azure.profile.caCertificate, `${base}/token`, form({ client_id: azure.profile.publicClientId, grant_type: 'urn:ietf:params:oauth:grant-type:device_code', device_code: deviceCode }));
    const code = await start();
    expect(code.interval).toBeGreaterThanOrEqual(1);
    const first = await poll(code.device_code);
    expect(first.status).toBe(400);
    expect(first.json()).toMatchObject({ error: 'authorization_pending', error_codes: [70016] });
    const second = await poll(code.device_code);
    expect(second.status).toBe(200);
    expect((second.json() as { access_token: string }).access_token).toBeTruthy();
    // The code is used up.
    expect((await poll(code.device_code)).json()).toMatchObject({ error: 'invalid_grant' });
    // Opening the sign-in page with the user code signs the operator in: the first poll then gets the tokens.
    const viaPage = await start();
    await httpsRequest(azure.profile.caCertificate, `${viaPage.verification_uri}?code=${viaPage.user_code}`);
    expect((await poll(viaPage.device_code)).status).toBe(200);
  });

  it('runs the interactive flow: PKCE, form_post to a loopback, then a refresh token for Graph', async () => {
    const pca = new PublicClientApplication({
      auth: { clientId: azure.profile.publicClientId, ...localAuthority(azure.profile) },
      system: { networkClient: msalNetworkClient(azure.profile.caCertificate) },
    });
    let sawForm = false;
    const result = await pca.acquireTokenInteractive({
      scopes: [arm],
      openBrowser: async (url) => {
        // The "browser" loads the authorize page and submits its hidden form to the loopback.
        sawForm = (await submitSignInPage(azure.profile.caCertificate, url)).some(([k]) => k === 'code');
      },
      successTemplate: 'ok',
      errorTemplate: 'error',
    });
    expect(sawForm).toBe(true);
    expect(decodeJwt(result.accessToken).aud).toBe('https://management.azure.com');
    const silent = await pca.acquireTokenSilent({ account: result.account!, scopes: [graph], forceRefresh: true });
    expect(decodeJwt(silent.accessToken).aud).toBe('https://graph.microsoft.com');
    const me = await graphCall(silent.accessToken, 'GET', '/me');
    expect((me.json() as { userPrincipalName: string }).userPrincipalName).toBe(azure.profile.operator.userPrincipalName);
  });

  it('rejects an authorization code redeemed with the wrong PKCE verifier', async () => {
    const base = `${azure.profile.endpoints.authority}/${azure.profile.tenantId}/oauth2/v2.0`;
    const server = http.createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const redirect = `http://localhost:${(server.address() as AddressInfo).port}`;
    server.close();
    const q = new URLSearchParams({ client_id: azure.profile.publicClientId, redirect_uri: redirect, response_mode: 'form_post', code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM', code_challenge_method: 'S256', scope: arm });
    const page = await httpsRequest(azure.profile.caCertificate, `${base}/authorize?${q}`);
    const code = /name="code" value="([^"]+)"/.exec(page.text)![1]!;
    const r = await httpsRequest(azure.profile.caCertificate, `${base}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'authorization_code', client_id: azure.profile.publicClientId, code, redirect_uri: redirect, code_verifier: 'not-the-verifier' }).toString(),
    });
    expect(r.status).toBe(400);
    expect((r.json() as { error_codes: number[] }).error_codes).toEqual([501481]);
  });

  it('gives an app-only token for a certificate registered on the app (x5t#S256 / PS256 and x5t / RS256)', async () => {
    for (const sha1 of [false, true]) {
      const r = await confidential(app.appId, cert, sha1).acquireTokenByClientCredential({ scopes: [arm] });
      const claims = decodeJwt(r!.accessToken);
      expect(claims.aud).toBe('https://management.azure.com');
      expect(claims.appid).toBe(app.appId);
      expect(claims.idtyp).toBe('app');
    }
  });

  it('rejects an assertion signed with a certificate that is not registered on the app (AADSTS700027)', async () => {
    const stranger = await makeClientCertificate('CN=stranger');
    const err = await confidential(app.appId, stranger).acquireTokenByClientCredential({ scopes: [arm] }).then(() => null, (e: unknown) => e as { errorCode: string; errorMessage: string });
    expect(err?.errorCode).toBe('invalid_client');
    expect(err?.errorMessage).toContain('AADSTS700027');
    expect(err?.errorMessage).toContain(stranger.sha256);
  });

  it('rejects assertions with a wrong audience, a wrong issuer or an expired time, with AAD codes', async () => {
    const tokenUrl = `${azure.profile.endpoints.authority}/${azure.profile.tenantId}/oauth2/v2.0/token`;
    const key = await importPKCS8(cert.keyPem, 'PS256');
    const x5t = Buffer.from(cert.sha256, 'hex').toString('base64url');
    const now = Math.floor(Date.now() / 1000);
    const cases: Array<[Record<string, unknown>, number]> = [
      [{ aud: 'https://login.microsoftonline.com/x/oauth2/v2.0/token', iss: app.appId, sub: app.appId, nbf: now, exp: now + 600 }, 50027],
      [{ aud: tokenUrl, iss: randomUUID(), sub: app.appId, nbf: now, exp: now + 600 }, 700021],
      [{ aud: tokenUrl, iss: app.appId, sub: app.appId, nbf: now - 7200, exp: now - 3600 }, 700024],
    ];
    for (const [claims, code] of cases) {
      const assertion = await new SignJWT({ ...claims, jti: randomUUID() }).setProtectedHeader({ alg: 'PS256', typ: 'JWT', 'x5t#S256': x5t }).sign(key);
      const r = await httpsRequest(azure.profile.caCertificate, tokenUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'client_credentials', client_id: app.appId, scope: arm, client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', client_assertion: assertion }).toString(),
      });
      expect(r.status, `AADSTS${code}`).toBe(401);
      expect((r.json() as { error_codes: number[] }).error_codes).toEqual([code]);
    }
  });

  it('refuses an unknown client and an unknown tenant', async () => {
    const r = await httpsRequest(azure.profile.caCertificate, `${azure.profile.endpoints.authority}/${randomUUID()}/v2.0/.well-known/openid-configuration`);
    expect(r.status).toBe(400);
    expect((r.json() as { error_codes: number[] }).error_codes).toEqual([90002]);
    const err = await confidential(randomUUID(), cert).acquireTokenByClientCredential({ scopes: [arm] }).then(() => null, (e: unknown) => e as { errorMessage: string });
    expect(err?.errorMessage).toContain('AADSTS700016');
  });
});
