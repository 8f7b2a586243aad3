/**
 * A PKCS#12 (.pfx) file built in Node from the certificate and its private key, for Import-PfxCertificate on a
 * stock Windows Server (Windows PowerShell 5.1 cannot read PEM keys). Encrypted with 3DES and a SHA-1 MAC, the
 * algorithms every supported Windows Server imports (AES-256/SHA-256 PFX import needs Windows Server 2019 or later).
 * The password is random and single-use: the file only travels from this process to the import.
 * https://learn.microsoft.com/en-us/powershell/module/pki/import-pfxcertificate
 */

import { randomBytes } from 'node:crypto';
import forge from 'node-forge';

export interface BuiltPfx {
  der: Buffer;
  password: string;
}

export function buildPfx(certPem: string, privateKeyPem: string, friendlyName?: string): BuiltPfx {
  const password = randomBytes(24).toString('base64url');
  const key = forge.pki.privateKeyFromPem(privateKeyPem);
  const cert = forge.pki.certificateFromPem(certPem);
  const asn1 = forge.pkcs12.toPkcs12Asn1(key, [cert], password, { algorithm: '3des', generateLocalKeyId: true, ...(friendlyName ? { friendlyName } : {}) });
  return { der: Buffer.from(forge.asn1.toDer(asn1).getBytes(), 'binary'), password };
}
