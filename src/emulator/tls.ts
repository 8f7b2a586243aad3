/** The local Azure's TLS: a CA and a server certificate (SAN IP:127.0.0.1, DNS:localhost), generated once per state folder. */

import { promises as fs } from 'node:fs';
import path from 'node:path';
import { webcrypto, randomBytes } from 'node:crypto';
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { replaceFile } from './files';

export interface TlsMaterial {
  caPem: string;
  certPem: string;
  keyPem: string;
  certFile: string;
  keyFile: string;
  caFile: string;
}

const alg = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;

function pem(label: string, der: ArrayBuffer): string {
  const b64 = Buffer.from(der).toString('base64').replace(/.{64}/g, '$&\n');
  return `-----BEGIN ${label}-----\n${b64.trimEnd()}\n-----END ${label}-----\n`;
}

async function generate(): Promise<{ caPem: string; certPem: string; keyPem: string }> {
  x509.cryptoProvider.set(webcrypto as never);
  const notBefore = new Date(Date.now() - 24 * 3600e3);
  const notAfter = new Date(Date.now() + 10 * 365 * 24 * 3600e3);
  const caKeys = await webcrypto.subtle.generateKey(alg, true, ['sign', 'verify']);
  const caName = `CN=Offline Seed Local Azure CA ${randomBytes(4).toString('hex')}`;
  const ca = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: randomBytes(8).toString('hex').replace(/^[89a-f]/, '1'),
    name: caName,
    notBefore,
    notAfter,
    signingAlgorithm: alg,
    keys: caKeys as never,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(caKeys.publicKey as never),
    ],
  });
  const keys = await webcrypto.subtle.generateKey(alg, true, ['sign', 'verify']);
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: randomBytes(8).toString('hex').replace(/^[89a-f]/, '1'),
    subject: 'CN=localhost',
    issuer: ca.subject,
    notBefore,
    notAfter,
    signingAlgorithm: alg,
    publicKey: keys.publicKey as never,
    signingKey: caKeys.privateKey as never,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyAgreement, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension([
        { type: 'ip', value: '127.0.0.1' },
        { type: 'dns', value: 'localhost' },
      ]),
      await x509.AuthorityKeyIdentifierExtension.create(caKeys.publicKey as never),
    ],
  });
  const keyDer = await webcrypto.subtle.exportKey('pkcs8', keys.privateKey as never);
  return { caPem: ca.toString('pem') + '\n', certPem: cert.toString('pem') + '\n', keyPem: pem('PRIVATE KEY', keyDer) };
}

/** Loads DIR/tls/{ca,server,server-key}.pem, creating them on first start. The CA's private key is never kept. */
export async function ensureTls(stateDir: string): Promise<TlsMaterial> {
  const dir = path.join(stateDir, 'tls');
  const caFile = path.join(dir, 'ca.pem');
  const certFile = path.join(dir, 'server.pem');
  const keyFile = path.join(dir, 'server-key.pem');
  try {
    const [caPem, certPem, keyPem] = await Promise.all([caFile, certFile, keyFile].map((f) => fs.readFile(f, 'utf8')));
    return { caPem: caPem!, certPem: certPem!, keyPem: keyPem!, caFile, certFile, keyFile };
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  const g = await generate();
  await replaceFile(caFile, g.caPem);
  await replaceFile(certFile, g.certPem);
  await replaceFile(keyFile, g.keyPem, 0o600);
  return { ...g, caFile, certFile, keyFile };
}
