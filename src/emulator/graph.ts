/** The Microsoft Graph subset CertGen needs: /me, applications (create, owned, get, patch keyCredentials, addKey, delete), service principals. */

import { randomUUID, X509Certificate } from 'node:crypto';
import { audiences, injectedStatus, type EmulatorContext } from './context';
import { graphError, isObject, json, jsonBody, type Reply, type Request } from './http';
import { thumbprints, verifyWithKeys } from './aad';
import type { AccessClaims } from './tokens';
import type { Application, KeyCredential } from './state';

const graphProofAudience = '00000002-0000-0000-c000-000000000000';

/** A keyCredential as Graph shows it (the key itself is not returned on reads). */
function showKey(k: KeyCredential) {
  return { customKeyIdentifier: k.customKeyIdentifier, displayName: k.displayName, endDateTime: k.endDateTime, key: null, keyId: k.keyId, startDateTime: k.startDateTime, type: k.type, usage: k.usage };
}

function showApp(a: Application, select?: string[]) {
  const full: Record<string, unknown> = {
    '@odata.type': '#microsoft.graph.application',
    id: a.id,
    appId: a.appId,
    displayName: a.displayName,
    createdDateTime: a.createdDateTime,
    signInAudience: a.signInAudience,
    keyCredentials: a.keyCredentials.map(showKey),
    passwordCredentials: [],
    deletedDateTime: null,
  };
  if (!select) return full;
  return Object.fromEntries(Object.entries(full).filter(([k]) => select.includes(k) || k === '@odata.type'));
}

/** Parses one incoming keyCredential; a string names what is wrong. */
function parseKey(x: unknown, existing: KeyCredential[]): KeyCredential | string {
  if (!isObject(x)) return 'keyCredential must be an object.';
  if (typeof x.keyId === 'string' && x.key == null) {
    const kept = existing.find((k) => k.keyId === x.keyId);
    if (kept) return kept;
  }
  if (x.type !== 'AsymmetricX509Cert') return `Invalid value specified for property 'type' of resource 'KeyCredential'.`;
  if (x.usage !== 'Verify') return `Invalid value specified for property 'usage' of resource 'KeyCredential'.`;
  if (typeof x.key !== 'string') return `Invalid value specified for property 'key' of resource 'KeyCredential'.`;
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(Buffer.from(x.key, 'base64'));
  } catch {
    return `Invalid value specified for property 'key' of resource 'KeyCredential'.`;
  }
  const der = cert.raw.toString('base64');
  const start = typeof x.startDateTime === 'string' ? x.startDateTime : new Date(cert.validFrom).toISOString();
  const end = typeof x.endDateTime === 'string' ? x.endDateTime : new Date(cert.validTo).toISOString();
  if (!(Date.parse(end) > Date.parse(start))) return 'Key credential end date must be after its start date.';
  const t = thumbprints(der);
  return {
    keyId: typeof x.keyId === 'string' ? x.keyId : randomUUID(),
    type: 'AsymmetricX509Cert',
    usage: 'Verify',
    key: der,
    customKeyIdentifier: typeof x.customKeyIdentifier === 'string' ? x.customKeyIdentifier : Buffer.from(t.sha1, 'hex').toString('base64'),
    displayName: typeof x.displayName === 'string' ? x.displayName : cert.subject.replace(/\n/g, ', '),
    startDateTime: start,
    endDateTime: end,
    ...t,
  };
}

/** `$filter=displayName eq 'x'` / `appId eq 'x'` (the forms CertGen uses); null when absent, undefined when unsupported. */
function parseFilter(q: URLSearchParams): { field: string; value: string } | null | undefined {
  const f = q.get('$filter');
  if (f === null) return null;
  const m = /^\s*(displayName|appId|id)\s+eq\s+'((?:[^']|'')*)'\s*$/.exec(f);
  return m ? { field: m[1]!, value: m[2]!.replace(/''/g, "'") } : undefined;
}

export function createGraph(ctx: EmulatorContext) {
  const st = () => ctx.store.state;

  function canManage(c: AccessClaims, a: Application): boolean {
    return c.idtyp === 'user' ? a.owners.includes(c.oid) : c.appid === a.appId;
  }

  async function route(req: Request, c: AccessClaims): Promise<Reply> {
    const p = req.path.replace(/^\/v1\.0/, '');
    const q = req.url.searchParams;
    const select = q.get('$select')?.split(',').map((s) => s.trim());
    const base = `${ctx.baseUrl()}/v1.0`;
    if (p === '/me' && req.method === 'GET') {
      if (c.idtyp !== 'user') return graphError(400, 'BadRequest', '/me request is only valid with delegated authentication flow.');
      const op = st().operator;
      return json(200, { '@odata.context': `${base}/$metadata#users/$entity`, id: op.objectId, userPrincipalName: op.userPrincipalName, displayName: op.displayName, mail: op.userPrincipalName, businessPhones: [], givenName: null, surname: null, jobTitle: null, officeLocation: null, preferredLanguage: null, mobilePhone: null });
    }
    if ((p === '/me/ownedObjects' || p === '/me/ownedObjects/microsoft.graph.application') && req.method === 'GET') {
      if (c.idtyp !== 'user') return graphError(400, 'BadRequest', '/me request is only valid with delegated authentication flow.');
      // ownedObjects is one of the relationships whose $filter is an advanced query: it needs the ConsistencyLevel:
      // eventual header and $count=true ("Advanced query capabilities on Microsoft Entra ID objects",
      // https://learn.microsoft.com/graph/aad-advanced-queries; "List ownedObjects",
      // https://learn.microsoft.com/graph/api/user-list-ownedobjects). Without them Graph refuses the filter.
      const advanced = String(req.headers.consistencylevel ?? '').toLowerCase() === 'eventual' && q.get('$count') === 'true';
      if (q.has('$filter') && !advanced) {
        return graphError(400, 'Request_UnsupportedQuery', "The $filter on ownedObjects is not supported because the required parameters might be missing. Try adding $count=true query parameter and ConsistencyLevel:eventual header. Refer to https://aka.ms/graph-docs/advanced-queries for more information");
      }
      const filter = parseFilter(q);
      if (filter === undefined) return graphError(400, 'Request_UnsupportedQuery', 'Unsupported or invalid query filter clause specified.');
      const owned = st().applications.filter((a) => a.owners.includes(c.oid) && (!filter || (a as unknown as Record<string, string>)[filter.field] === filter.value));
      return json(200, { '@odata.context': `${base}/$metadata#directoryObjects`, ...(advanced ? { '@odata.count': owned.length } : {}), value: owned.map((a) => showApp(a, select)) });
    }
    if (p === '/applications' && req.method === 'GET') {
      const filter = parseFilter(q);
      if (filter === undefined) return graphError(400, 'Request_UnsupportedQuery', 'Unsupported or invalid query filter clause specified.');
      const visible = st().applications.filter((a) => !filter || (a as unknown as Record<string, string>)[filter.field] === filter.value);
      return json(200, { '@odata.context': `${base}/$metadata#applications`, value: visible.map((a) => showApp(a, select)) });
    }
    if (p === '/applications' && req.method === 'POST') {
      const body = jsonBody(req);
      if (!isObject(body) || typeof body.displayName !== 'string' || body.displayName.trim() === '') {
        return graphError(400, 'Request_BadRequest', "Property 'displayName' is required and must be a non-empty string.");
      }
      if ('passwordCredentials' in body && Array.isArray(body.passwordCredentials) && body.passwordCredentials.length > 0) {
        return graphError(400, 'Request_BadRequest', 'Password credentials cannot be set when an application is created; use addPassword.');
      }
      const keys: KeyCredential[] = [];
      for (const k of Array.isArray(body.keyCredentials) ? body.keyCredentials : []) {
        const parsed = parseKey(k, []);
        if (typeof parsed === 'string') return graphError(400, 'Request_BadRequest', parsed);
        keys.push(parsed);
      }
      const app: Application = {
        id: randomUUID(),
        appId: randomUUID(),
        displayName: body.displayName,
        createdDateTime: new Date().toISOString(),
        signInAudience: typeof body.signInAudience === 'string' ? body.signInAudience : 'AzureADMyOrg',
        owners: c.idtyp === 'user' ? [c.oid] : [],
        keyCredentials: keys,
      };
      st().applications.push(app);
      await ctx.store.save();
      return json(201, { '@odata.context': `${base}/$metadata#applications/$entity`, ...showApp(app) });
    }
    const appMatch = /^\/applications\/([^/]+)(\/addKey)?$/.exec(p);
    if (appMatch) {
      const app = st().applications.find((a) => a.id === appMatch[1]);
      if (!app) return graphError(404, 'Request_ResourceNotFound', `Resource '${appMatch[1]}' does not exist or one of its queried reference-property objects are not present.`);
      if (appMatch[2] && req.method === 'POST') return addKey(req, app);
      if (req.method === 'GET') return json(200, { '@odata.context': `${base}/$metadata#applications/$entity`, ...showApp(app, select) });
      if (!canManage(c, app)) return graphError(403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.');
      if (req.method === 'PATCH') {
        const body = jsonBody(req);
        if (!isObject(body)) return graphError(400, 'Request_BadRequest', 'The request body must be a JSON object.');
        const unknown = Object.keys(body).filter((k) => !['displayName', 'keyCredentials', 'signInAudience', 'tags', 'notes'].includes(k));
        if (unknown.length) return graphError(400, 'Request_BadRequest', `Property '${unknown[0]}' is read-only or not supported on the local Azure.`);
        let keys = app.keyCredentials;
        if ('keyCredentials' in body) {
          if (!Array.isArray(body.keyCredentials)) return graphError(400, 'Request_BadRequest', "Property 'keyCredentials' must be an array.");
          keys = [];
          for (const k of body.keyCredentials) {
            const parsed = parseKey(k, app.keyCredentials);
            if (typeof parsed === 'string') return graphError(400, 'Request_BadRequest', parsed);
            keys.push(parsed);
          }
        }
        if (typeof body.displayName === 'string') app.displayName = body.displayName;
        app.keyCredentials = keys;
        await ctx.store.save();
        return { status: 204 };
      }
      if (req.method === 'DELETE') {
        st().applications = st().applications.filter((a) => a !== app);
        st().servicePrincipals = st().servicePrincipals.filter((s) => s.appId !== app.appId);
        await ctx.store.save();
        return { status: 204 };
      }
    }
    if (p === '/servicePrincipals' && req.method === 'POST') {
      const body = jsonBody(req);
      const appId = isObject(body) && typeof body.appId === 'string' ? body.appId : '';
      const app = st().applications.find((a) => a.appId === appId);
      if (!app) return graphError(400, 'Request_BadRequest', `The appId '${appId}' of the service principal does not reference a valid application object.`);
      if (st().servicePrincipals.some((s) => s.appId === appId)) return graphError(409, 'Request_MultipleObjectsWithSameKeyValue', 'Another object with the same value for property servicePrincipalNames already exists.');
      const sp = { id: randomUUID(), appId, displayName: app.displayName };
      st().servicePrincipals.push(sp);
      await ctx.store.save();
      return json(201, { '@odata.context': `${base}/$metadata#servicePrincipals/$entity`, ...sp, servicePrincipalType: 'Application', accountEnabled: true, appOwnerOrganizationId: st().tenantId });
    }
    if (p === '/servicePrincipals' && req.method === 'GET') {
      const filter = parseFilter(q);
      if (filter === undefined) return graphError(400, 'Request_UnsupportedQuery', 'Unsupported or invalid query filter clause specified.');
      const list = st().servicePrincipals.filter((s) => !filter || (s as unknown as Record<string, string>)[filter.field] === filter.value);
      return json(200, { '@odata.context': `${base}/$metadata#servicePrincipals`, value: list.map((s) => ({ ...s, servicePrincipalType: 'Application', accountEnabled: true })) });
    }
    return graphError(400, 'BadRequest', `Resource not found for the segment '${p.split('/').filter(Boolean).pop() ?? ''}'.`);
  }

  async function addKey(req: Request, app: Application): Promise<Reply> {
    const body = jsonBody(req);
    if (!isObject(body) || typeof body.proof !== 'string') return graphError(400, 'Request_BadRequest', "Property 'proof' is required: a JWT signed with one of the application's existing certificates.");
    if (!app.keyCredentials.some((k) => Date.parse(k.endDateTime) > Date.now())) {
      return graphError(400, 'Request_BadRequest', 'The application has no valid certificate to prove possession with; add the first certificate with PATCH keyCredentials.');
    }
    const checked = await verifyWithKeys(body.proof, app.keyCredentials);
    if (!checked.ok) return graphError(401, 'Authentication_MissingOrMalformed', 'The proof of possession is not signed by any certificate registered on the application.');
    const p = checked.payload;
    const nowS = Date.now() / 1000;
    if (p.aud !== graphProofAudience || p.iss !== app.id || typeof p.exp !== 'number' || p.exp < nowS || (typeof p.nbf === 'number' && p.nbf > nowS + 300) || (typeof p.nbf === 'number' && p.exp - p.nbf > 600 + 5)) {
      return graphError(401, 'Authentication_MissingOrMalformed', "The proof of possession token is invalid: aud must be '00000002-0000-0000-c000-000000000000', iss the application's id, and it must expire within 10 minutes.");
    }
    const parsed = parseKey(body.keyCredential, []);
    if (typeof parsed === 'string') return graphError(400, 'Request_BadRequest', parsed);
    app.keyCredentials.push(parsed);
    await ctx.store.save();
    return json(200, { '@odata.context': `${ctx.baseUrl()}/v1.0/$metadata#microsoft.graph.keyCredential`, ...showKey(parsed) });
  }

  /** Handles /v1.0/...; null when the path is not Graph's. */
  return async function handle(req: Request): Promise<Reply | null> {
    if (!req.path.startsWith('/v1.0/')) return null;
    const check = await ctx.tokens.checkBearer(req.headers.authorization, audiences.graph);
    if (!check.ok) {
      const message = { missing: 'Access token is empty.', expired: 'Lifetime validation failed, the token is expired.', audience: 'Access token validation failure. Invalid audience.', invalid: 'Access token validation failure.' }[check.reason];
      return graphError(401, 'InvalidAuthenticationToken', message);
    }
    const status = req.method === 'GET' ? null : injectedStatus(ctx.faults, 'graphWrites');
    if (status !== null) {
      if (status === 403) return graphError(403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation. (injected fault)');
      return graphError(status, 'generalException', 'The server encountered an internal error (injected fault); retry the request.');
    }
    try {
      return await route(req, check.claims);
    } catch (e) {
      if (e instanceof SyntaxError) return graphError(400, 'BadRequest', 'Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.');
      throw e;
    }
  };
}
