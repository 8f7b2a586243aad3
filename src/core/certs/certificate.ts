/**
 * The self-signed certificate of the offline-backup application: RSA 2048, SHA-256, subject
 * `CN=CB_AzureADCertforOfflineSeeding_<ResourceId>`, valid two years.
 *
 * ResourceId (Microsoft does not document what its tool puts there): the first 16 hex characters of the SHA-256 of the
 * lower-cased resource id of the resource group the application is given access to, so one resource group gives one
 * recognisable name, and no subscription id or name is spelled out in the certificate.
 */

import 'reflect-metadata';
import { createHash, randomBytes, webcrypto, X509Certificate } from 'node:crypto';
import * as x509 from '@peculiar/x509';

export const subjectPrefix = 'CB_AzureADCertforOfflineSeeding_';
const alg = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256', publicExponent: new Uint8Array([1, 0, 1]), modulusLength: 2048 };

export interface Thumbprints {
  /** Upper-case hex SHA-1 of the DER, as Windows and the registry show it. */
  sha1: string;
  /** Upper-case hex SHA-256 of the DER (msal-node's `thumbprintSha256`). */
  sha256: string;
}

export interface GeneratedCertificate extends Thumbprints {
  subject: string;
  certPem: string;
  /** Base64 DER: the `key` of a Graph keyCredential, the body of a .cer file. */
  derBase64: string;
  /** PEM PKCS#8. A secret: never logged, written only with mode 0600. */
  privateKeyPem: string;
  notBefore: Date;
  notAfter: Date;
}

export function resourceIdOf(resourceGroupId: string): string {
  return createHash('sha256').update(resourceGroupId.toLowerCase()).digest('hex').slice(0, 16);
}

export function thumbprintsOf(der: Buffer): Thumbprints {
  return {
    sha1: createHash('sha1').update(der).digest('hex').toUpperCase(),
    sha256: createHash('sha256').update(der).digest('hex').toUpperCase(),
  };
}

export function pem(label: string, der: ArrayBuffer | Buffer): string {
  const b64 = Buffer.from(der as ArrayBuffer).toString('base64').replace(/.{64}/g, '$&\n');
  return `-----BEGIN ${label}-----\n${b64.trimEnd()}\n-----END ${label}-----\n`;
}

export async function generateCertificate(resourceId: string, now = new Date(), years = 2): Promise<GeneratedCertificate> {
  x509.cryptoProvider.set(webcrypto as never);
  const keys = await webcrypto.subtle.generateKey(alg, true, ['sign', 'verify']);
  const notBefore = new Date(now.getTime() - 5 * 60_000);
  const notAfter = new Date(now.getTime() + years * 365 * 24 * 3600e3);
  const subject = `CN=${subjectPrefix}${resourceId}`;
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: randomBytes(8).toString('hex').replace(/^[89a-f]/, '1'),
    name: subject,
    notBefore,
    notAfter,
    signingAlgorithm: alg,
    keys: keys as never,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.clientAuth]),
    ],
  });
  const der = Buffer.from(cert.rawData);
  const keyDer = await webcrypto.subtle.exportKey('pkcs8', keys.privateKey);
  return { subject, certPem: pem('CERTIFICATE', der), derBase64: der.toString('base64'), privateKeyPem: pem('PRIVATE KEY', keyDer), notBefore, notAfter, ...thumbprintsOf(der) };
}

/** Thumbprints and dates of a PEM or base64-DER certificate. */
export function describeCertificate(pemOrDer: string): Thumbprints & { subject: string; notAfter: Date; derBase64: string } {
  const c = new X509Certificate(pemOrDer.includes('BEGIN') ? pemOrDer : Buffer.from(pemOrDer, 'base64'));
  return { subject: c.subject.replace(/\n/g, ', '), notAfter: new Date(c.validTo), derBase64: c.raw.toString('base64'), ...thumbprintsOf(c.raw) };
}

/** Graph's keyCredential for a certificate (customKeyIdentifier = the SHA-1 thumbprint's bytes, base64, as Graph derives it). */
export function keyCredentialFor(c: Pick<GeneratedCertificate, 'derBase64' | 'sha1' | 'notBefore' | 'notAfter' | 'subject'>) {
  return {
    type: 'AsymmetricX509Cert',
    usage: 'Verify',
    key: c.derBase64,
    customKeyIdentifier: Buffer.from(c.sha1, 'hex').toString('base64'),
    displayName: c.subject,
    startDateTime: c.notBefore.toISOString(),
    endDateTime: c.notAfter.toISOString(),
  };
}
