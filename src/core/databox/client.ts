/**
 * The Microsoft.DataBox client.
 *
 * Offline Seed uses the SDK, `@azure/arm-databox` 5.0.0 (its latest release), which sends api-version 2022-12-01,
 * rather than plain REST at the spec's newest stable version (2025-07-01): the SDK gives typed shapes, the
 * long-running create and delete (202 + Location polling), paging and retries, and everything a Data Box Disk order
 * for offline backup needs is in 2022-12-01 (DataBoxDisk details with passkey, preferredDisks and copyLogDetails,
 * listCredentials, markDevicesShipped, availableSkus, validateInputs, regionConfiguration). What it lacks (`model`,
 * `delayedStage`, `allDevicesLost` of later versions) concerns Data Box 120/525 and lost devices, not Disk orders.
 *
 * Orders are placed by the operator (the subscription's Owner, https://learn.microsoft.com/azure/backup/offline-backup-azure-data-box#prerequisites),
 * never by the AzureOfflineBackup application.
 */

import { DataBoxManagementClient } from '@azure/arm-databox';
import type { TokenCredential } from '@azure/core-auth';
import { OfflineSeedError, type StepId } from '../../shared/errors';
import { ArmRest } from '../azure/arm';
import { armScope, type ResolvedCloud } from '../azure/clouds';
import { toAzureError, type AzureOperation } from '../azure/errors';
import { jsonCall } from '../azure/http';
import { blobServiceForAccount } from '../azure/clients';
import { identityOptions, resolveIdentity, type SignInHooks } from '../identity/identity';
import type { BlobServiceClient } from '@azure/storage-blob';

/** The api-version @azure/arm-databox 5.0.0 sends (its default; checked by test/core/databox). */
export const dataBoxApiVersion = '2022-12-01';

export interface DataBoxConnection {
  cloud: ResolvedCloud;
  subscriptionId: string;
  resourceGroup: string;
  client: DataBoxManagementClient;
  arm: ArmRest;
  credential: TokenCredential;
  /** ARM GET of any resource (the storage account's kind), with the cloud's CA and retries. */
  getResource<T>(id: string, apiVersion: string, operation: AzureOperation): Promise<T | null>;
  /** Blob access to the order's storage account (the upload logs). */
  blobs(account: { id: string; name: string; blobEndpoint?: string }): Promise<BlobServiceClient>;
}

export interface ConnectDataBoxOptions extends SignInHooks {
  cloud: string | undefined;
  dataDir: string;
  subscriptionId?: string | undefined;
  resourceGroup?: string | undefined;
}

export async function connectDataBox(o: ConnectDataBoxOptions): Promise<DataBoxConnection> {
  if (!o.cloud) throw new OfflineSeedError({ code: 'workflow:errors.cloudNeeded', exitCode: 2 });
  const id = await resolveIdentity(o.cloud, identityOptions('operator', o.dataDir, o));
  const cloud = id.cloud;
  const subscriptionId = o.subscriptionId ?? cloud.local?.subscriptionId;
  if (!subscriptionId) throw new OfflineSeedError({ code: 'azure:errors.subscriptionNeeded', exitCode: 2 });
  const resourceGroup = o.resourceGroup ?? cloud.local?.resourceGroup;
  if (!resourceGroup) throw new OfflineSeedError({ code: 'cli:errors.missingFlag', params: { flag: '--resource-group' }, exitCode: 2 });
  const client = new DataBoxManagementClient(id.credential, subscriptionId, {
    endpoint: cloud.endpoints.resourceManager,
    credentialScopes: [armScope(cloud)],
    ...(cloud.ca ? { tlsOptions: { ca: cloud.ca } } : {}),
    retryOptions: { maxRetries: 6, retryDelayInMs: 500, maxRetryDelayInMs: 30_000 },
  });
  const step: StepId = 'shipping';
  return {
    cloud,
    subscriptionId,
    resourceGroup,
    client,
    arm: new ArmRest(cloud, id.credential),
    credential: id.credential,
    async getResource<T>(resourceId: string, apiVersion: string, operation: AzureOperation) {
      const token = (await id.credential.getToken(armScope(cloud)))?.token ?? '';
      const r = await jsonCall<T>({ method: 'GET', url: `${cloud.endpoints.resourceManager.replace(/\/$/, '')}${resourceId}?api-version=${apiVersion}`, token, ca: cloud.ca, operation, step, accept: [404] });
      return r.status === 404 ? null : r.body;
    },
    blobs: (account) => blobServiceForAccount(cloud, id.credential, account, 'monitor'),
  };
}

/** One SDK call, its failure turned into one clear sentence (registration, permission, network…). */
export async function dataBoxCall<T>(operation: AzureOperation, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    throw toAzureError(e, operation, 'shipping');
  }
}
