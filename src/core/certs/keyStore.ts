/**
 * Where the application's private key lives: always a PKCS#8 file (0600) in the app's data folder, which the app signs
 * with (encrypted with safeStorage in the app, with DPAPI by the command line on Windows: platform/certFiles.ts); on Windows also LocalMachine\My (non-exportable) where the MARS agent looks for it. Plus the remembered
 * OfflineApplicationParams of the current application, which later steps read to sign in as the application.
 */

import { promises as fs } from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../session/sessionFile';
import { certFiles, type StoredCertificate } from '../platform/certFiles';
import { windowsCertStore } from '../platform/windows/certStore';
import type { CommandRunner } from '../platform/windows/registry';
import type { SecretProtector } from '../platform/secretProtector';
import type { GeneratedCertificate } from './certificate';
import { isParamsProblem, parseParams, serializeParams, type OfflineApplicationParams } from './params';
import { fileLimits, readFileLimited } from '../files/readLimited';
import { ensurePrivateDir } from '../files/privateDir';

export interface KeyStoreEnv {
  dataDir: string;
  platform?: NodeJS.Platform;
  run?: CommandRunner;
  protect?: SecretProtector;
}

export async function privateKeyStore(env: KeyStoreEnv) {
  const files = certFiles(env.dataDir, env.protect, { ...(env.platform ? { platform: env.platform } : {}), ...(env.run ? { run: env.run } : {}) });
  const windows = (env.platform ?? process.platform) === 'win32' ? windowsCertStore(env.run) : null;
  return {
    /** Where the key is kept, for the report (never the key itself). */
    describe: (sha1: string) => (windows ? [`Cert:\\LocalMachine\\My\\${sha1}`, files.files(sha1).key] : [files.files(sha1).key]),
    async save(cert: Pick<GeneratedCertificate, 'sha1' | 'certPem' | 'privateKeyPem'>): Promise<void> {
      await files.save(cert.sha1, cert.certPem, cert.privateKeyPem);
      if (windows) await windows.add(cert.certPem, cert.privateKeyPem);
    },
    load: (sha1: string): Promise<StoredCertificate | null> => files.load(sha1),
    async remove(sha1: string): Promise<void> {
      await files.remove(sha1);
      if (windows) await windows.remove(sha1).catch(() => undefined);
    },
  };
}

const rememberedFile = (dataDir: string) => path.join(dataDir, 'OfflineApplicationParams.xml');

export async function rememberParams(dataDir: string, params: OfflineApplicationParams): Promise<void> {
  await ensurePrivateDir(dataDir);
  await writeFileAtomic(rememberedFile(dataDir), serializeParams(params), 0o600);
}

/** The application this machine set up last (null when none). */
export async function rememberedParams(dataDir: string): Promise<OfflineApplicationParams | null> {
  try {
    const p = parseParams(await readFileLimited(rememberedFile(dataDir), fileLimits.applicationParams, 'utf8'));
    return isParamsProblem(p) ? null : p;
  } catch {
    return null;
  }
}

/** A pending certificate for the manual path: generated here, waiting to be uploaded to `appId`. */
export interface PendingUpload {
  appId: string;
  objectId: string;
  sha1: string;
  sha256: string;
  subject: string;
  notBefore: string;
  notAfter: string;
}

const pendingFile = (dataDir: string) => path.join(dataDir, 'pending-certificate.json');

export async function savePending(dataDir: string, p: PendingUpload): Promise<void> {
  await writeFileAtomic(pendingFile(dataDir), JSON.stringify(p, null, 2) + '\n', 0o600);
}

export async function loadPending(dataDir: string, appId: string): Promise<PendingUpload | null> {
  try {
    const p = JSON.parse(await readFileLimited(pendingFile(dataDir), fileLimits.smallJson, 'utf8')) as PendingUpload;
    return p.appId === appId ? p : null;
  } catch {
    return null;
  }
}

export async function clearPending(dataDir: string): Promise<void> {
  await fs.rm(pendingFile(dataDir), { force: true });
}
