/** The application's certificate: RSA 2048 self-signed, the documented subject, thumbprints as Windows shows them, Graph's keyCredential. */

import { createPrivateKey, createSign, createVerify, X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { generateCertificate, keyCredentialFor, resourceIdOf } from '../../../src/core/certs/certificate';
import { isKeyOf } from '../../../src/core/certs/manual';

describe('generateCertificate', () => {
  it('makes a self-signed RSA 2048 certificate whose key signs what the certificate verifies', async () => {
    const rid = resourceIdOf('/subscriptions/66666666-6666-4666-8666-666666666666/resourceGroups/Backup-RG');
    expect(rid).toBe(resourceIdOf('/subscriptions/66666666-6666-4666-8666-666666666666/resourcegroups/backup-rg'));
    expect(rid).toMatch(/^[0-9a-f]{16}$/);
    const c = await generateCertificate(rid, new Date('2026-11-23T08:00:00Z'));
    const x = new X509Certificate(c.certPem);
    expect(x.subject).toBe(`CN=CB_AzureADCertforOfflineSeeding_${rid}`);
    expect(x.issuer).toBe(x.subject);
    expect(x.verify(x.publicKey)).toBe(true);
    expect(x.publicKey.asymmetricKeyDetails?.modulusLength).toBe(2048);
    expect(c.sha1).toBe(x.fingerprint.replace(/:/g, ''));
    expect(c.sha256).toBe(x.fingerprint256.replace(/:/g, ''));
    expect(new Date(x.validTo).getTime() - new Date(x.validFrom).getTime()).toBeGreaterThan(729 * 24 * 3600e3);
    const key = createPrivateKey(c.privateKeyPem);
    expect(key.asymmetricKeyType).toBe('rsa');
    const sig = createSign('sha256').update('proof').sign(key);
    expect(createVerify('sha256').update('proof').verify(x.publicKey, sig)).toBe(true);
  });

  it('gives Graph a keyCredential whose customKeyIdentifier is the SHA-1 thumbprint', async () => {
    const c = await generateCertificate('0123456789abcdef');
    const k = keyCredentialFor(c);
    expect(k).toMatchObject({ type: 'AsymmetricX509Cert', usage: 'Verify', key: c.derBase64, displayName: c.subject });
    expect(isKeyOf(k, c.sha1)).toBe(true);
    expect(isKeyOf({ ...k, customKeyIdentifier: Buffer.from(c.sha1).toString('base64') }, c.sha1)).toBe(true);
    expect(isKeyOf({ ...k, customKeyIdentifier: null }, c.sha1)).toBe(false);
    expect(isKeyOf(k, 'F'.repeat(40))).toBe(false);
  });
});
