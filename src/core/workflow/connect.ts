/**
 * Builds the workflow's Azure clients for a session or a helpdesk lookup.
 *
 * Local rehearsal (a cloud profile file): the operator's token from the local Azure's device-code flow (which
 * it approves by itself), the real @azure/arm-storageimportexport client over TLS with the profile's CA, and
 * blob access with the account key read through ARM listKeys. Public clouds wait for the client layer of
 * src/core/azure (sign-in, token cache, certificate credential) and say so.
 */

import https from 'node:https';
import { promises as fs } from 'node:fs';
import { StorageImportExport } from '@azure/arm-storageimportexport';
import type { TokenCredential } from '@azure/core-auth';
import { PublicClientApplication, type INetworkModule, type NetworkRequestOptions, type NetworkResponse } from '@azure/msal-node';
import { BlobServiceClient, StorageSharedKeyCredential, newPipeline, type RequestPolicyFactory } from '@azure/storage-blob';
import { isPublicCloudName, localCloudProfileSchema, type LocalCloudProfile } from '../../shared/cloud';
import { OfflineSeedError } from '../../shared/errors';
import type { WorkflowAzure } from './azure';
import { azureError } from './azureErrors';

export interface ConnectOptions {
  /** `AzureCloud`, `AzureUSGovernment`, `AzureChinaCloud` or a local profile path. */
  cloud: string | undefined;
  subscriptionId: string | undefined;
  storageAccount?: string;
  /** The app's data folder (token cache, certificate). */
  dataDir: string;
  env?: NodeJS.ProcessEnv;
}

export interface ConnectedWorkflow extends WorkflowAzure {
  /** The storage account's resource id and region, for the job body. */
  storageAccountInfo(): Promise<{ id: string; location: string }>;
}

const armScope = 'https://management.azure.com/.default';

export async function connectWorkflowAzure(o: ConnectOptions): Promise<ConnectedWorkflow> {
  if (!o.cloud) {
    throw new OfflineSeedError({
      code: 'workflow:errors.cloudNeeded',
      message:
        'This command needs Azure: give --cloud or set OFFLINE_SEED_CLOUD, or run it on the machine where the staging location was created.',
      exitCode: 2,
    });
  }
  if (isPublicCloudName(o.cloud)) {
    throw new OfflineSeedError({
      code: 'workflow:errors.notReady',
      message: 'The Azure client engine is not available in this build yet; this step cannot run.',
      params: { part: 'Azure sign-in' },
    });
  }
  return connectLocal(await readProfile(o.cloud), o.subscriptionId);
}

async function readProfile(file: string): Promise<LocalCloudProfile> {
  let json: unknown;
  try {
    json = JSON.parse(await fs.readFile(file, 'utf8'));
  } catch (e) {
    throw new OfflineSeedError({
      code: 'workflow:errors.profileUnreadable',
      message: `The cloud profile ${file} cannot be read. Give the cloud.json written by offline-seed emulator start, or a cloud name.`,
      params: { file },
      exitCode: 2,
      cause: e,
    });
  }
  const parsed = localCloudProfileSchema.safeParse(json);
  if (!parsed.success) {
    throw new OfflineSeedError({
      code: 'workflow:errors.profileUnreadable',
      message: `The cloud profile ${file} cannot be read. Give the cloud.json written by offline-seed emulator start, or a cloud name.`,
      params: { file },
      exitCode: 2,
    });
  }
  return parsed.data;
}

/** HTTPS with the profile's CA, for msal's network module and listKeys. */
function request(ca: string, url: string, init: { method: string; headers?: Record<string, string>; body?: string }): Promise<{ status: number; headers: Record<string, string>; text: string }> {
  return new Promise((resolve, reject) => {
    const req = https.request(url, { method: init.method, headers: init.headers, ca }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v;
        resolve({ status: res.statusCode ?? 0, headers, text: Buffer.concat(chunks).toString('utf8') });
      });
    });
    req.on('error', reject);
    if (init.body !== undefined) req.write(init.body);
    req.end();
  });
}

function operatorCredential(profile: LocalCloudProfile): TokenCredential {
  const send = async <T>(method: string, url: string, options?: NetworkRequestOptions): Promise<NetworkResponse<T>> => {
    const r = await request(profile.caCertificate, url, { method, headers: options?.headers, body: options?.body });
    return { status: r.status, headers: r.headers, body: JSON.parse(r.text || '{}') as T };
  };
  const networkClient: INetworkModule = {
    sendGetRequestAsync: (url, options) => send('GET', url, options),
    sendPostRequestAsync: (url, options) => send('POST', url, options),
  };
  const pca = new PublicClientApplication({
    auth: {
      clientId: profile.publicClientId,
      authority: `${profile.endpoints.authority}/${profile.tenantId}`,
      knownAuthorities: [new URL(profile.endpoints.authority).host],
    },
    system: { networkClient },
  });
  const cache = new Map<string, { token: string; expiresOnTimestamp: number }>();
  return {
    async getToken(scopes) {
      const scope = (Array.isArray(scopes) ? scopes : [scopes])[0] ?? armScope;
      const hit = cache.get(scope);
      if (hit && hit.expiresOnTimestamp - Date.now() > 60_000) return hit;
      const r = await pca.acquireTokenByDeviceCode({ scopes: [scope], deviceCodeCallback: () => undefined });
      if (!r) throw new Error('The local Azure gave no token.');
      const token = { token: r.accessToken, expiresOnTimestamp: r.expiresOn?.getTime() ?? Date.now() + 3_600_000 };
      cache.set(scope, token);
      return token;
    },
  };
}

/** A blob service client that trusts the local Azure's CA (Azurite serves HTTPS with its certificate). */
function blobService(endpoint: string, account: string, key: string, ca: string): BlobServiceClient {
  const pipeline = newPipeline(new StorageSharedKeyCredential(account, key));
  const agent = new https.Agent({ ca, keepAlive: false });
  const trust: RequestPolicyFactory = {
    create: (next) => ({
      sendRequest: (req) => {
        req.agent = agent;
        return next.sendRequest(req);
      },
    }),
  };
  pipeline.factories.unshift(trust);
  return new BlobServiceClient(endpoint, pipeline);
}

async function connectLocal(profile: LocalCloudProfile, subscriptionId: string | undefined): Promise<ConnectedWorkflow> {
  const credential = operatorCredential(profile);
  const sub = subscriptionId ?? profile.subscriptionId;
  const importExport = new StorageImportExport(credential, sub, {
    endpoint: profile.endpoints.resourceManager,
    credentialScopes: [armScope],
    tlsOptions: { ca: profile.caCertificate },
    retryOptions: { maxRetries: 3, retryDelayInMs: 200, maxRetryDelayInMs: 2000 },
  });
  let service: BlobServiceClient | null = null;
  const blobs = async (): Promise<BlobServiceClient> => {
    if (service) return service;
    const token = (await credential.getToken(armScope))?.token ?? '';
    const r = await request(profile.caCertificate, `${profile.endpoints.resourceManager}${profile.storageAccount.id}/listKeys?api-version=2023-01-01`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: '{}',
    }).catch((e: unknown) => {
      throw azureError(e, 'listBlobs', 'complete');
    });
    const key = (JSON.parse(r.text || '{}') as { keys?: Array<{ value?: string }> }).keys?.[0]?.value;
    if (r.status !== 200 || !key) throw azureError({ statusCode: r.status, code: 'ListKeysFailed', message: r.text.slice(0, 300) }, 'listBlobs', 'complete');
    service = blobService(profile.storageAccount.blobEndpoint, profile.storageAccount.name, key, profile.caCertificate);
    return service;
  };
  return {
    subscriptionId: sub,
    identity: profile.operator.userPrincipalName,
    importExport,
    blobs: {
      container: async (name) => (await blobs()).getContainerClient(name),
      blob: async (uri) => {
        // https://host:port/<account>/<container>/<blob path>
        const [, , container, ...rest] = new URL(uri).pathname.split('/');
        return (await blobs()).getContainerClient(decodeURIComponent(container ?? '')).getBlobClient(rest.map(decodeURIComponent).join('/'));
      },
    },
    storageAccountInfo: async () => ({ id: profile.storageAccount.id, location: profile.location }),
    async registerProvider(namespace) {
      const token = (await credential.getToken(armScope))?.token ?? '';
      const r = await request(profile.caCertificate, `${profile.endpoints.resourceManager}/subscriptions/${sub}/providers/${namespace}/register?api-version=2021-04-01`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: '{}',
      });
      if (r.status >= 300) throw azureError({ statusCode: r.status, code: 'RegisterFailed', message: r.text.slice(0, 300) }, 'createJob', 'importJob');
    },
  };
}
