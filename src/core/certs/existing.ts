/**
 * The certificate step run again, when `AzureOfflineBackup_<operator>` already exists with certificates (Microsoft's
 * tool then asks for a manual upload; this is what each way out does):
 *   - `existingApplication`: what is there, and whether this machine already holds the private key of one of the
 *     application's certificates (its last run here, or an upload it was waiting for);
 *   - `useExistingCertificate`: that certificate again: OfflineApplicationParams.xml written, the role checked;
 *   - `uploadHere`: the local Azure of a rehearsal only: this machine's pending certificate added to the application
 *     through Graph, as the portal upload would. In a public cloud the operator uploads the .cer in the portal
 *     (src/core/certs/manual.ts) and the check finds it in Graph;
 *   - replacing the application is `createNewApplication` with `replace` (src/core/certs/createApplication.ts).
 */

import path from 'node:path';
import { keyCredentialFor } from './certificate';
import { clients, findApplication, resolveTarget, writeParamsFile, type ApplicationRef, type CertGenEnv } from './createApplication';
import { certError } from './errors';
import { loadPending, privateKeyStore, rememberedParams } from './keyStore';
import { isKeyOf, prepareManualUpload, waitForUpload, type ManualUpload } from './manual';
import type { OfflineApplicationParams } from './params';
import { roleDefinitionIds } from '../azure/arm';

/** The folder OfflineApplicationParams.xml (and the .cer) go to: a full path, or one clear sentence. */
export function checkParamsFolder(folder: string): string {
  const f = folder.trim();
  if (!f || f.includes('\0') || !path.isAbsolute(f)) throw certError('folderNotAbsolute', { folder: folder.slice(0, 300) }, 2);
  return path.resolve(f);
}

export interface ExistingApplication {
  application: ApplicationRef;
  /** The certificate of the application whose private key this machine holds, if any. */
  thisMachine: { sha1: string; source: 'remembered' | 'uploaded' } | null;
  /** Uploads from this page reach Azure only in a local rehearsal; in a public cloud they go through the portal. */
  canUploadHere: boolean;
}

/** Local rehearsals only: Microsoft's tool leaves a public cloud's application to the portal. */
export const canUploadHere = (env: Pick<CertGenEnv, 'cloud'>): boolean => env.cloud.name === 'Local';

/** The operator's existing application and which of its certificates this machine can sign with; null when there is none. */
export async function existingApplication(env: CertGenEnv): Promise<ExistingApplication | null> {
  const { graph } = clients(env);
  const me = await graph.me();
  const app = await findApplication(graph, me.id);
  if (!app) return null;
  const keys = (await graph.getApplication(app.id))?.keyCredentials ?? app.keyCredentials ?? [];
  const store = await privateKeyStore(env);
  const remembered = await rememberedParams(env.dataDir);
  const pending = await loadPending(env.dataDir, app.appId);
  const candidates: Array<{ sha1: string; source: 'remembered' | 'uploaded' }> = [];
  if (remembered && remembered.applicationId === app.appId) candidates.push({ sha1: remembered.certificateThumbprintSha1, source: 'remembered' });
  if (pending) candidates.push({ sha1: pending.sha1, source: 'uploaded' });
  let thisMachine: ExistingApplication['thisMachine'] = null;
  for (const c of candidates) {
    if (keys.some((k) => isKeyOf(k, c.sha1)) && (await store.load(c.sha1))) {
      thisMachine = c;
      break;
    }
  }
  return { application: { id: app.id, appId: app.appId, displayName: app.displayName, keyCount: keys.length }, thisMachine, canUploadHere: canUploadHere(env) };
}

/**
 * Uses the application's certificate this machine holds: checks the subscription and storage account, gives the
 * application Contributor on that resource group if it does not have it, writes OfflineApplicationParams.xml.
 */
export async function useExistingCertificate(
  env: CertGenEnv,
  o: { subscriptionId: string; storageAccountName?: string },
): Promise<{ params: OfflineApplicationParams; xmlPath: string; scope: string }> {
  const target = await resolveTarget(env, o.subscriptionId.trim().toLowerCase(), o.storageAccountName);
  const found = await existingApplication(env);
  if (!found?.thisMachine) throw certError('noCertificateHere', {});
  const { graph, arm } = clients(env);
  const sp = await graph.servicePrincipalOf(found.application.appId);
  if (!sp) throw certError('servicePrincipalMissing', {});
  await arm.assignRole(target.resourceGroupId, roleDefinitionIds.contributor, sp.id, 'certificate', { replicationWaitMs: env.replicationWaitMs });
  const cert = await (await privateKeyStore(env)).load(found.thisMachine.sha1);
  const remembered = await rememberedParams(env.dataDir);
  const pending = await loadPending(env.dataDir, found.application.appId);
  const same = remembered?.certificateThumbprintSha1.toUpperCase() === found.thisMachine.sha1.toUpperCase() ? remembered : null;
  const fromPending = pending && pending.sha1.toUpperCase() === found.thisMachine.sha1.toUpperCase() ? pending : null;
  if (!cert || (!same && !fromPending)) throw certError('noCertificateHere', {});
  const params: OfflineApplicationParams = {
    tenantId: target.tenantId,
    applicationId: found.application.appId,
    objectId: found.application.id,
    servicePrincipalId: sp.id,
    applicationName: found.application.displayName,
    certificateSubject: same?.certificateSubject ?? fromPending!.subject,
    certificateThumbprintSha1: found.thisMachine.sha1.toUpperCase(),
    certificateThumbprintSha256: same?.certificateThumbprintSha256 ?? fromPending!.sha256,
    subscriptionId: o.subscriptionId.trim().toLowerCase(),
    resourceGroup: target.account.resourceGroup,
    cloud: env.cloud.name,
    createdTime: (env.now?.() ?? new Date()).toISOString(),
  };
  return { params, xmlPath: await writeParamsFile(env, params), scope: target.resourceGroupId };
}

/** The manual upload of this machine's certificate: the .cer in the folder, the portal link, the thumbprint. */
export async function manualUploadFor(env: CertGenEnv, o: { subscriptionId: string; storageAccountName?: string }): Promise<ManualUpload> {
  const subscriptionId = o.subscriptionId.trim().toLowerCase();
  const target = await resolveTarget(env, subscriptionId, o.storageAccountName);
  const found = await existingApplication(env);
  if (!found) throw certError('applicationGone', {});
  return prepareManualUpload(env, found.application, { subscriptionId, resourceGroup: target.account.resourceGroup });
}

/**
 * Rehearsal only: adds this machine's pending certificate to the application through Graph (the existing ones kept),
 * then finishes as the manual path does once Graph shows the key.
 */
export async function uploadHere(
  env: CertGenEnv,
  o: { subscriptionId: string; storageAccountName?: string },
): Promise<{ params: OfflineApplicationParams; xmlPath: string }> {
  if (!canUploadHere(env)) throw certError('uploadInPortal', {});
  const m = await manualUploadFor(env, o);
  const cert = await (await privateKeyStore(env)).load(m.sha1);
  if (!cert) throw certError('noCertificateHere', {});
  const { graph } = clients(env);
  const current = (await graph.getApplication(m.objectId))?.keyCredentials ?? [];
  if (!current.some((k) => isKeyOf(k, m.sha1))) {
    const derBase64 = cert.certPem.replace(/-----[^-]+-----|\s/g, '');
    const ours = keyCredentialFor({ derBase64, sha1: m.sha1, subject: m.subject, notBefore: new Date(m.notBefore), notAfter: new Date(m.notAfter) });
    // PATCH replaces the collection: keep what is there (by keyId), add ours.
    await graph.setKeyCredentials(m.objectId, [...current.filter((k) => k.keyId).map((k) => ({ keyId: k.keyId!, type: k.type, usage: k.usage })), ours]);
  }
  return waitForUpload(env, m, { timeoutMs: 0 });
}
