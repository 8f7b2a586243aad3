/** Microsoft Graph calls of the certificate step: /me, owned applications, create/patch/delete an application, service principals. */

import type { TokenCredential } from '@azure/core-auth';
import { graphScope, type ResolvedCloud } from './clouds';
import type { AzureOperation } from './errors';
import { jsonCall, type RetryPolicy } from './http';

export interface GraphKeyCredential {
  keyId?: string;
  customKeyIdentifier?: string | null;
  displayName?: string | null;
  startDateTime?: string;
  endDateTime?: string;
  type: string;
  usage: string;
  key?: string | null;
}

export interface GraphApplication {
  id: string;
  appId: string;
  displayName: string;
  keyCredentials: GraphKeyCredential[];
}

export interface GraphUser {
  id: string;
  userPrincipalName: string;
  displayName?: string;
}

export class GraphRest {
  constructor(
    readonly cloud: ResolvedCloud,
    private readonly credential: TokenCredential,
    private readonly retry?: RetryPolicy,
  ) {}

  private async call<T>(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', p: string, operation: AzureOperation, body?: unknown, accept?: number[]) {
    const token = (await this.credential.getToken(graphScope(this.cloud)))?.token ?? '';
    return jsonCall<T>({ method, url: `${this.cloud.endpoints.graph.replace(/\/$/, '')}/v1.0${p}`, token, body, ca: this.cloud.ca, operation, step: 'certificate', retry: this.retry, accept });
  }

  async me(): Promise<GraphUser> {
    return (await this.call<GraphUser>('GET', '/me', 'readUser')).body;
  }

  /** Applications the signed-in user owns, optionally by display name. */
  async ownedApplications(displayName?: string): Promise<GraphApplication[]> {
    const filter = displayName ? `&$filter=${encodeURIComponent(`displayName eq '${displayName.replace(/'/g, "''")}'`)}` : '';
    const r = await this.call<{ value: GraphApplication[] }>('GET', `/me/ownedObjects/microsoft.graph.application?$select=id,appId,displayName,keyCredentials${filter}`, 'listApplications');
    return r.body.value;
  }

  async getApplication(id: string): Promise<GraphApplication | null> {
    const r = await this.call<GraphApplication>('GET', `/applications/${id}`, 'readApplication', undefined, [404]);
    return r.status === 404 ? null : r.body;
  }

  async createApplication(displayName: string): Promise<GraphApplication> {
    return (await this.call<GraphApplication>('POST', '/applications', 'createApplication', { displayName, signInAudience: 'AzureADMyOrg' })).body;
  }

  /** Replaces the application's keyCredentials (Graph's PATCH semantics): pass the existing ones to keep them. */
  async setKeyCredentials(id: string, keys: GraphKeyCredential[]): Promise<void> {
    await this.call('PATCH', `/applications/${id}`, 'addCertificate', { keyCredentials: keys });
  }

  async deleteApplication(id: string): Promise<void> {
    await this.call('DELETE', `/applications/${id}`, 'deleteApplication', undefined, [404]);
  }

  async servicePrincipalOf(appId: string): Promise<{ id: string; appId: string } | null> {
    const r = await this.call<{ value: Array<{ id: string; appId: string }> }>('GET', `/servicePrincipals?$filter=${encodeURIComponent(`appId eq '${appId}'`)}`, 'findServicePrincipal');
    return r.body.value[0] ?? null;
  }

  async createServicePrincipal(appId: string): Promise<{ id: string; appId: string }> {
    return (await this.call<{ id: string; appId: string }>('POST', '/servicePrincipals', 'createServicePrincipal', { appId })).body;
  }
}
