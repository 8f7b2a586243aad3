/**
 * Azure AD v2 for the local Azure: discovery, client credentials with certificate assertions (checked like AAD),
 * device code (pending for the first poll, then approved for the operator), authorization code with PKCE and form_post, refresh tokens.
 */

import { createHash, randomBytes, randomUUID, X509Certificate } from 'node:crypto';
import { decodeJwt, decodeProtectedHeader, importX509, jwtVerify, type JWTPayload } from 'jose';
import { audiences, type EmulatorContext } from './context';
import { formBody, json, type Reply, type Request } from './http';
import type { Application, KeyCredential } from './state';

const accessLifetime = 3600;
const refreshLifetime = 90 * 24 * 3600;

interface PendingCode {
  clientId: string;
  redirectUri: string;
  scope: string;
  challenge: string;
  method: string;
  nonce: string | undefined;
  used: boolean;
}

interface PendingDevice {
  clientId: string;
  scope: string;
  expires: number;
  userCode: string;
  /** The operator has signed in: the next poll gets the tokens. */
  approved: boolean;
}

/** AAD's error body: `{error, error_description: "AADSTSnnnn: …", error_codes, timestamp, trace_id, correlation_id}`. */
export function aadError(status: number, error: string, code: number, text: string): Reply {
  const trace = randomUUID();
  const when = new Date().toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z');
  return json(status, {
    error,
    error_description: `AADSTS${code}: ${text} Trace ID: ${trace} Correlation ID: ${trace} Timestamp: ${when}`,
    error_codes: [code],
    timestamp: when,
    trace_id: trace,
    correlation_id: trace,
    error_uri: `https://login.microsoftonline.com/error?code=${code}`,
  });
}

const b64url = (buf: Buffer) => buf.toString('base64url');

/** Thumbprints of a base64 DER certificate (hex, upper case), as AAD matches them against x5t / x5t#S256. */
export function thumbprints(derB64: string): { sha1: string; sha256: string } {
  const der = Buffer.from(derB64, 'base64');
  return { sha1: createHash('sha1').update(der).digest('hex').toUpperCase(), sha256: createHash('sha256').update(der).digest('hex').toUpperCase() };
}

function certPem(derB64: string): string {
  return new X509Certificate(Buffer.from(derB64, 'base64')).toString();
}

/** The token audience a scope list asks for, or null for an unknown resource. */
export function audienceOf(scope: string): string | null {
  const oidc = new Set(['openid', 'profile', 'offline_access', 'email']);
  const resources = scope.split(/\s+/).filter((s) => s && !oidc.has(s));
  if (resources.length === 0) return audiences.graph;
  const first = resources[0]!;
  if (first.startsWith(audiences.resourceManager)) return audiences.resourceManager;
  if (first.startsWith(audiences.resourceManagerLegacy)) return audiences.resourceManagerLegacy;
  if (first.startsWith(audiences.graph) || first.startsWith(audiences.graphAppId) || !first.includes('/')) return audiences.graph;
  return null;
}

/** Verifies a signed JWT against one of `keys` (matched by x5t#S256 / x5t when the header has one). */
export async function verifyWithKeys(
  jwt: string,
  keys: KeyCredential[],
): Promise<{ ok: true; payload: JWTPayload; key: KeyCredential } | { ok: false; why: 'unknownKey' | 'signature' | 'malformed'; thumbprint: string }> {
  let header;
  try {
    header = decodeProtectedHeader(jwt);
  } catch {
    return { ok: false, why: 'malformed', thumbprint: '' };
  }
  const s256 = typeof header['x5t#S256'] === 'string' ? Buffer.from(header['x5t#S256'], 'base64url').toString('hex').toUpperCase() : undefined;
  const s1 = typeof header.x5t === 'string' ? Buffer.from(header.x5t, 'base64url').toString('hex').toUpperCase() : undefined;
  const now = Date.now();
  const valid = keys.filter((k) => Date.parse(k.startDateTime) - 300e3 <= now && now < Date.parse(k.endDateTime));
  const candidates = s256 ? valid.filter((k) => k.sha256 === s256) : s1 ? valid.filter((k) => k.sha1 === s1) : valid;
  if (candidates.length === 0) return { ok: false, why: 'unknownKey', thumbprint: s256 ?? s1 ?? '' };
  const alg = header.alg;
  if (alg !== 'PS256' && alg !== 'RS256') return { ok: false, why: 'signature', thumbprint: s256 ?? s1 ?? '' };
  for (const k of candidates) {
    try {
      const pub = await importX509(certPem(k.key), alg);
      const { payload } = await jwtVerify(jwt, pub, { algorithms: [alg], clockTolerance: 300 });
      return { ok: true, payload, key: k };
    } catch (e) {
      const name = (e as Error).name;
      if (name === 'JWTExpired' || name === 'JWTClaimValidationFailed') {
        // Signature was good; time claims are judged by the caller with AAD's own codes.
        return { ok: true, payload: decodeJwt(jwt), key: k };
      }
    }
  }
  return { ok: false, why: 'signature', thumbprint: s256 ?? s1 ?? '' };
}

export function createAad(ctx: EmulatorContext) {
  const codes = new Map<string, PendingCode>();
  const devices = new Map<string, PendingDevice>();
  const st = () => ctx.store.state;

  const tenantBase = (tenant: string) => `${ctx.baseUrl()}/${tenant}`;

  function openidConfiguration(tenant: string) {
    const t = st().tenantId;
    const b = tenantBase(t);
    return {
      token_endpoint: `${b}/oauth2/v2.0/token`,
      token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
      jwks_uri: `${b}/discovery/v2.0/keys`,
      response_modes_supported: ['query', 'fragment', 'form_post'],
      subject_types_supported: ['pairwise'],
      id_token_signing_alg_values_supported: ['RS256'],
      response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
      scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
      issuer: `${b}/v2.0`,
      request_uri_parameter_supported: false,
      userinfo_endpoint: `${ctx.baseUrl()}/oidc/userinfo`,
      authorization_endpoint: `${b}/oauth2/v2.0/authorize`,
      device_authorization_endpoint: `${b}/oauth2/v2.0/devicecode`,
      http_logout_supported: true,
      frontchannel_logout_supported: true,
      end_session_endpoint: `${b}/oauth2/v2.0/logout`,
      claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'auth_time', 'nonce', 'preferred_username', 'name', 'tid', 'ver', 'oid'],
      tenant_region_scope: 'EU',
      cloud_instance_name: 'offlineseed.local',
      requested_tenant: tenant,
      _note: 'local Azure (Offline Seed emulator)',
    };
  }

  async function userTokens(clientId: string, scope: string, nonce: string | undefined): Promise<Reply> {
    const aud = audienceOf(scope);
    if (!aud) return aadError(400, 'invalid_resource', 500011, `The resource principal named ${scope} was not found in the tenant named ${st().tenantId}.`);
    const op = st().operator;
    const tid = st().tenantId;
    const common = { oid: op.objectId, tid, sub: op.objectId, upn: op.userPrincipalName, name: op.displayName, appid: clientId, azp: clientId };
    const access = await ctx.tokens.sign({ ...common, aud, idtyp: 'user', scp: aud === audiences.graph ? 'Application.ReadWrite.All Directory.AccessAsUser.All User.Read' : 'user_impersonation', typ_use: 'access', ver: '2.0' }, accessLifetime);
    const refresh = await ctx.tokens.sign({ oid: op.objectId, tid, client_id: clientId, typ_use: 'refresh' }, refreshLifetime);
    const id = await ctx.tokens.sign({ aud: clientId, oid: op.objectId, tid, sub: op.objectId, preferred_username: op.userPrincipalName, name: op.displayName, typ_use: 'id', ver: '2.0', ...(nonce ? { nonce } : {}) }, accessLifetime);
    return json(200, {
      token_type: 'Bearer',
      scope,
      expires_in: accessLifetime,
      ext_expires_in: accessLifetime,
      access_token: access,
      refresh_token: refresh,
      id_token: id,
      client_info: b64url(Buffer.from(JSON.stringify({ uid: op.objectId, utid: tid }))),
    });
  }

  function unknownApp(clientId: string): Reply {
    return aadError(400, 'unauthorized_client', 700016, `Application with identifier '${clientId}' was not found in the directory '${st().tenantId}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant.`);
  }

  async function clientCredentials(req: Request, form: URLSearchParams, tenant: string): Promise<Reply> {
    const clientId = form.get('client_id') ?? '';
    const scope = form.get('scope') ?? '';
    if (form.get('client_secret') !== null) return aadError(401, 'invalid_client', 7000215, 'Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID.');
    const assertion = form.get('client_assertion');
    if (!assertion || form.get('client_assertion_type') !== 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer') {
      return aadError(401, 'invalid_client', 7000218, "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.");
    }
    const app: Application | undefined = st().applications.find((a) => a.appId === clientId);
    if (!app) return unknownApp(clientId);
    const checked = await verifyWithKeys(assertion, app.keyCredentials);
    if (!checked.ok) {
      if (checked.why === 'malformed') return aadError(401, 'invalid_client', 50027, 'JWT token is invalid or malformed.');
      if (checked.why === 'unknownKey') {
        return aadError(401, 'invalid_client', 700027, `Client assertion failed signature validation. The certificate with identifier used to sign the client assertion is not registered on application. [Reason - The key was not found., Thumbprint of key used by client: '${checked.thumbprint}', Please visit the Azure Portal, Graph Explorer or directly use MS Graph to see configured keys for app Id '${clientId}'.]`);
      }
      return aadError(401, 'invalid_client', 700027, 'Client assertion contains an invalid signature.');
    }
    const p = checked.payload;
    if (p.iss !== clientId || p.sub !== clientId) return aadError(401, 'invalid_client', 700021, `Client assertion application identifier doesn't match 'client_id' parameter.`);
    const port = new URL(ctx.baseUrl()).port;
    const auds = ['127.0.0.1', 'localhost'].flatMap((h) => [tenant, st().tenantId].map((t) => `https://${h}:${port}/${t}/oauth2/v2.0/token`));
    const aud = Array.isArray(p.aud) ? p.aud : [p.aud];
    if (!aud.some((a) => typeof a === 'string' && auds.includes(a))) return aadError(401, 'invalid_client', 50027, `Invalid JWT token. The token's audience '${String(p.aud)}' is not this token endpoint.`);
    const nowS = Date.now() / 1000;
    if (typeof p.exp !== 'number' || p.exp < nowS - 300 || (typeof p.nbf === 'number' && p.nbf > nowS + 300)) {
      return aadError(401, 'invalid_client', 700024, 'Client assertion is not within its valid time range.');
    }
    const sp = st().servicePrincipals.find((s) => s.appId === clientId);
    if (!sp) return aadError(400, 'unauthorized_client', 7000229, 'The client application is missing service principal in the tenant.');
    const resource = audienceOf(scope);
    if (!resource || !scope.endsWith('/.default')) return aadError(400, 'invalid_scope', 1002012, `The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`);
    const access = await ctx.tokens.sign({ aud: resource, oid: sp.id, sub: sp.id, tid: st().tenantId, appid: clientId, azp: clientId, idtyp: 'app', roles: [], typ_use: 'access', ver: '2.0' }, accessLifetime);
    void req;
    return json(200, { token_type: 'Bearer', expires_in: accessLifetime, ext_expires_in: accessLifetime, access_token: access });
  }

  async function token(req: Request, tenant: string): Promise<Reply> {
    const form = formBody(req);
    const grant = form.get('grant_type') ?? '';
    const clientId = form.get('client_id') ?? '';
    switch (grant) {
      case 'client_credentials':
        return clientCredentials(req, form, tenant);
      case 'device_code':
      case 'urn:ietf:params:oauth:grant-type:device_code': {
        const d = devices.get(form.get('device_code') ?? '');
        if (!d) return aadError(400, 'invalid_grant', 70000, 'Provided grant is invalid or malformed.');
        if (Date.now() > d.expires) return aadError(400, 'expired_token', 70020, 'The provided authorization code or refresh token has expired due to inactivity.');
        // Until the user has signed in, the token endpoint answers authorization_pending and the client polls again
        // ("OAuth 2.0 device authorization grant", https://learn.microsoft.com/entra/identity-platform/v2-oauth2-device-code).
        // The local Azure signs the operator in after the first poll (or when /devicelogin is opened).
        if (!d.approved) {
          d.approved = true;
          return aadError(400, 'authorization_pending', 70016, 'OAuth 2.0 device flow error. Authorization is pending. Continue polling.');
        }
        devices.delete(form.get('device_code') ?? '');
        return userTokens(d.clientId, form.get('scope') ?? d.scope, undefined);
      }
      case 'authorization_code': {
        const code = codes.get(form.get('code') ?? '');
        if (!code) return aadError(400, 'invalid_grant', 9002313, 'Invalid request. Request is malformed or invalid.');
        if (code.used) return aadError(400, 'invalid_grant', 54005, 'OAuth2 Authorization code was already redeemed, please retry with a new valid code or use an existing refresh token.');
        code.used = true;
        if (code.clientId !== clientId) return aadError(400, 'invalid_grant', 70000, 'Provided grant is invalid or malformed.');
        if ((form.get('redirect_uri') ?? '') !== code.redirectUri) return aadError(400, 'invalid_grant', 500112, 'The reply address does not match the reply address provided when requesting Authorization code.');
        const verifier = form.get('code_verifier') ?? '';
        const computed = code.method === 'S256' ? b64url(createHash('sha256').update(verifier).digest()) : verifier;
        if (!verifier || computed !== code.challenge) return aadError(400, 'invalid_grant', 501481, 'The Code_Verifier does not match the code_challenge supplied in the authorization request.');
        return userTokens(clientId, form.get('scope') ?? code.scope, code.nonce);
      }
      case 'refresh_token': {
        const p = await ctx.tokens.verify(form.get('refresh_token') ?? '');
        if (!p || p.typ_use !== 'refresh' || p.tid !== st().tenantId) return aadError(400, 'invalid_grant', 9002313, 'Invalid request. Request is malformed or invalid.');
        if (p.client_id !== clientId) return aadError(400, 'invalid_grant', 70000, 'Provided grant is invalid or malformed.');
        return userTokens(clientId, form.get('scope') ?? '', undefined);
      }
      default:
        return aadError(400, 'unsupported_grant_type', 70003, `The app requested an unsupported grant type '${grant}'.`);
    }
  }

  function deviceCode(req: Request): Reply {
    const form = formBody(req);
    const clientId = form.get('client_id') ?? '';
    if (clientId !== st().publicClientId) return unknownApp(clientId);
    const deviceCodeValue = b64url(randomBytes(32));
    const userCode = randomBytes(5).toString('hex').toUpperCase().slice(0, 9);
    devices.set(deviceCodeValue, { clientId, scope: form.get('scope') ?? '', expires: Date.now() + 900e3, userCode, approved: false });
    const verification = `${ctx.baseUrl()}/devicelogin`;
    return json(200, {
      user_code: userCode,
      device_code: deviceCodeValue,
      verification_uri: verification,
      expires_in: 900,
      interval: 1,
      message: `To sign in, use a web browser to open the page ${verification} and enter the code ${userCode} to authenticate. (Local Azure: signed in automatically as ${st().operator.userPrincipalName} after the first poll.)`,
    });
  }

  function authorize(req: Request): Reply {
    const q = req.url.searchParams;
    const clientId = q.get('client_id') ?? '';
    if (clientId !== st().publicClientId) return unknownApp(clientId);
    const redirect = q.get('redirect_uri') ?? '';
    let ru: URL;
    try {
      ru = new URL(redirect);
    } catch {
      return aadError(400, 'invalid_request', 50011, `The redirect URI '${redirect}' specified in the request does not match the redirect URIs configured for the application '${clientId}'.`);
    }
    if (ru.protocol !== 'http:' || !['localhost', '127.0.0.1', '[::1]'].includes(ru.hostname)) {
      return aadError(400, 'invalid_request', 50011, `The redirect URI '${redirect}' specified in the request does not match the redirect URIs configured for the application '${clientId}'.`);
    }
    const challenge = q.get('code_challenge') ?? '';
    if (!challenge) return aadError(400, 'invalid_request', 9002325, 'Proof Key for Code Exchange is required for cross-origin authorization code redemption.');
    const code = b64url(randomBytes(32));
    codes.set(code, { clientId, redirectUri: redirect, scope: q.get('scope') ?? '', challenge, method: q.get('code_challenge_method') ?? 'plain', nonce: q.get('nonce') ?? undefined, used: false });
    const fields: Record<string, string> = { code, client_info: b64url(Buffer.from(JSON.stringify({ uid: st().operator.objectId, utid: st().tenantId }))) };
    const state = q.get('state');
    if (state !== null) fields.state = state;
    if ((q.get('response_mode') ?? 'query') !== 'form_post') {
      const to = new URL(redirect);
      for (const [k, v] of Object.entries(fields)) to.searchParams.set(k, v);
      return { status: 302, headers: { location: to.toString() }, text: '' };
    }
    const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
    const inputs = Object.entries(fields).map(([k, v]) => `<input type="hidden" name="${esc(k)}" value="${esc(v)}">`).join('');
    return {
      status: 200,
      headers: { 'content-type': 'text/html; charset=utf-8' },
      text: `<!doctype html><html><head><title>Working...</title></head><body onload="document.forms[0].submit()"><form method="POST" name="hiddenform" action="${esc(redirect)}">${inputs}<noscript><p>Script is disabled. Click Submit to continue.</p><input type="submit" value="Submit"></noscript></form></body></html>`,
    };
  }

  /** Handles /{tenant}/... paths; null when the path is not Azure AD's. */
  return async function handle(req: Request): Promise<Reply | null> {
    const m = /^\/([^/]+)\/(v2\.0\/\.well-known\/openid-configuration|\.well-known\/openid-configuration|discovery\/v2\.0\/keys|oauth2\/v2\.0\/(token|devicecode|authorize|logout))$/.exec(req.path);
    if (req.path === '/common/discovery/instance') {
      const host = new URL(ctx.baseUrl()).host;
      return json(200, { tenant_discovery_endpoint: `${ctx.baseUrl()}/${st().tenantId}/v2.0/.well-known/openid-configuration`, 'api-version': '1.1', metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host] }] });
    }
    if (req.path === '/devicelogin') {
      const code = (req.url.searchParams.get('code') ?? '').toUpperCase();
      for (const d of devices.values()) if (code && d.userCode === code) d.approved = true;
      return { status: 200, headers: { 'content-type': 'text/html; charset=utf-8' }, text: `<!doctype html><html><head><title>Local Azure sign-in</title></head><body><p>Local Azure: device codes are approved for ${st().operator.userPrincipalName} after the first poll. You can close this page.</p></body></html>` };
    }
    if (!m) return null;
    const tenant = m[1]!;
    if (![st().tenantId, 'common', 'organizations'].includes(tenant)) {
      return aadError(400, 'invalid_tenant', 90002, `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`);
    }
    const what = m[2]!;
    if (what.endsWith('openid-configuration')) return json(200, openidConfiguration(tenant));
    if (what === 'discovery/v2.0/keys') return json(200, ctx.tokens.jwks);
    if (what.endsWith('/token') && req.method === 'POST') return token(req, tenant);
    if (what.endsWith('/devicecode') && req.method === 'POST') return deviceCode(req);
    if (what.endsWith('/authorize') && req.method === 'GET') return authorize(req);
    if (what.endsWith('/logout')) return { status: 200, text: 'Signed out of the local Azure.' };
    return aadError(405, 'invalid_request', 900561, 'The endpoint only accepts POST requests.');
  };
}
