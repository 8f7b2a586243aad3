/**
 * Client factories for later steps: the @azure/arm-storageimportexport client (right credentialScopes, the cloud's CA,
 * retries honouring Retry-After) and @azure/storage-blob clients (account key from ARM listKeys), under the app's
 * certificate identity or the operator's, and which one is in use.
 */

import https from 'node:https';
import { StorageImportExport } from '@azure/arm-storageimportexport';
import type { TokenCredential } from '@azure/core-auth';
import { BlobServiceClient, StorageSharedKeyCredential, newPipeline, type RequestPolicyFactory } from '@azure/storage-blob';
import type { StepId } from '../../shared/errors';
import { ArmRest } from './arm';
import { armScope, type ResolvedCloud } from './clouds';
import { toAzureError, type AzureOperation } from './errors';

export type IdentityKind = 'app' | 'operator';

/** Which identity a client uses, for the UI and `status` output. */
export interface IdentityInUse {
  kind: IdentityKind;
  /** The application's client id, or the operator's user principal name. */
  name: string;
}

export interface ClientOptions {
  credential: TokenCredential;
  identity: IdentityInUse;
  /** Retries of the SDK pipeline (429 with Retry-After, 5xx, resets), exponential backoff. */
  maxRetries?: number;
}

export interface ImportExportClient {
  client: StorageImportExport;
  identity: IdentityInUse;
}

export function importExportClient(cloud: ResolvedCloud, subscriptionId: string, o: ClientOptions): ImportExportClient {
  const client = new StorageImportExport(o.credential, subscriptionId, {
    endpoint: cloud.endpoints.resourceManager,
    credentialScopes: [armScope(cloud)],
    ...(cloud.ca ? { tlsOptions: { ca: cloud.ca } } : {}),
    retryOptions: { maxRetries: o.maxRetries ?? 6, retryDelayInMs: 500, maxRetryDelayInMs: 30_000 },
  });
  return { client, identity: o.identity };
}

/** Runs one SDK call and turns its failure into one clear OfflineSeedError (permission, registration, network…). */
export async function azureCall<T>(operation: AzureOperation, step: StepId, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    throw toAzureError(e, operation, step);
  }
}

/** A blob service client for `account` with its key, trusting the cloud's CA when it has one. */
export function blobServiceClient(cloud: ResolvedCloud, blobEndpoint: string, account: string, key: string): BlobServiceClient {
  const pipeline = newPipeline(new StorageSharedKeyCredential(account, key), { retryOptions: { maxTries: 5 } });
  if (cloud.ca) {
    const agent = new https.Agent({ ca: cloud.ca, keepAlive: false });
    const trust: RequestPolicyFactory = {
      create: (next) => ({
        sendRequest: (req) => {
          req.agent = agent;
          return next.sendRequest(req);
        },
      }),
    };
    pipeline.factories.unshift(trust);
  }
  return new BlobServiceClient(blobEndpoint, pipeline);
}

/** The blob client of a storage account, its key read through ARM listKeys with `credential`. */
export async function blobServiceForAccount(cloud: ResolvedCloud, credential: TokenCredential, account: { id: string; name: string; blobEndpoint?: string }, step: StepId): Promise<BlobServiceClient> {
  const key = await new ArmRest(cloud, credential).storageAccountKey(account.id, step);
  const endpoint = account.blobEndpoint ?? `https://${account.name}.blob.${cloud.storageSuffix}/`;
  return blobServiceClient(cloud, endpoint, account.name, key);
}
