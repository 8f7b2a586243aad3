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
import type { CommandRunner } from '../platform/windows/tools';

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

export async function addRegistryEntries(
  env: CertGenEnv & {
    env?: NodeJS.ProcessEnv;
    /** Set by an unelevated front end on Windows: runs the two machine-wide writes in the elevated helper. */
    elevated?: (e: { valueName: string; thumbprint: string; fileName: string; xml: string }) => Promise<{ registryLocation: string; paramsPath: string }>;
  },
  o: { subscriptionId: string; xmlFilePath: string; storageAccountName: string }): Promise<RegistryEntriesResult> {
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

  const valueName = thumbprintValueName(userId);
  const withAccount = { ...params, storageAccountName: account.name, storageAccountId: account.id };
  const entries = { valueName, thumbprint: params.certificateThumbprintSha1, fileName: `OfflineApplicationParams_${account.name}.xml`, xml: serializeParams(withAccount) };
  // Windows, unelevated: HKLM and the agent's scratch folder are written by the elevated helper, asked for this alone.
  const { registryLocation, paramsPath } = env.elevated ? await env.elevated(entries) : await writeMachineRegistryEntries(entries, env);
  return { userId, valueName, thumbprint: params.certificateThumbprintSha1, registryLocation, paramsPath, params: withAccount };
}

/**
 * The two writes of AddRegistryEntries, once everything was checked: the thumbprint value (HKLM on Windows,
 * registry.json elsewhere) and OfflineApplicationParams_<account>.xml in the agent's scratch folder. The elevated
 * helper runs this for an unelevated app on Windows.
 */
export async function writeMachineRegistryEntries(
  e: { valueName: string; thumbprint: string; fileName: string; xml: string },
  env: { dataDir?: string; platform?: NodeJS.Platform; run?: CommandRunner; env?: NodeJS.ProcessEnv } = {},
): Promise<{ registryLocation: string; paramsPath: string }> {
  const dataDir = env.dataDir ?? '';
  const store = backupConfigStore(dataDir, env.platform, env.run);
  await store.setString(cloudBackupProviderKey, e.valueName, e.thumbprint);
  const folder = await backupProviderFolder(dataDir, env.env, env.platform, env.run);
  const paramsPath = path.join(folder, e.fileName);
  await ensurePrivateDir(folder);
  await writeFileAtomic(paramsPath, e.xml);
  return { registryLocation: store.location, paramsPath };
}
