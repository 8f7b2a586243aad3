/**
 * Builds the workflow's Azure clients for a session or a helpdesk lookup, on the client layer of src/core/azure:
 * the AzureOfflineBackup application's certificate when this machine holds it, else the operator's sign-in;
 * the Import/Export client with the cloud's scopes and CA; blob access with the key read through ARM listKeys.
 */

import type { BlobServiceClient } from '@azure/storage-blob';
import { OfflineSeedError } from '../../shared/errors';
import type { Session } from '../../shared/session/index';
import { ArmRest } from '../azure/arm';
import { blobServiceForAccount, importExportClient, type IdentityInUse } from '../azure/clients';
import { identityOptions, resolveIdentity, type SignInHooks } from './identity';
import type { WorkflowAzure } from '../azure/workflowAzure';

export interface ConnectOptions extends SignInHooks {
  /** `AzureCloud`, `AzureUSGovernment`, `AzureChinaCloud` or a local profile path. */
  cloud: string | undefined;
  subscriptionId: string | undefined;
  /** The session's storage account and resource group (to find the account's id and region). */
  storageAccount?: string;
  resourceGroup?: string;
  /** The app's data folder (token cache, certificate). */
  dataDir: string;
}

export interface ConnectedWorkflow extends WorkflowAzure {
  /** The storage account's resource id and region, for the job body. */
  storageAccountInfo(): Promise<{ id: string; location: string }>;
  identityInUse: IdentityInUse;
}

/** The clients for a staging location's session: its cloud (unless `cloud` overrides it), subscription and storage account. */
export function connectForSession(
  session: Pick<Session, 'cloud' | 'subscriptionId' | 'storageAccount' | 'resourceGroup'>,
  o: Omit<ConnectOptions, 'cloud' | 'subscriptionId' | 'storageAccount' | 'resourceGroup'> & { cloud?: string | undefined; subscriptionId?: string | undefined },
): Promise<ConnectedWorkflow> {
  return connectWorkflowAzure({
    ...o,
    cloud: o.cloud ?? session.cloud,
    subscriptionId: o.subscriptionId ?? session.subscriptionId,
    storageAccount: session.storageAccount,
    resourceGroup: session.resourceGroup,
  });
}

export async function connectWorkflowAzure(o: ConnectOptions): Promise<ConnectedWorkflow> {
  if (!o.cloud) {
    throw new OfflineSeedError({
      code: 'workflow:errors.cloudNeeded',
      exitCode: 2,
    });
  }
  const id = await resolveIdentity(o.cloud, identityOptions('auto', o.dataDir, o));
  const cloud = id.cloud;
  const sub = o.subscriptionId ?? id.subscriptionId ?? cloud.local?.subscriptionId;
  if (!sub) {
    throw new OfflineSeedError({ code: 'azure:errors.subscriptionNeeded', step: 'importJob', exitCode: 2 });
  }
  const arm = new ArmRest(cloud, id.credential);
  const { client } = importExportClient(cloud, sub, { credential: id.credential, identity: id.identity });

  let account: { id: string; name: string; location: string; blobEndpoint?: string } | null = null;
  const storageAccount = async () => {
    if (account) return account;
    const local = cloud.local;
    if (local && (!o.storageAccount || o.storageAccount === local.storageAccount.name)) {
      account = { id: local.storageAccount.id, name: local.storageAccount.name, location: local.location, blobEndpoint: local.storageAccount.blobEndpoint };
      return account;
    }
    const name = o.storageAccount ?? '';
    const found = o.resourceGroup
      ? await arm.getStorageAccount(`/subscriptions/${sub}/resourceGroups/${o.resourceGroup}/providers/Microsoft.Storage/storageAccounts/${name}`, 'importJob')
      : await arm.findStorageAccount(sub, name, 'importJob');
    if (!found) {
      throw new OfflineSeedError({
        code: 'workflow:errors.storageAccountNotFound',
        params: { account: name, subscription: sub },
        step: 'importJob',
      });
    }
    account = found;
    return account;
  };
  let service: BlobServiceClient | null = null;
  const blobs = async () => {
    if (!service) {
      const a = await storageAccount();
      service = await blobServiceForAccount(cloud, id.credential, { id: a.id, name: a.name, ...(a.blobEndpoint ? { blobEndpoint: a.blobEndpoint } : {}) }, 'complete');
    }
    return service;
  };
  return {
    subscriptionId: sub,
    identity: `${id.identity.kind}: ${id.identity.name}`,
    identityInUse: id.identity,
    importExport: client,
    blobs: {
      container: async (name) => (await blobs()).getContainerClient(name),
      blob: async (uri) => {
        // https://<account>.blob.<suffix>/<container>/<blob> (Azure), or path-style under the endpoint's own path (Azurite).
        const parts = new URL(uri).pathname.split('/').filter(Boolean).map(decodeURIComponent);
        const a = await storageAccount();
        const prefix = a.blobEndpoint ? new URL(a.blobEndpoint).pathname.split('/').filter(Boolean) : [];
        if (prefix.length > 0 && prefix.every((p, i) => parts[i] === p)) parts.splice(0, prefix.length);
        const [container, ...rest] = parts;
        return (await blobs()).getContainerClient(container ?? '').getBlobClient(rest.join('/'));
      },
    },
    storageAccountInfo: async () => {
      const a = await storageAccount();
      return { id: a.id, location: a.location };
    },
    registerProvider: (namespace) => arm.registerProvider(sub, namespace, 'importJob'),
    ...(cloud.local?.rehearsalDatacenters ? { rehearsalDatacenters: cloud.local.rehearsalDatacenters } : {}),
  };
}
