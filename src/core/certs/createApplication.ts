/**
 * CreateNewApplication: the `AzureOfflineBackup_<operator object id>` application, its service principal, a new
 * certificate as keyCredential, a Contributor role assignment on the resource group, and OfflineApplicationParams.xml
 * in the current folder; Microsoft.ImportExport is registered in the subscription. An existing application with certificates → nothing changes in Azure: the manual path.
 * An existing application without any → say so (it may be deleted and recreated). Any failure after the application
 * was created removes what this run created (application, service principal, role assignment, local key): nothing half-created.
 */

import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { TokenCredential } from '@azure/core-auth';
import { checkStorageAccountName, checkSubscriptionId } from '../../shared/rules/azureNames';
import { writeFileAtomic } from '../session/sessionFile';
import { ArmRest, roleDefinitionIds, type StorageAccountInfo } from '../azure/arm';
import type { ResolvedCloud } from '../azure/clouds';
import { GraphRest, type GraphApplication } from '../azure/graph';
import type { SecretProtector } from '../platform/secretProtector';
import type { RetryPolicy } from '../azure/http';
import { generateCertificate, keyCredentialFor, resourceIdOf } from './certificate';
import { badSubscriptionId, certError, subscriptionNotFound } from './errors';
import { serializeParams, type OfflineApplicationParams } from './params';
import { clearPending, privateKeyStore, rememberParams } from './keyStore';
import type { CommandRunner } from '../platform/windows/registry';

export const applicationName = (operatorObjectId: string) => `AzureOfflineBackup_${operatorObjectId}`;
export const paramsFileName = 'OfflineApplicationParams.xml';

export interface CertGenEnv {
  cloud: ResolvedCloud;
  /** The operator's credential (ARM and Graph scopes). */
  operator: TokenCredential;
  dataDir: string;
  /** Where OfflineApplicationParams.xml and the .cer are written (the current folder, as the original tool). */
  cwd: string;
  platform?: NodeJS.Platform;
  /** Windows commands (powershell.exe), injected in tests. */
  run?: CommandRunner;
  protect?: SecretProtector;
  retry?: RetryPolicy;
  /** Waits between role-assignment attempts while a new principal replicates. */
  replicationWaitMs?: number[];
  now?(): Date;
}

export interface CreateOptions {
  subscriptionId: string;
  /** The storage account the import jobs will use; its resource group gets the role. Optional when the subscription has one. */
  storageAccountName?: string;
  /** Delete an existing application that has no certificate and create it again. */
  recreate?: boolean;
  /**
   * Delete the existing application even when it has certificates, and create it again: the other computers that
   * signed in with its certificates must run this step again. Only on an explicit request.
   */
  replace?: boolean;
  progress?(step: CreateStep): void;
}

export type CreateStep = 'signIn' | 'lookup' | 'createApplication' | 'createServicePrincipal' | 'uploadCertificate' | 'assignRole' | 'registerProvider' | 'writeParams';

export interface ApplicationRef {
  id: string;
  appId: string;
  displayName: string;
  keyCount: number;
}

export type CreateResult =
  | { outcome: 'created'; params: OfflineApplicationParams; xmlPath: string; roleAssignmentId: string; roleName: string; scope: string }
  | { outcome: 'exists'; application: ApplicationRef; subscriptionId: string; resourceGroup: string; operatorObjectId: string }
  | { outcome: 'noCertificate'; application: ApplicationRef };

const appRef = (a: GraphApplication): ApplicationRef => ({ id: a.id, appId: a.appId, displayName: a.displayName, keyCount: a.keyCredentials?.length ?? 0 });

export function clients(env: CertGenEnv) {
  return { arm: new ArmRest(env.cloud, env.operator, env.retry), graph: new GraphRest(env.cloud, env.operator, env.retry) };
}

/** Checks the subscription id and that the subscription exists; picks the storage account whose resource group gets the role. */
export async function resolveTarget(env: CertGenEnv, subscriptionId: string, storageAccountName?: string): Promise<{ account: StorageAccountInfo; resourceGroupId: string; tenantId: string }> {
  if (checkSubscriptionId(subscriptionId)) throw badSubscriptionId(subscriptionId);
  if (storageAccountName !== undefined && checkStorageAccountName(storageAccountName)) {
    throw certError('badStorageAccountName', { value: storageAccountName }, 2);
  }
  const { arm } = clients(env);
  const sub = await arm.getSubscription(subscriptionId, 'certificate');
  if (!sub) throw subscriptionNotFound(subscriptionId);
  const accounts = await arm.listStorageAccounts(subscriptionId, 'certificate');
  let account: StorageAccountInfo | undefined;
  if (storageAccountName) {
    account = accounts.find((a) => a.name.toLowerCase() === storageAccountName.toLowerCase());
    if (!account) throw storageAccountNotFound(storageAccountName, subscriptionId);
  } else if (accounts.length === 1) {
    account = accounts[0];
  } else {
    throw certError(
      'storageAccountNeeded',
      { subscriptionId, count: accounts.length },
      2,
    );
  }
  return { account: account!, resourceGroupId: `/subscriptions/${subscriptionId}/resourceGroups/${account!.resourceGroup}`, tenantId: sub.tenantId };
}

export const storageAccountNotFound = (name: string, subscriptionId: string) =>
  certError('storageAccountNotFound', { name, subscriptionId });

export async function findApplication(graph: GraphRest, operatorObjectId: string): Promise<GraphApplication | null> {
  const name = applicationName(operatorObjectId);
  return (await graph.ownedApplications(name)).find((a) => a.displayName === name) ?? null;
}

export async function createNewApplication(env: CertGenEnv, o: CreateOptions): Promise<CreateResult> {
  const say = o.progress ?? (() => undefined);
  if (checkSubscriptionId(o.subscriptionId)) throw badSubscriptionId(o.subscriptionId);
  const subscriptionId = o.subscriptionId.trim().toLowerCase();
  say('signIn');
  const { arm, graph } = clients(env);
  const me = await graph.me();
  say('lookup');
  const target = await resolveTarget(env, subscriptionId, o.storageAccountName);
  const existing = await findApplication(graph, me.id);
  if (existing && (existing.keyCredentials?.length ?? 0) > 0 && !o.replace) {
    return { outcome: 'exists', application: appRef(existing), subscriptionId, resourceGroup: target.account.resourceGroup, operatorObjectId: me.id };
  }
  if (existing && !o.recreate && !o.replace) return { outcome: 'noCertificate', application: appRef(existing) };
  // Microsoft's advice for an application without certificates: delete it and create it again. Replacing one with
  // certificates does the same, on the operator's explicit choice; a certificate waiting for its upload goes with it.
  if (existing) {
    await graph.deleteApplication(existing.id);
    await clearPending(env.dataDir);
  }

  const undo: Array<() => Promise<void>> = [];
  try {
    say('createApplication');
    const app = await graph.createApplication(applicationName(me.id));
    undo.push(() => graph.deleteApplication(app.id));
    say('createServicePrincipal');
    const sp = (await graph.servicePrincipalOf(app.appId)) ?? (await graph.createServicePrincipal(app.appId));
    say('uploadCertificate');
    const now = env.now?.() ?? new Date();
    const cert = await generateCertificate(resourceIdOf(target.resourceGroupId), now);
    const keys = await privateKeyStore(env);
    await keys.save(cert);
    undo.push(() => keys.remove(cert.sha1));
    // PATCH replaces the collection: keep what is there (by keyId), add ours.
    const current = (await graph.getApplication(app.id))?.keyCredentials ?? [];
    await graph.setKeyCredentials(app.id, [...current.filter((k) => k.keyId).map((k) => ({ keyId: k.keyId!, type: k.type, usage: k.usage })), keyCredentialFor(cert)]);
    say('assignRole');
    const ra = await arm.assignRole(target.resourceGroupId, roleDefinitionIds.contributor, sp.id, 'certificate', { replicationWaitMs: env.replicationWaitMs });
    undo.push(() => arm.deleteRoleAssignment(ra.id, 'certificate'));
    // Import jobs need Microsoft.ImportExport registered, a subscription-wide action the application cannot do itself.
    say('registerProvider');
    await arm.registerProvider(subscriptionId, 'Microsoft.ImportExport', 'certificate');
    say('writeParams');
    const params: OfflineApplicationParams = {
      tenantId: target.tenantId,
      applicationId: app.appId,
      objectId: app.id,
      servicePrincipalId: sp.id,
      applicationName: app.displayName,
      certificateSubject: cert.subject,
      certificateThumbprintSha1: cert.sha1,
      certificateThumbprintSha256: cert.sha256,
      subscriptionId,
      resourceGroup: target.account.resourceGroup,
      cloud: env.cloud.name,
      createdTime: now.toISOString(),
    };
    const xmlPath = await writeParamsFile(env, params);
    return { outcome: 'created', params, xmlPath, roleAssignmentId: ra.id, roleName: 'Contributor', scope: target.resourceGroupId };
  } catch (e) {
    for (const step of undo.reverse()) await step().catch(() => undefined);
    throw e;
  }
}

/** Writes OfflineApplicationParams.xml in the current folder and a copy in the data folder (the app identity of later steps). */
export async function writeParamsFile(env: CertGenEnv, params: OfflineApplicationParams): Promise<string> {
  const xmlPath = path.resolve(env.cwd, paramsFileName);
  await fs.mkdir(env.cwd, { recursive: true });
  await writeFileAtomic(xmlPath, serializeParams(params));
  await rememberParams(env.dataDir, params);
  return xmlPath;
}
