/** ARM REST calls the certificate step needs (subscription, storage accounts, listKeys, role assignments, provider registration). */

import { randomUUID } from 'node:crypto';
import type { TokenCredential } from '@azure/core-auth';
import { OfflineSeedError, type StepId } from '../../shared/errors';
import { armScope, type ResolvedCloud } from './clouds';
import type { AzureOperation } from './errors';
import { jsonCall, type RetryPolicy } from './http';

export const roleDefinitionIds = {
  owner: '8e3af657-a8ff-443c-a75c-2fe8c4bcb635',
  contributor: 'b24988ac-6180-42a0-ab88-20f7382dd24c',
  reader: 'acdd72a7-3385-48ef-bd42-f606fba81ae7',
  storageAccountContributor: '17d1049b-9a84-46fb-8f53-869881c3d3ab',
} as const;

export interface StorageAccountInfo {
  id: string;
  name: string;
  location: string;
  resourceGroup: string;
  blobEndpoint?: string;
}

export interface RoleAssignmentInfo {
  id: string;
  name: string;
  roleDefinitionId: string;
  principalId: string;
  principalType?: string;
  scope: string;
}

/** How long and how often a provider registration is polled until it reads Registered. */
export interface RegistrationWait {
  timeoutMs: number;
  /** The first poll comes this long after the register action, then the interval doubles… */
  firstPollMs: number;
  /** …up to this. */
  maxPollMs: number;
  sleep(ms: number): Promise<void>;
}

/** About five minutes, polled after 0.5 s, 1 s, 2 s, … 20 s: Offline Seed's own choice, no source gives a duration. */
export const defaultRegistrationWait: RegistrationWait = {
  timeoutMs: 5 * 60_000,
  firstPollMs: 500,
  maxPollMs: 20_000,
  sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
};

/** A small ARM client over REST with the cloud's endpoint, audience, CA and retry policy. */
export class ArmRest {
  constructor(
    readonly cloud: ResolvedCloud,
    private readonly credential: TokenCredential,
    private readonly retry?: RetryPolicy,
    private readonly registrationWait: RegistrationWait = defaultRegistrationWait,
  ) {}

  private async call<T>(method: 'GET' | 'PUT' | 'POST' | 'DELETE', pathAndQuery: string, operation: AzureOperation, step: StepId, body?: unknown, extra: { accept?: number[]; idempotent?: boolean } = {}) {
    const token = (await this.credential.getToken(armScope(this.cloud)))?.token ?? '';
    return jsonCall<T>({ method, url: `${this.cloud.endpoints.resourceManager.replace(/\/$/, '')}${pathAndQuery}`, token, body, ca: this.cloud.ca, operation, step, retry: this.retry, ...extra });
  }

  /** The subscription, or null when Azure says it does not exist (404 SubscriptionNotFound). */
  async getSubscription(subscriptionId: string, step: StepId): Promise<{ subscriptionId: string; tenantId: string; displayName: string } | null> {
    const r = await this.call<{ subscriptionId: string; tenantId: string; displayName: string }>('GET', `/subscriptions/${subscriptionId}?api-version=2022-12-01`, 'readSubscription', step, undefined, { accept: [404] });
    return r.status === 404 ? null : r.body;
  }

  async listStorageAccounts(subscriptionId: string, step: StepId): Promise<StorageAccountInfo[]> {
    const out: StorageAccountInfo[] = [];
    let next: string | undefined = `/subscriptions/${subscriptionId}/providers/Microsoft.Storage/storageAccounts?api-version=2023-01-01`;
    while (next) {
      const r: { body: { value?: Array<{ id: string; name: string; location: string; properties?: { primaryEndpoints?: { blob?: string } } }>; nextLink?: string } } = await this.call('GET', next, 'listStorageAccounts', step);
      for (const a of r.body.value ?? []) {
        out.push({ id: a.id, name: a.name, location: a.location, resourceGroup: /\/resourceGroups\/([^/]+)/i.exec(a.id)?.[1] ?? '', blobEndpoint: a.properties?.primaryEndpoints?.blob });
      }
      next = r.body.nextLink ? r.body.nextLink.replace(/^https:\/\/[^/]+/, '') : undefined;
    }
    return out;
  }

  async findStorageAccount(subscriptionId: string, name: string, step: StepId): Promise<StorageAccountInfo | null> {
    return (await this.listStorageAccounts(subscriptionId, step)).find((a) => a.name.toLowerCase() === name.toLowerCase()) ?? null;
  }

  /** One storage account by resource id; null when it does not exist. */
  async getStorageAccount(accountId: string, step: StepId): Promise<StorageAccountInfo | null> {
    const r = await this.call<{ id: string; name: string; location: string; properties?: { primaryEndpoints?: { blob?: string } } }>('GET', `${accountId}?api-version=2023-01-01`, 'listStorageAccounts', step, undefined, { accept: [404] });
    if (r.status === 404) return null;
    const a = r.body;
    return { id: a.id, name: a.name, location: a.location, resourceGroup: /\/resourceGroups\/([^/]+)/i.exec(a.id)?.[1] ?? '', blobEndpoint: a.properties?.primaryEndpoints?.blob };
  }

  /** The first account key (a secret: never logged). */
  async storageAccountKey(accountId: string, step: StepId): Promise<string> {
    const r = await this.call<{ keys?: Array<{ value?: string }> }>('POST', `${accountId}/listKeys?api-version=2023-01-01`, 'readStorageKeys', step, {}, { idempotent: true });
    const key = r.body?.keys?.[0]?.value;
    if (!key) throw new OfflineSeedError({ code: 'azure:errors.noStorageKey', params: { account: accountId.split('/').pop() ?? accountId }, step });
    return key;
  }

  /**
   * Registers a resource provider and waits, within `registrationWait`, until Azure reads it Registered: the register
   * action answers Registering and the registration state is read back with GET on the provider ("Azure resource
   * providers and types", https://learn.microsoft.com/azure/azure-resource-manager/management/resource-providers-and-types).
   * Past the wait: `azure:errors.registrationTimeout`.
   */
  async registerProvider(subscriptionId: string, namespace: string, step: StepId): Promise<void> {
    const base = `/subscriptions/${subscriptionId}/providers/${namespace}`;
    const r = await this.call<{ registrationState?: string }>('POST', `${base}/register?api-version=2021-04-01`, 'registerProvider', step, {}, { idempotent: true });
    if (r.body?.registrationState === 'Registered') return;
    const w = this.registrationWait;
    // The wait is counted in the pauses between polls, so an injected sleep (tests) ends it as surely as real time.
    let waited = 0;
    for (let attempt = 0; waited < w.timeoutMs; attempt++) {
      const pause = Math.min(w.maxPollMs, w.firstPollMs * 2 ** attempt);
      await w.sleep(pause);
      waited += pause;
      const g = await this.call<{ registrationState?: string }>('GET', `${base}?api-version=2021-04-01`, 'registerProvider', step);
      if (g.body?.registrationState === 'Registered') return;
    }
    throw new OfflineSeedError({
      code: 'azure:errors.registrationTimeout',
      params: { namespace, count: Math.max(1, Math.round(w.timeoutMs / 60_000)) },
      step,
    });
  }

  async listRoleAssignments(scope: string, principalId: string, step: StepId): Promise<RoleAssignmentInfo[]> {
    const r = await this.call<{ value: Array<{ id: string; name: string; properties: Omit<RoleAssignmentInfo, 'id' | 'name'> }> }>(
      'GET',
      `${scope}/providers/Microsoft.Authorization/roleAssignments?api-version=2022-04-01&$filter=${encodeURIComponent(`principalId eq '${principalId}'`)}`,
      'listRoleAssignments',
      step,
    );
    return r.body.value.map((a) => ({ id: a.id, name: a.name, ...a.properties }));
  }

  /**
   * Assigns `roleGuid` at `scope` to a service principal (principalType ServicePrincipal, which spares the directory
   * lookup), retrying PrincipalNotFound while Azure AD replicates a principal created moments ago.
   */
  async assignRole(scope: string, roleGuid: string, principalId: string, step: StepId, opts: { replicationWaitMs?: number[] } = {}): Promise<RoleAssignmentInfo> {
    const existing = (await this.listRoleAssignments(scope, principalId, step)).find((a) => a.roleDefinitionId.toLowerCase().endsWith(roleGuid) && a.scope.toLowerCase() === scope.toLowerCase());
    if (existing) return existing;
    const name = randomUUID();
    const waits = opts.replicationWaitMs ?? [2000, 4000, 8000, 15000, 30000];
    const body = { properties: { roleDefinitionId: `${scope}/providers/Microsoft.Authorization/roleDefinitions/${roleGuid}`, principalId, principalType: 'ServicePrincipal' } };
    for (let attempt = 0; ; attempt++) {
      try {
        const r = await this.call<{ id: string; name: string; properties: Omit<RoleAssignmentInfo, 'id' | 'name'> }>('PUT', `${scope}/providers/Microsoft.Authorization/roleAssignments/${name}?api-version=2022-04-01`, 'assignRole', step, body);
        return { id: r.body.id, name: r.body.name, ...r.body.properties };
      } catch (e) {
        const code = (e as { detail?: { code?: string } }).detail?.code;
        if (code === 'PrincipalNotFound' && attempt < waits.length) {
          await new Promise((res) => setTimeout(res, waits[attempt]));
          continue;
        }
        throw e;
      }
    }
  }

  async deleteRoleAssignment(id: string, step: StepId): Promise<void> {
    await this.call('DELETE', `${id}?api-version=2022-04-01`, 'removeRoleAssignment', step, undefined, { accept: [204, 404] });
  }
}
