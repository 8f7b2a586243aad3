/**
 * Builds the workflow's Azure clients for a session or a helpdesk lookup, on the client layer of src/core/azure.
 */

import { OfflineSeedError } from '../../shared/errors';
import type { WorkflowAzure } from './azure';

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

export async function connectWorkflowAzure(o: ConnectOptions): Promise<ConnectedWorkflow> {
  if (!o.cloud) {
    throw new OfflineSeedError({
      code: 'workflow:errors.cloudNeeded',
      message:
        'This command needs Azure: give --cloud or set OFFLINE_SEED_CLOUD, or run it on the machine where the staging location was created.',
      exitCode: 2,
    });
  }
  throw new OfflineSeedError({
    code: 'workflow:errors.notReady',
    message: 'The Azure client engine is not available in this build yet; this step cannot run.',
    params: { part: 'Azure client' },
  });
}
