/** Self-signed RSA client certificates for the emulator tests (what CertGen creates for the Azure AD app). */

import 'reflect-metadata';
import { createHash, randomBytes, webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';

export interface ClientCertificate {
  certPem: string;
  keyPem: string;
  /** Base64 DER, the `key` of a Graph keyCredential. */
  derB64: string;
  sha1: string;
  sha256: string;
}

export async function makeClientCertificate(cn = 'CB_AzureADCertforOfflineSeeding_test', days = 365): Promise<ClientCertificate> {
  x509.cryptoProvider.set(webcrypto as never);
  const alg = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256', publicExponent: new Uint8Array([1, 0, 1]), modulusLength: 2048 };
  const keys = await webcrypto.subtle.generateKey(alg, true, ['sign', 'verify']);
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: '01' + randomBytes(7).toString('hex'),
    name: `CN=${cn}`,
    notBefore: new Date(Date.now() - 3600e3),
    notAfter: new Date(Date.now() + days * 24 * 3600e3),
    signingAlgorithm: alg,
    keys: keys as never,
  });
  const der = Buffer.from(cert.rawData);
  const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey));
  const keyPem = `-----BEGIN PRIVATE KEY-----\n${pkcs8.toString('base64').replace(/.{64}/g, '$&\n').trimEnd()}\n-----END PRIVATE KEY-----\n`;
  return {
    certPem: cert.toString('pem'),
    keyPem,
    derB64: der.toString('base64'),
    sha1: createHash('sha1').update(der).digest('hex').toUpperCase(),
    sha256: createHash('sha256').update(der).digest('hex').toUpperCase(),
  };
}
