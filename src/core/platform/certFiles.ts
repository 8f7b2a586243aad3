/**
 * The file-based certificate store (Linux, macOS, and the app's own copy on Windows):
 * `<data folder>/certificates/<SHA-1 thumbprint>.pem` (certificate) and the PKCS#8 PEM private key, mode 0600:
 * `<SHA-1>.key.enc` when the host encrypts it (Electron's safeStorage); on Windows without it (the command line)
 * `<SHA-1>.key.dpapi`, a DPAPI blob only this Windows user can open (windows/dpapi.ts); elsewhere `<SHA-1>.key`.
 * A plain `<SHA-1>.key` an earlier version left on Windows is protected with DPAPI when first read, and removed.
 */

import { promises as fs } from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../session/sessionFile';
import type { SecretProtector } from './secretProtector';
import { ensurePrivateDir } from '../files/privateDir';
import { dpapiProtect, dpapiUnprotect } from './windows/dpapi';
import type { CommandRunner } from './windows/tools';

export interface StoredCertificate {
  sha1: string;
  certPem: string;
  privateKeyPem: string;
}

export const certificatesDir = (dataDir: string) => path.join(dataDir, 'certificates');

const missing = (e: unknown) => (e as NodeJS.ErrnoException).code === 'ENOENT';

export function certFiles(dataDir: string, protect?: SecretProtector, windows: { platform?: NodeJS.Platform; run?: CommandRunner } = {}) {
  const dir = certificatesDir(dataDir);
  const dpapi = !protect && (windows.platform ?? process.platform) === 'win32';
  const files = (sha1: string) => ({
    cert: path.join(dir, `${sha1.toUpperCase()}.pem`),
    key: path.join(dir, `${sha1.toUpperCase()}.key${protect ? '.enc' : dpapi ? '.dpapi' : ''}`),
    /** The plain key of an earlier version (Windows): migrated to DPAPI on read, removed. */
    plainKey: path.join(dir, `${sha1.toUpperCase()}.key`),
  });
  const sealed = async (privateKeyPem: string): Promise<string | Buffer> => (protect ? protect.encrypt(privateKeyPem) : dpapi ? dpapiProtect(privateKeyPem, windows.run) : privateKeyPem);
  return {
    files,
    async save(sha1: string, certPem: string, privateKeyPem: string): Promise<void> {
      await ensurePrivateDir(dir);
      const f = files(sha1);
      await writeFileAtomic(f.key, await sealed(privateKeyPem), 0o600);
      await writeFileAtomic(f.cert, certPem, 0o644);
      if (dpapi) await fs.rm(f.plainKey, { force: true });
    },
    /** The certificate and its key, or null when this machine does not hold it. */
    async load(sha1: string): Promise<StoredCertificate | null> {
      const f = files(sha1);
      let cert: string;
      try {
        cert = await fs.readFile(f.cert, 'utf8');
      } catch (e) {
        if (missing(e)) return null;
        throw e;
      }
      let key: Buffer;
      try {
        key = await fs.readFile(f.key);
      } catch (e) {
        if (!missing(e)) throw e;
        if (!dpapi) return null;
        // An earlier version's plain copy: protect it now and keep only the DPAPI blob.
        const plain = await fs.readFile(f.plainKey, 'utf8').catch((e2: unknown) => (missing(e2) ? null : Promise.reject(e2)));
        if (plain === null) return null;
        await writeFileAtomic(f.key, await dpapiProtect(plain, windows.run), 0o600);
        await fs.rm(f.plainKey, { force: true });
        return { sha1: sha1.toUpperCase(), certPem: cert, privateKeyPem: plain };
      }
      const privateKeyPem = protect ? protect.decrypt(key) : dpapi ? await dpapiUnprotect(key, windows.run) : key.toString('utf8');
      return { sha1: sha1.toUpperCase(), certPem: cert, privateKeyPem };
    },
    async remove(sha1: string): Promise<void> {
      const f = files(sha1);
      await Promise.all([fs.rm(f.cert, { force: true }), fs.rm(f.key, { force: true }), fs.rm(f.plainKey, { force: true })]);
    },
    async list(): Promise<string[]> {
      try {
        return (await fs.readdir(dir)).filter((n) => /^[0-9A-F]{40}\.pem$/.test(n)).map((n) => n.slice(0, 40));
      } catch {
        return [];
      }
    },
  };
}
