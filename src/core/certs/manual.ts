/**
 * The manual path, when AzureOfflineBackup_<operator> already has certificates: nothing changes in Azure. A certificate
 * is made here (or the pending one reused), exported without its private key as .cer in the current folder; the operator
 * uploads it in the portal (Certificates & secrets); Graph is polled until the key shows, then the params are written.
 */

import { promises as fs } from 'node:fs';
import path from 'node:path';
import { isAllowedExternalLink } from '../../shared/links';
import type { ResolvedCloud } from '../azure/clouds';
import type { GraphKeyCredential } from '../azure/graph';
import { generateCertificate, resourceIdOf } from './certificate';
import { clients, writeParamsFile, type ApplicationRef, type CertGenEnv } from './createApplication';
import { certError } from './errors';
import { clearPending, loadPending, privateKeyStore, savePending, type PendingUpload } from './keyStore';
import type { OfflineApplicationParams } from './params';

export interface ManualUpload extends PendingUpload {
  cerPath: string;
  portalUrl: string;
  subscriptionId: string;
  resourceGroup: string;
}

/** The portal's Certificates & secrets page of an application; only allow-listed portal hosts. */
export function portalCredentialsUrl(cloud: ResolvedCloud, appId: string): string {
  const url = `${cloud.portal}/#view/Microsoft_AAD_RegisteredApps/ApplicationMenuBlade/~/Credentials/appId/${appId}`;
  if (!isAllowedExternalLink(url)) throw new Error(`Not an allowed link: ${url}`);
  return url;
}

export async function prepareManualUpload(env: CertGenEnv, app: ApplicationRef, target: { subscriptionId: string; resourceGroup: string }): Promise<ManualUpload> {
  const keys = await privateKeyStore(env);
  let pending = await loadPending(env.dataDir, app.appId);
  let certPem: string | undefined = pending ? (await keys.load(pending.sha1))?.certPem : undefined;
  if (!pending || !certPem) {
    const cert = await generateCertificate(resourceIdOf(`/subscriptions/${target.subscriptionId}/resourceGroups/${target.resourceGroup}`), env.now?.() ?? new Date());
    await keys.save(cert);
    pending = { appId: app.appId, objectId: app.id, sha1: cert.sha1, sha256: cert.sha256, subject: cert.subject, notBefore: cert.notBefore.toISOString(), notAfter: cert.notAfter.toISOString() };
    await savePending(env.dataDir, pending);
    certPem = cert.certPem;
  }
  const der = Buffer.from(certPem.replace(/-----[^-]+-----|\s/g, ''), 'base64');
  const cerPath = path.resolve(env.cwd, `${pending.subject.replace(/^CN=/, '')}.cer`);
  await fs.mkdir(env.cwd, { recursive: true });
  await fs.writeFile(cerPath, der, { mode: 0o644 });
  return { ...pending, cerPath, portalUrl: portalCredentialsUrl(env.cloud, app.appId), ...target };
}

/** Whether a Graph keyCredential is the certificate with this SHA-1 thumbprint (customKeyIdentifier holds its bytes, or its hex). */
export function isKeyOf(k: GraphKeyCredential, sha1: string): boolean {
  const id = k.customKeyIdentifier;
  if (!id) return false;
  const bytes = Buffer.from(id, 'base64');
  return bytes.toString('hex').toUpperCase() === sha1.toUpperCase() || bytes.toString('utf8').toUpperCase() === sha1.toUpperCase() || id.toUpperCase() === sha1.toUpperCase();
}

/** Checks Graph once: has the pending certificate been uploaded? */
export async function uploadSeen(env: CertGenEnv, m: Pick<ManualUpload, 'objectId' | 'sha1'>): Promise<boolean> {
  const app = await clients(env).graph.getApplication(m.objectId);
  if (!app) throw certError('applicationGone', {});
  return app.keyCredentials.some((k) => isKeyOf(k, m.sha1));
}

/** Polls Graph until the upload shows (or `timeoutMs`), then writes OfflineApplicationParams.xml. */
export async function waitForUpload(
  env: CertGenEnv,
  m: ManualUpload,
  o: { intervalMs?: number; timeoutMs?: number; signal?: AbortSignal; onPoll?(): void } = {},
): Promise<{ params: OfflineApplicationParams; xmlPath: string }> {
  const deadline = Date.now() + (o.timeoutMs ?? 30 * 60_000);
  for (;;) {
    if (o.signal?.aborted) throw certError('uploadWaitCancelled', {});
    if (await uploadSeen(env, m)) break;
    if (Date.now() > deadline) {
      throw certError('uploadNotSeen', { thumbprint: m.sha1, file: m.cerPath });
    }
    o.onPoll?.();
    await new Promise((r) => setTimeout(r, o.intervalMs ?? 5000));
  }
  const { graph, arm } = clients(env);
  const app = await graph.getApplication(m.objectId);
  const sp = app ? await graph.servicePrincipalOf(app.appId) : null;
  if (!app || !sp) throw certError('servicePrincipalMissing', {});
  const sub = await arm.getSubscription(m.subscriptionId, 'certificate');
  const params: OfflineApplicationParams = {
    tenantId: sub?.tenantId ?? env.cloud.tenantId,
    applicationId: app.appId,
    objectId: app.id,
    servicePrincipalId: sp.id,
    applicationName: app.displayName,
    certificateSubject: m.subject,
    certificateThumbprintSha1: m.sha1,
    certificateThumbprintSha256: m.sha256,
    subscriptionId: m.subscriptionId,
    resourceGroup: m.resourceGroup,
    cloud: env.cloud.name,
    createdTime: (env.now?.() ?? new Date()).toISOString(),
  };
  const xmlPath = await writeParamsFile(env, params);
  await clearPending(env.dataDir);
  return { params, xmlPath };
}
