/** The Azure clients the workflow uses, injected so that the same code runs against Azure and the local Azure. */

import type { BitLockerKeys, Jobs, Locations } from '@azure/arm-storageimportexport';
import type { BlobClient, ContainerClient } from '@azure/storage-blob';

/** The part of `StorageImportExport` (@azure/arm-storageimportexport) the workflow calls. */
export interface ImportExportClient {
  jobs: Pick<Jobs, 'get' | 'create' | 'update' | 'listBySubscription' | 'listByResourceGroup'>;
  locations: Pick<Locations, 'get' | 'list'>;
  /** listBitLockerKeys: the keys a job holds, to re-identify a drive whose journal is lost. */
  bitLockerKeys: Pick<BitLockerKeys, 'list'>;
}

/** Blob access in the job's storage account (@azure/storage-blob). */
export interface BlobAccess {
  container(name: string): Promise<ContainerClient>;
  /** A blob by its full URI, e.g. a copy log's `errorLogUri`. */
  blob(uri: string): Promise<BlobClient>;
}

export interface WorkflowAzure {
  subscriptionId: string;
  importExport: ImportExportClient;
  blobs: BlobAccess;
  /** Registers a resource provider in the subscription (`Microsoft.ImportExport`) when Azure says it is not. */
  registerProvider?(namespace: string): Promise<void>;
  /** Who is signed in, shown in status output ("app certificate", "operator", …). */
  identity?: string;
  /** Locations whose datacenter address the local Azure made up (its profile's `rehearsalDatacenters`). */
  rehearsalDatacenters?: readonly string[];
}
