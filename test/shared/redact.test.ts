/** Secrets never survive into logs or error text. */

import { describe, expect, it } from 'vitest';
import { redact } from '../../src/shared/redact';

describe('redact', () => {
  it.each([
    ['a BitLocker recovery password', 'key 123456-234567-345678-456789-567890-678901-789012-890123 used', '123456-234567'],
    ['a JWT', 'token eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.c2lnbmF0dXJlLXZhbHVl end', 'eyJhbGciOiJSUzI1NiJ9'],
    ['a PEM private key', 'x -----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBg\n-----END PRIVATE KEY----- y', 'MIIEvQIBADANBg'],
    ['a bearer header', 'Authorization: Bearer abc.def.ghi', 'abc.def.ghi'],
    ['a storage key', 'DefaultEndpointsProtocol=https;AccountName=a;AccountKey=c2VjcmV0a2V5==;', 'c2VjcmV0a2V5'],
    ['a SAS signature', 'https://a.blob.core.windows.net/c?sv=2020&sig=abcDEF%2B123', 'abcDEF'],
    ['a publish-settings certificate', '<PublishProfile ManagementCertificate="MIIKPAIBAzCC" />', 'MIIKPAIBAzCC'],
  ])('removes %s', (_what, text, secret) => {
    const out = redact(text);
    expect(out).not.toContain(secret);
    expect(out).toContain('redacted');
  });

  it('leaves the SDK sentences that say “Bearer” alone, and still removes a bearer token that is one word', () => {
    const sdk = 'Bearer authentication is not permitted for non-TLS protected (non-https) URLs.';
    expect(redact(sdk)).toBe(sdk);
    expect(redact('The Bearer token was rejected.')).toBe('The Bearer token was rejected.');
    expect(redact('Authorization: Bearer AbCdEf0123456789xyz')).toBe('Authorization: Bearer [redacted]');
    expect(redact('Authorization: bearer 2YotnFZFEjr1zCsicMWpAA')).not.toContain('2YotnFZFEjr1zCsicMWpAA');
    expect(redact('Authorization: BEARER abcDEFghiJKLmno')).not.toContain('abcDEFghiJKLmno');
  });

  it('leaves ordinary text alone', () => {
    expect(redact('Copied 3 files to E:\\session1 (12 MB).')).toBe('Copied 3 files to E:\\session1 (12 MB).');
  });
});
