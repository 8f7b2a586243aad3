/**
 * AddRegistryEntries SubscriptionId:<id> xmlfilepath:<file> storageaccountname:<name>: validates every argument (GUID,
 * the XML readable and well formed and for this subscription, the storage account present in the subscription via ARM),
 * then sets `AzureADAppCertThumbprint_<user id>` = SHA-1 thumbprint and writes OfflineApplicationParams_<account>.xml
 * (see src/core/platform/backupConfig.ts for where, per platform). Nothing is written until everything checked out.
 */

import path from 'node:path';
import { checkStorageAccountName, checkSubscriptionId } from '../../shared/rules/azureNames';
import { writeFileAtomic } from '../session/sessionFile';
import { backupConfigStore, backupProviderFolder, cloudBackupProviderKey, thumbprintValueName } from '../platform/backupConfig';
import { clients, storageAccountNotFound, type CertGenEnv } from './createApplication';
import { badSubscriptionId, certError, subscriptionNotFound } from './errors';
import { isParamsProblem, parseParams, serializeParams, type OfflineApplicationParams } from './params';
import { FileTooLargeError, fileLimits, readFileLimited } from '../files/readLimited';
import { ensurePrivateDir } from '../files/privateDir';

export interface RegistryEntriesResult {
  userId: string;
  valueName: string;
  thumbprint: string;
  /** "HKLM\…\CloudBackupProvider" on Windows, the registry.json path elsewhere. */
  registryLocation: string;
  paramsPath: string;
  params: OfflineApplicationParams;
}

export async function readParamsFile(file: string): Promise<OfflineApplicationParams> {
  let xml: string;
  try {
    xml = await readFileLimited(file, fileLimits.applicationParams, 'utf8');
  } catch (e) {
    if (e instanceof FileTooLargeError) throw e;
    throw certError('xmlUnreadable', { file, reason: (e as NodeJS.ErrnoException).code ?? 'error' }, 2, e);
  }
  const p = parseParams(xml);
  if (isParamsProblem(p)) throw certError('xmlInvalid', { file, ...p }, 2);
  return p;
}

export async function addRegistryEntries(env: CertGenEnv & { env?: NodeJS.ProcessEnv }, o: { subscriptionId: string; xmlFilePath: string; storageAccountName: string }): Promise<RegistryEntriesResult> {
  if (checkSubscriptionId(o.subscriptionId)) throw badSubscriptionId(o.subscriptionId);
  const subscriptionId = o.subscriptionId.trim().toLowerCase();
  if (checkStorageAccountName(o.storageAccountName)) {
    throw certError('badStorageAccountName', { value: o.storageAccountName }, 2);
  }
  const file = path.resolve(env.cwd, o.xmlFilePath);
  const params = await readParamsFile(file);
  if (params.subscriptionId.toLowerCase() !== subscriptionId) {
    throw certError('xmlOtherSubscription', { file, expected: params.subscriptionId, given: subscriptionId }, 2);
  }
  const userId = /^AzureOfflineBackup_(.+)$/.exec(params.applicationName)?.[1];
  if (!userId) throw certError('xmlInvalid', { file, problem: 'badElement', element: 'ApplicationName' }, 2);
  const { arm } = clients(env);
  if (!(await arm.getSubscription(subscriptionId, 'certificate'))) throw subscriptionNotFound(subscriptionId);
  const account = await arm.findStorageAccount(subscriptionId, o.storageAccountName, 'certificate');
  if (!account) throw storageAccountNotFound(o.storageAccountName, subscriptionId);

  const store = backupConfigStore(env.dataDir, env.platform, env.run);
  const valueName = thumbprintValueName(userId);
  await store.setString(cloudBackupProviderKey, valueName, params.certificateThumbprintSha1);
  const folder = await backupProviderFolder(env.dataDir, env.env, env.platform, env.run);
  const paramsPath = path.join(folder, `OfflineApplicationParams_${account.name}.xml`);
  const withAccount = { ...params, storageAccountName: account.name, storageAccountId: account.id };
  await ensurePrivateDir(folder);
  await writeFileAtomic(paramsPath, serializeParams(withAccount));
  return { userId, valueName, thumbprint: params.certificateThumbprintSha1, registryLocation: store.location, paramsPath, params: withAccount };
}
