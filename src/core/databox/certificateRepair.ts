/**
 * The documented repair when the backup agent cannot add a second certificate to its Microsoft Entra application
 * (a bug of the Azure PowerShell cmdlet the agent uses: "Update to existing credential with KeyId … is not allowed").
 * Microsoft's workaround, "Troubleshooting" of https://learn.microsoft.com/azure/backup/offline-backup-azure-data-box
 * and https://learn.microsoft.com/azure/backup/offline-backup-azure-data-box-dpm-mabs, done by Offline Seed:
 *
 * 1. the certificate `CB_AzureADCertforOfflineSeeding_<Timestamp>` of the computer's Personal store (LocalMachine\My),
 *    exported without its private key as .cer;
 * 2. uploaded to the application `AzureOfflineBackup_<Azure user id>` (the signed-in operator's object id): through
 *    Graph in a local rehearsal; in a public cloud through the portal (Certificates & secrets), as the certificate step
 *    does, with Graph checked until the key shows;
 * 3. the string value `AzureADAppCertThumbprint_<Azure user id>` = the certificate's thumbprint under
 *    HKLM\SOFTWARE\Microsoft\Windows Azure Backup\Config\CloudBackupProvider (the elevated helper writes it for an
 *    unelevated process).
 *
 * The command line (`offline-seed databox repair-certificate`) and the wizard's Backup agent page run this function.
 */

import { promises as fs } from 'node:fs';
import path from 'node:path';
import { OfflineSeedError, isOfflineSeedError, type ErrorParams } from '../../shared/errors';
import type { KeyUnder } from '../../shared/i18n';
import type { CertificateRepairPhase, CertificateRepairResult } from '../../shared/model/dataBox';
import { keyCredentialFor } from '../certs/certificate';
import { applicationName, clients, findApplication, type CertGenEnv } from '../certs/createApplication';
import { canUploadHere } from '../certs/existing';
import { isKeyOf, portalCredentialsUrl } from '../certs/manual';
import { cloudBackupProviderKey, thumbprintValueName } from '../platform/backupConfig';
import { agentCertificateSubject, CertStoreError, windowsCertStore, type StoreCertificate } from '../platform/windows/certStore';
import { RegistryError, windowsRegistry } from '../platform/windows/registry';

type RepairPhase = CertificateRepairPhase;

export interface RepairEnv extends CertGenEnv {
  /** Windows, unelevated: writes the HKLM value through the elevated helper (one prompt). */
  elevatedValue?(v: { valueName: string; thumbprint: string }): Promise<{ registryLocation: string }>;
}

export interface RepairOptions {
  /** The certificate to use when several are there. */
  thumbprint?: string | undefined;
  /** Public cloud: how long to wait for the portal upload to show in Graph; 0 checks once. */
  waitMs?: number;
  intervalMs?: number;
  signal?: AbortSignal;
  onPhase?(phase: RepairPhase): void;
  /** Public cloud: the .cer is ready; the operator uploads it in the portal. */
  onUploadNeeded?(u: { cerPath: string; portalUrl: string; thumbprint: string; application: string }): void;
}

type Found = Omit<Extract<CertificateRepairResult, { outcome: 'uploadNeeded' }>, 'outcome' | 'portalUrl'>;

const repairError = (name: KeyUnder<'databox:errors.repair'>, params: ErrorParams = {}, exitCode = 1, cause?: unknown) =>
  new OfflineSeedError({ code: `databox:errors.repair.${name}`, params, exitCode, step: 'dataBoxAgent', ...(cause !== undefined ? { cause } : {}) });

const reasonOf = (e: unknown): string => (isOfflineSeedError(e) && typeof e.params.reason === 'string' ? e.params.reason : e instanceof Error ? e.message : String(e)).slice(0, 500);

/**
 * Where the agent keeps the Azure user id it signed in with: "Go to the registry path
 * Computer\HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Windows Azure Backup\DbgSettings\OnlineBackup with the name
 * CurrentUserId" (https://learn.microsoft.com/azure/backup/offline-backup-azure-data-box#troubleshooting).
 */
export const agentUserKey = 'HKLM\\SOFTWARE\\Microsoft\\Windows Azure Backup\\DbgSettings\\OnlineBackup';

/** The agent's certificate: the one named, else the only one there. */
async function agentCertificate(store: ReturnType<typeof windowsCertStore>, chosen: string | undefined): Promise<StoreCertificate> {
  let all: StoreCertificate[];
  try {
    all = await store.list(agentCertificateSubject);
  } catch (e) {
    throw repairError('storeFailed', { reason: reasonOf(e) }, 1, e);
  }
  if (chosen !== undefined) {
    const c = all.find((x) => x.thumbprint === chosen);
    if (!c) throw repairError('chosenNotFound', { thumbprint: chosen });
    return c;
  }
  if (all.length === 0) throw repairError('certificateNotFound');
  if (all.length > 1) throw repairError('severalCertificates', { count: all.length, thumbprints: all.map((c) => `${c.thumbprint} (${c.notBefore.slice(0, 10)})`).join(', ') });
  return all[0]!;
}

export async function repairAgentCertificate(env: RepairEnv, o: RepairOptions = {}): Promise<CertificateRepairResult> {
  const chosen = o.thumbprint?.replace(/\s+/g, '').toUpperCase();
  if (chosen !== undefined && !/^[0-9A-F]{40}$/.test(chosen)) throw repairError('badThumbprint', { value: (o.thumbprint ?? '').slice(0, 100) }, 2);
  if ((env.platform ?? process.platform) !== 'win32') throw repairError('windowsOnly', {}, 2);

  o.onPhase?.('certificate');
  const store = windowsCertStore(env.run);
  const cert = await agentCertificate(store, chosen);
  let exported: { thumbprint: string; subject: string; der: Buffer };
  try {
    exported = await store.exportCer(cert.thumbprint);
  } catch (e) {
    // Gone between the listing and the export: ItemNotFoundException, whatever the server's language.
    if (e instanceof CertStoreError && e.errorId.startsWith('PathNotFound')) throw repairError('chosenNotFound', { thumbprint: cert.thumbprint }, 1, e);
    throw repairError('storeFailed', { reason: reasonOf(e) }, 1, e);
  }
  const subject = exported.subject || cert.subject;
  await fs.mkdir(env.cwd, { recursive: true });
  const cerPath = path.resolve(env.cwd, `${subject.replace(/^CN=/, '').replace(/[^\w.-]/g, '_') || exported.thumbprint}.cer`);
  await fs.writeFile(cerPath, exported.der, { mode: 0o644 });

  o.onPhase?.('application');
  const { graph } = clients(env);
  const me = await graph.me();
  const name = applicationName(me.id);
  // The repair is for the account the agent used: another one's application and value would repair nothing. A value
  // this account may not read (or none) leaves the check to the application lookup.
  const agentUser = (await windowsRegistry(env.run).query(agentUserKey, 'CurrentUserId').catch(() => null))?.data.trim();
  if (agentUser && agentUser.toLowerCase() !== me.id.toLowerCase()) throw repairError('otherUser', { agentUser, user: me.userPrincipalName || me.id });
  const app = await findApplication(graph, me.id);
  if (!app) throw repairError('applicationNotFound', { application: name });
  const found: Found = { thumbprint: exported.thumbprint, subject, application: app.displayName, applicationId: app.appId, cerPath };

  o.onPhase?.('upload');
  const keys = async () => (await graph.getApplication(app.id))?.keyCredentials ?? [];
  let upload: 'already' | 'uploaded' | 'portal' = 'already';
  const current = await keys();
  if (!current.some((k) => isKeyOf(k, exported.thumbprint))) {
    if (canUploadHere(env)) {
      // The local Azure of a rehearsal: the upload the portal would do. PATCH replaces the collection: keep what is there.
      const ours = keyCredentialFor({ derBase64: exported.der.toString('base64'), sha1: exported.thumbprint, subject, notBefore: new Date(cert.notBefore), notAfter: new Date(cert.notAfter) });
      try {
        await graph.setKeyCredentials(app.id, [...current.filter((k) => k.keyId).map((k) => ({ keyId: k.keyId!, type: k.type, usage: k.usage })), ours]);
      } catch (e) {
        throw repairError('uploadRefused', { application: app.displayName, reason: reasonOf(e), file: cerPath }, 1, e);
      }
      upload = 'uploaded';
    } else {
      const portalUrl = portalCredentialsUrl(env.cloud, app.appId);
      o.onUploadNeeded?.({ cerPath, portalUrl, thumbprint: exported.thumbprint, application: app.displayName });
      const deadline = Date.now() + (o.waitMs ?? 0);
      for (;;) {
        if ((await keys()).some((k) => isKeyOf(k, exported.thumbprint))) break;
        if (o.signal?.aborted || Date.now() >= deadline) return { ...found, outcome: 'uploadNeeded', portalUrl };
        await new Promise((r) => setTimeout(r, o.intervalMs ?? 5000));
      }
      upload = 'portal';
    }
  }

  o.onPhase?.('registry');
  const valueName = thumbprintValueName(me.id);
  let registryLocation = cloudBackupProviderKey;
  try {
    if (env.elevatedValue) registryLocation = (await env.elevatedValue({ valueName, thumbprint: exported.thumbprint })).registryLocation;
    else await windowsRegistry(env.run).setString(cloudBackupProviderKey, valueName, exported.thumbprint);
  } catch (e) {
    if (isOfflineSeedError(e) && e.code === 'app:errors.elevationDeclined') throw repairError('registryDeclined', { application: app.displayName, valueName }, 1, e);
    if (e instanceof RegistryError || isOfflineSeedError(e)) throw repairError('registryNotWritten', { application: app.displayName, valueName, reason: e instanceof RegistryError ? e.error.message : reasonOf(e) }, 1, e);
    throw e;
  }
  return { ...found, outcome: 'repaired', upload, valueName, registryLocation };
}
