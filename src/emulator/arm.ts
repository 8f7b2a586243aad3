/**
 * Azure Resource Manager on the local Azure: token and api-version checks, fault injection, RBAC, provider
 * registration, subscriptions and resource groups, the storage account (GET, listKeys), role assignments and
 * the Microsoft.ImportExport provider (locations, operations, jobs).
 */

import { audiences, injectedStatus, type EmulatorContext } from './context';
import { armError, isObject, json, jsonBody, type Reply, type Request } from './http';
import { createJobs } from './jobs';
import { createDataBoxJobs, dataBoxVersions } from './dataBoxJobs';
import { findLocation, importExportLocations } from './locations';
import type { AccessClaims } from './tokens';
import type { RoleAssignment } from './state';

export const roleIds = {
  owner: '8e3af657-a8ff-443c-a75c-2fe8c4bcb635',
  contributor: 'b24988ac-6180-42a0-ab88-20f7382dd24c',
  reader: 'acdd72a7-3385-48ef-bd42-f606fba81ae7',
  userAccessAdministrator: '18d7d88d-d35e-4fb5-a5c3-7773c20a72d9',
  storageAccountContributor: '17d1049b-9a84-46fb-8f53-869881c3d3ab',
} as const;

type Action = 'read' | 'write' | 'roleWrite';

const importExportVersions = ['2016-11-01', '2020-08-01', '2021-01-01'];

/** A provider registration answers Registering until the provider was read this many times… */
export const registeringPolls = 2;
/** …or for this long on the emulator clock. */
export const registeringMs = 5 * 60e3;

const operations = [
  ['Microsoft.ImportExport/locations/read', 'Location', 'Get locations', 'Gets the properties for the specified location or returns the list of locations.'],
  ['Microsoft.ImportExport/jobs/write', 'Job', 'Create or update job', 'Creates a job with the specified parameters or update the properties of the specified job.'],
  ['Microsoft.ImportExport/jobs/read', 'Job', 'Get job', 'Gets the properties for the specified job or returns the list of jobs.'],
  ['Microsoft.ImportExport/jobs/listBitLockerKeys/action', 'Job', 'List BitLocker keys', 'Gets the BitLocker keys for the specified job.'],
  ['Microsoft.ImportExport/jobs/delete', 'Job', 'Delete job', 'Deletes an existing job.'],
  ['Microsoft.ImportExport/register/action', 'Import/Export Resource Provider', 'Register Import/Export Resource Provider', 'Registers the subscription for the import/export resource provider and enables the creation of import/export jobs.'],
].map(([name, resource, operation, description]) => ({ name, display: { provider: 'Microsoft Import/Export', resource, operation, description } }));

function grants(roleGuid: string, action: Action): boolean {
  if (roleGuid === roleIds.owner) return true;
  if (action === 'read') return true;
  if (action === 'roleWrite') return roleGuid === roleIds.userAccessAdministrator;
  return roleGuid === roleIds.contributor || roleGuid === roleIds.storageAccountContributor;
}

function underScope(scope: string, assignmentScope: string): boolean {
  const s = scope.toLowerCase();
  const a = assignmentScope.toLowerCase().replace(/\/+$/, '');
  return s === a || s.startsWith(a + '/');
}

export function createArm(ctx: EmulatorContext) {
  const st = () => ctx.store.state;
  const jobs = createJobs(ctx);
  const dataBox = createDataBoxJobs(ctx);
  const storageId = () => `/subscriptions/${st().subscriptionId}/resourceGroups/${st().resourceGroup}/providers/Microsoft.Storage/storageAccounts/${st().storageAccountName}`;

  function allowed(c: AccessClaims, scope: string, action: Action): boolean {
    return st().roleAssignments.some((r) => r.principalId === c.oid && underScope(scope, r.scope) && grants(r.roleDefinitionId.split('/').pop()!.toLowerCase(), action));
  }

  function forbidden(c: AccessClaims, scope: string, action: string): Reply {
    return armError(403, 'AuthorizationFailed', `The client '${c.upn ?? c.appid}' with object id '${c.oid}' does not have authorization to perform action '${action}' over scope '${scope}' or the scope is invalid. If access was recently granted, please refresh your credentials.`);
  }

  function storageAccount() {
    const s = st();
    return {
      id: storageId(),
      name: s.storageAccountName,
      type: 'Microsoft.Storage/storageAccounts',
      location: s.location,
      kind: 'StorageV2',
      sku: { name: 'Standard_LRS', tier: 'Standard' },
      tags: {},
      properties: {
        provisioningState: 'Succeeded',
        primaryLocation: s.location,
        statusOfPrimary: 'available',
        accessTier: 'Hot',
        supportsHttpsTrafficOnly: true,
        minimumTlsVersion: 'TLS1_2',
        networkAcls: { bypass: 'AzureServices', defaultAction: 'Allow', ipRules: [], virtualNetworkRules: [] },
        primaryEndpoints: { blob: ctx.blobEndpoint().replace(/\/?$/, '/') },
      },
    };
  }

  function showAssignment(r: RoleAssignment) {
    return { id: r.id, type: 'Microsoft.Authorization/roleAssignments', name: r.name, properties: { roleDefinitionId: r.roleDefinitionId, principalId: r.principalId, principalType: r.principalType, scope: r.scope, createdOn: r.createdOn, updatedOn: r.createdOn } };
  }

  async function roleAssignments(req: Request, c: AccessClaims, scope: string, name: string | undefined): Promise<Reply> {
    if (!name) {
      if (req.method !== 'GET') return armError(405, 'MethodNotAllowed', 'Use GET to list role assignments.');
      // `principalId eq '{id}'` or `assignedTo('{id}')` (the latter also counts groups; the local Azure has none).
      const f = /principalId\s+eq\s+'([^']+)'|assignedTo\('([^']+)'\)/i.exec(req.url.searchParams.get('$filter') ?? '');
      const list = st().roleAssignments.filter((r) => (underScope(scope, r.scope) || underScope(r.scope, scope)) && (!f || r.principalId === (f[1] ?? f[2])));
      return json(200, { value: list.map(showAssignment) });
    }
    const existing = st().roleAssignments.find((r) => r.name === name && r.scope.toLowerCase() === scope.toLowerCase());
    if (req.method === 'GET') return existing ? json(200, showAssignment(existing)) : armError(404, 'RoleAssignmentNotFound', `The role assignment '${name}' is not found.`);
    if (!allowed(c, scope, 'roleWrite')) return forbidden(c, scope, 'Microsoft.Authorization/roleAssignments/write');
    if (req.method === 'DELETE') {
      if (!existing) return { status: 204 };
      st().roleAssignments = st().roleAssignments.filter((r) => r !== existing);
      await ctx.store.save();
      return json(200, showAssignment(existing));
    }
    if (req.method !== 'PUT') return armError(405, 'MethodNotAllowed', `The method '${req.method}' is not allowed on a role assignment.`);
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(name)) return armError(400, 'InvalidRoleAssignmentId', `The role assignment ID '${name}' is not valid. The role assignment ID must be a GUID.`);
    const body = jsonBody(req);
    const p = isObject(body) && isObject(body.properties) ? body.properties : null;
    if (!p || typeof p.roleDefinitionId !== 'string' || typeof p.principalId !== 'string') return armError(400, 'InvalidRequestContent', "The role assignment needs properties.roleDefinitionId and properties.principalId.");
    const role = /\/providers\/Microsoft\.Authorization\/roleDefinitions\/([0-9a-f-]{36})$/i.exec(p.roleDefinitionId);
    if (!role) return armError(400, 'InvalidRoleDefinitionId', `The role definition ID '${p.roleDefinitionId}' is not valid.`);
    const principal = p.principalId;
    const isUser = principal === st().operator.objectId;
    if (!isUser && !st().servicePrincipals.some((s) => s.id === principal)) {
      return armError(400, 'PrincipalNotFound', `Principal ${principal.replace(/-/g, '')} does not exist in the directory ${st().tenantId}. Check that you have the correct principal ID.`);
    }
    const dup = st().roleAssignments.find((r) => r.principalId === principal && r.scope.toLowerCase() === scope.toLowerCase() && r.roleDefinitionId.toLowerCase().endsWith(role[1]!.toLowerCase()));
    if (dup && dup.name !== name) return armError(409, 'RoleAssignmentExists', 'The role assignment already exists.');
    const r: RoleAssignment = { id: `${scope}/providers/Microsoft.Authorization/roleAssignments/${name}`, name, scope, roleDefinitionId: p.roleDefinitionId, principalId: principal, principalType: typeof p.principalType === 'string' ? p.principalType : isUser ? 'User' : 'ServicePrincipal', createdOn: new Date().toISOString() };
    st().roleAssignments = st().roleAssignments.filter((x) => x !== existing);
    st().roleAssignments.push(r);
    await ctx.store.save();
    return json(existing ? 200 : 201, showAssignment(r));
  }

  /**
   * Registration takes a while in Azure: the register action answers Registering and a client polls the provider
   * until it reads Registered ("Azure resource providers and types",
   * https://learn.microsoft.com/azure/azure-resource-manager/management/resource-providers-and-types). Here a
   * registration finishes after the provider was read `registeringPolls` times, or `registeringMs` later on the
   * emulator clock, whichever comes first; until then the namespace's resources still answer
   * MissingSubscriptionRegistration.
   */
  function registrationState(ns: string, countPoll: boolean): 'Registered' | 'Registering' | 'NotRegistered' {
    const known = st().registeredProviders.find((p) => p.toLowerCase() === ns.toLowerCase());
    if (known) return 'Registered';
    const pending = Object.entries(st().registering ?? {}).find(([k]) => k.toLowerCase() === ns.toLowerCase());
    if (!pending) return 'NotRegistered';
    const [name, r] = pending;
    if (countPoll) r.polls += 1;
    if (r.polls < registeringPolls && ctx.store.now() - r.sinceMs < registeringMs) return 'Registering';
    st().registeredProviders.push(name);
    delete st().registering![name];
    return 'Registered';
  }

  function provider(ns: string, state: string) {
    return { id: `/subscriptions/${st().subscriptionId}/providers/${ns}`, namespace: ns, registrationState: state, registrationPolicy: 'RegistrationRequired', resourceTypes: ns.toLowerCase() === 'microsoft.importexport' ? [{ resourceType: 'jobs', locations: importExportLocations.map((l) => l.name), apiVersions: importExportVersions.slice().reverse() }] : ns.toLowerCase() === 'microsoft.databox' ? [{ resourceType: 'jobs', locations: [st().location], apiVersions: dataBoxVersions.slice().reverse() }] : [] };
  }

  async function route(req: Request, c: AccessClaims): Promise<Reply> {
    const path = req.path;
    // Jobs, locations and operations of the provider (not its registration, which is Microsoft.Resources').
    const isImportExport = /\/providers\/Microsoft\.ImportExport\/(jobs|locations|operations)(\/|$)/i.test(path);
    const version = req.url.searchParams.get('api-version');
    if (!version) return armError(400, 'MissingApiVersionParameter', "The api-version query parameter (?api-version=) is required for all requests.");
    const isDataBox = /\/providers\/Microsoft\.DataBox\/(jobs|locations)(\/|$)/i.test(path);
    if (isDataBox && !dataBoxVersions.includes(version)) {
      return armError(400, 'InvalidApiVersionParameter', `The api-version '${version}' is invalid. The supported versions are '${dataBoxVersions.join(',')}'.`);
    }
    if (isImportExport && !importExportVersions.includes(version)) {
      return armError(400, 'InvalidApiVersionParameter', `The api-version '${version}' is invalid. The supported versions are '${importExportVersions.join(',')}'.`);
    }
    if (/^\/providers\/Microsoft\.ImportExport\/locations$/i.test(path) && req.method === 'GET') return json(200, { value: importExportLocations });
    const lm = /^\/providers\/Microsoft\.ImportExport\/locations\/([^/]+)$/i.exec(path);
    if (lm && req.method === 'GET') {
      const l = findLocation(decodeURIComponent(lm[1]!));
      return l ? json(200, l) : armError(404, 'LocationNotFound', `The location '${decodeURIComponent(lm[1]!)}' is not an Import/Export location.`);
    }
    if (/^\/providers\/Microsoft\.ImportExport\/operations$/i.test(path) && req.method === 'GET') return json(200, { value: operations });
    if (path === '/subscriptions' && req.method === 'GET') {
      const visible = st().roleAssignments.some((r) => r.principalId === c.oid && underScope(`/subscriptions/${st().subscriptionId}/x`, r.scope));
      return json(200, { value: visible ? [{ id: `/subscriptions/${st().subscriptionId}`, subscriptionId: st().subscriptionId, tenantId: st().tenantId, displayName: 'Local rehearsal subscription', state: 'Enabled' }] : [] });
    }
    const sm = /^\/subscriptions\/([^/]+)(\/.*)?$/i.exec(path);
    if (!sm) return armError(404, 'NotFound', `No route for '${req.method} ${path}' on the local Azure.`);
    if (sm[1]!.toLowerCase() !== st().subscriptionId) return armError(404, 'SubscriptionNotFound', `The subscription '${sm[1]}' could not be found.`);
    const rest = sm[2] ?? '';
    const scopeOf = (p: string) => p.replace(/\/providers\/Microsoft\.Authorization\/roleAssignments(\/[^/]+)?$/i, '');
    const ra = /^(.*)\/providers\/Microsoft\.Authorization\/roleAssignments(?:\/([^/]+))?$/i.exec(path);
    if (ra) {
      if (!allowed(c, ra[1]!, 'read')) return forbidden(c, ra[1]!, 'Microsoft.Authorization/roleAssignments/read');
      return roleAssignments(req, c, scopeOf(path), ra[2]);
    }
    const action: Action = req.method === 'GET' ? 'read' : 'write';
    const scope = path.replace(/\/(listKeys|listBitLockerKeys|register|cancel|listCredentials|markDevicesShipped)$/i, '');
    if (!allowed(c, scope, action)) {
      const op = /ImportExport/i.test(path) ? `Microsoft.ImportExport/jobs/${req.method === 'DELETE' ? 'delete' : action}` : `${req.method} ${scope}`;
      return forbidden(c, scope, op);
    }
    if (rest === '' && req.method === 'GET') return json(200, { id: `/subscriptions/${st().subscriptionId}`, subscriptionId: st().subscriptionId, tenantId: st().tenantId, displayName: 'Local rehearsal subscription', state: 'Enabled' });
    const pm = /^\/providers\/([^/]+)(\/register)?$/i.exec(rest);
    if (pm) {
      const ns = pm[1]!;
      if (pm[2] && req.method === 'POST') {
        const known = ['Microsoft.ImportExport', 'Microsoft.DataBox', 'Microsoft.Storage', 'Microsoft.Authorization'].find((n) => n.toLowerCase() === ns.toLowerCase());
        if (!known) return armError(404, 'InvalidResourceNamespace', `The resource namespace '${ns}' is invalid.`);
        const state = registrationState(known, false);
        if (state === 'NotRegistered') {
          st().registering = { ...(st().registering ?? {}), [known]: { sinceMs: ctx.store.now(), polls: 0 } };
          await ctx.store.save();
        }
        return json(200, provider(known, state === 'Registered' ? 'Registered' : 'Registering'));
      }
      if (req.method === 'GET') {
        const state = registrationState(ns, true);
        await ctx.store.save();
        return json(200, provider(ns, state));
      }
    }
    if (/^\/resourcegroups$/i.test(rest) && req.method === 'GET') return json(200, { value: [{ id: `/subscriptions/${st().subscriptionId}/resourceGroups/${st().resourceGroup}`, name: st().resourceGroup, type: 'Microsoft.Resources/resourceGroups', location: st().location, properties: { provisioningState: 'Succeeded' } }] });
    const rg = /^\/resourcegroups\/([^/]+)$/i.exec(rest);
    if (rg && req.method === 'GET') {
      return rg[1]!.toLowerCase() === st().resourceGroup.toLowerCase()
        ? json(200, { id: `/subscriptions/${st().subscriptionId}/resourceGroups/${st().resourceGroup}`, name: st().resourceGroup, type: 'Microsoft.Resources/resourceGroups', location: st().location, properties: { provisioningState: 'Succeeded' } })
        : armError(404, 'ResourceGroupNotFound', `Resource group '${rg[1]}' could not be found.`);
    }
    if (/^(\/resourceGroups\/[^/]+)?\/providers\/Microsoft\.Storage\/storageAccounts$/i.test(rest) && req.method === 'GET') {
      const inRg = /^\/resourceGroups\/([^/]+)/i.exec(rest)?.[1];
      return json(200, { value: !inRg || inRg.toLowerCase() === st().resourceGroup.toLowerCase() ? [storageAccount()] : [] });
    }
    const sa = /^\/resourceGroups\/([^/]+)\/providers\/Microsoft\.Storage\/storageAccounts\/([^/]+)(\/listKeys)?$/i.exec(rest);
    if (sa) {
      if (`/subscriptions/${st().subscriptionId}${rest.replace(/\/listKeys$/i, '')}`.toLowerCase() !== storageId().toLowerCase()) {
        return armError(404, 'ResourceNotFound', `The Resource 'Microsoft.Storage/storageAccounts/${sa[2]}' under resource group '${sa[1]}' was not found.`);
      }
      if (sa[3] && req.method === 'POST') return json(200, { keys: st().storageAccountKeys.map((value, i) => ({ keyName: `key${i + 1}`, value, permissions: 'FULL', creationTime: '2026-01-01T00:00:00.0000000Z' })) });
      if (!sa[3] && req.method === 'GET') return json(200, storageAccount());
    }
    if (isImportExport) {
      if (registrationState('Microsoft.ImportExport', false) !== 'Registered') {
        const message = "The subscription is not registered to use namespace 'Microsoft.ImportExport'. See https://aka.ms/rps-not-found for how to register subscriptions.";
        return armError(409, 'MissingSubscriptionRegistration', message, undefined, [{ code: 'MissingSubscriptionRegistration', target: 'Microsoft.ImportExport', message }]);
      }
      const r = await jobs.handle(req, c, rest);
      if (r) return r;
    }
    if (isDataBox) {
      if (registrationState('Microsoft.DataBox', false) !== 'Registered') {
        const message = "The subscription is not registered to use namespace 'Microsoft.DataBox'. See https://aka.ms/rps-not-found for how to register subscriptions.";
        return armError(409, 'MissingSubscriptionRegistration', message, undefined, [{ code: 'MissingSubscriptionRegistration', target: 'Microsoft.DataBox', message }]);
      }
      const r = await dataBox(req, c, rest);
      if (r) return r;
    }
    return armError(404, 'NotFound', `No route for '${req.method} ${path}' on the local Azure.`);
  }

  /** Handles ARM paths (/subscriptions…, /providers…); null for other paths. */
  return async function handle(req: Request): Promise<Reply | null> {
    if (!/^\/(subscriptions|providers)(\/|$)/i.test(req.path)) return null;
    const status = injectedStatus(ctx.faults, 'arm');
    if (status !== null) {
      if (status === 429) return { ...armError(429, 'TooManyRequests', 'The request is being throttled (injected fault); retry after the time in Retry-After.'), headers: { 'retry-after': '1' } };
      return armError(status, 'InternalServerError', 'The server encountered an internal error (injected fault); retry the request.');
    }
    const check = await ctx.tokens.checkBearer(req.headers.authorization, audiences.resourceManager);
    const legacy = check.ok ? check : await ctx.tokens.checkBearer(req.headers.authorization, audiences.resourceManagerLegacy);
    if (!legacy.ok) {
      const [code, message] = {
        missing: ['AuthenticationFailed', "Authentication failed. The 'Authorization' header is missing."],
        expired: ['ExpiredAuthenticationToken', 'The access token expiry UTC time is earlier than current UTC time.'],
        audience: ['InvalidAuthenticationTokenAudience', "The access token has been obtained for wrong audience or resource. It should exactly match one of the allowed audiences 'https://management.azure.com','https://management.core.windows.net/'."],
        invalid: ['InvalidAuthenticationToken', 'The access token is invalid.'],
      }[check.ok ? 'invalid' : check.reason] as [string, string];
      const r = armError(401, code, message);
      r.headers = { 'www-authenticate': `Bearer authorization_uri="${ctx.baseUrl()}/${st().tenantId}", error="invalid_token", error_description="${message.replace(/"/g, "'")}"` };
      return r;
    }
    try {
      return await route(req, legacy.claims);
    } catch (e) {
      if (e instanceof SyntaxError) return armError(400, 'InvalidRequestContent', 'The request content was invalid and could not be deserialized: the body is not valid JSON.');
      throw e;
    }
  };
}
