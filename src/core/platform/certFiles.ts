/**
 * The file-based certificate store (Linux, macOS, and the app's own copy on Windows):
 * `<data folder>/certificates/<SHA-1 thumbprint>.pem` (certificate) and `<SHA-1>.key` (PKCS#8 PEM private key,
 * mode 0600; `<SHA-1>.key.enc` when the host encrypts it, e.g. with Electron safeStorage).
 */

import { promises as fs } from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../session/sessionFile';
import type { SecretProtector } from './secretProtector';
import { ensurePrivateDir } from '../files/privateDir';

export interface StoredCertificate {
  sha1: string;
  certPem: string;
  privateKeyPem: string;
}

export const certificatesDir = (dataDir: string) => path.join(dataDir, 'certificates');

export function certFiles(dataDir: string, protect?: SecretProtector) {
  const dir = certificatesDir(dataDir);
  const files = (sha1: string) => ({ cert: path.join(dir, `${sha1.toUpperCase()}.pem`), key: path.join(dir, `${sha1.toUpperCase()}.key${protect ? '.enc' : ''}`) });
  return {
    files,
    async save(sha1: string, certPem: string, privateKeyPem: string): Promise<void> {
      await ensurePrivateDir(dir);
      const f = files(sha1);
      await writeFileAtomic(f.key, protect ? protect.encrypt(privateKeyPem) : privateKeyPem, 0o600);
      await writeFileAtomic(f.cert, certPem, 0o644);
    },
    /** The certificate and its key, or null when this machine does not hold it. */
    async load(sha1: string): Promise<StoredCertificate | null> {
      const f = files(sha1);
      try {
        const [cert, key] = await Promise.all([fs.readFile(f.cert, 'utf8'), fs.readFile(f.key)]);
        return { sha1: sha1.toUpperCase(), certPem: cert, privateKeyPem: protect ? protect.decrypt(key) : key.toString('utf8') };
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw e;
      }
    },
    async remove(sha1: string): Promise<void> {
      const f = files(sha1);
      await Promise.all([fs.rm(f.cert, { force: true }), fs.rm(f.key, { force: true })]);
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
