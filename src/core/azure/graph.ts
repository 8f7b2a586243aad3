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
    return this.callUrl<T>(method, `${this.cloud.endpoints.graph.replace(/\/$/, '')}/v1.0${p}`, operation, body, accept);
  }

  private async callUrl<T>(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, operation: AzureOperation, body?: unknown, accept?: number[]) {
    const token = (await this.credential.getToken(graphScope(this.cloud)))?.token ?? '';
    return jsonCall<T>({ method, url, token, body, ca: this.cloud.ca, operation, step: 'certificate', retry: this.retry, accept });
  }

  async me(): Promise<GraphUser> {
    return (await this.call<GraphUser>('GET', '/me', 'readUser')).body;
  }

  /**
   * Applications the signed-in user owns, optionally by display name. A $filter on ownedObjects is an advanced query
   * (ConsistencyLevel: eventual and $count=true, https://learn.microsoft.com/graph/aad-advanced-queries), whose
   * results are only eventually consistent: an application created moments ago could be missed. So every owned
   * application is listed (following @odata.nextLink) and the name is matched here, case-insensitively as Graph's eq.
   */
  async ownedApplications(displayName?: string): Promise<GraphApplication[]> {
    const out: GraphApplication[] = [];
    const origin = new URL(this.cloud.endpoints.graph).origin;
    let next: string | undefined = `${this.cloud.endpoints.graph.replace(/\/$/, '')}/v1.0/me/ownedObjects/microsoft.graph.application?$select=id,appId,displayName,keyCredentials`;
    while (next) {
      const r: { body: { value?: GraphApplication[]; '@odata.nextLink'?: string } } = await this.callUrl('GET', next, 'listApplications');
      out.push(...(r.body.value ?? []));
      const link = r.body['@odata.nextLink'];
      // The token goes only to Graph's own origin.
      next = link && new URL(link, origin).origin === origin ? new URL(link, origin).toString() : undefined;
    }
    const wanted = displayName?.toLowerCase();
    return wanted === undefined ? out : out.filter((a) => a.displayName?.toLowerCase() === wanted);
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
