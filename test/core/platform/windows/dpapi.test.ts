/**
 * The command line's private key on Windows, protected with DPAPI (replayed Windows PowerShell output): saved as a
 * DPAPI blob and never as plain PEM, opened again, an earlier version's plain copy protected on first read and
 * removed, and a blob of another user refused with Windows' own words.
 */

import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { certFiles } from '../../../../src/core/platform/certFiles';
import { protectScript, unprotectScript } from '../../../../src/core/platform/windows/dpapi';
import type { CommandResult, CommandRunner } from '../../../../src/core/platform/windows/tools';

const fixture = (name: string) => readFileSync(path.join(__dirname, '../../../fixtures/windows/dpapi', name), 'utf8');
const root = mkdtempSync(path.join(os.tmpdir(), 'os-dpapi-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const sha1 = 'AB'.repeat(20);
const pem = '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQDsampleSampleSam\n-----END PRIVATE KEY-----\n';
const cert = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';

function replay(...results: CommandResult[]) {
  const calls: Array<{ script: string; input: Record<string, string> }> = [];
  const run: CommandRunner = async (_file, args, input) => {
    calls.push({ script: Buffer.from(args[args.indexOf('-EncodedCommand') + 1]!, 'base64').toString('utf16le'), input: JSON.parse(Buffer.from(input!, 'base64').toString('utf8')) as Record<string, string> });
    const r = results.shift();
    if (!r) throw new Error('unexpected call');
    return r;
  };
  return { run, calls };
}
const ok = (name: string): CommandResult => ({ code: 0, stdout: fixture(name), stderr: '' });

describe('the private key on Windows without safeStorage', () => {
  it('is kept as a DPAPI blob of the current user, 0600, and opened with DPAPI; no plain copy', async () => {
    const dataDir = path.join(root, 'a');
    const { run, calls } = replay(ok('protect.stdout.txt'), ok('unprotect.stdout.txt'));
    const files = certFiles(dataDir, undefined, { platform: 'win32', run });
    await files.save(sha1, cert, pem);
    const f = files.files(sha1);
    expect(f.key).toBe(path.join(dataDir, 'certificates', `${sha1}.key.dpapi`));
    const blob = readFileSync(f.key);
    expect(blob.subarray(0, 20).toString('hex')).toBe('01000000d08c9ddf0115d1118c7a00c04fc297eb');
    expect(blob.toString('latin1')).not.toContain('PRIVATE KEY');
    expect(statSync(f.key).mode & 0o777).toBe(0o600);
    expect(existsSync(f.plainKey)).toBe(false);
    expect(calls[0]!.script).toContain(protectScript);
    expect(calls[0]!.script).toContain('DataProtectionScope]::CurrentUser');
    expect(calls[0]!.input).toEqual({ plain: pem });
    expect(await files.load(sha1)).toEqual({ sha1, certPem: cert, privateKeyPem: pem });
    expect(calls[1]!.script).toContain(unprotectScript);
    expect(calls[1]!.input).toEqual({ blob: blob.toString('base64') });
  });

  it('protects a plain key an earlier version left, on first read, and removes the plain file', async () => {
    const dataDir = path.join(root, 'b');
    mkdirSync(path.join(dataDir, 'certificates'), { recursive: true });
    writeFileSync(path.join(dataDir, 'certificates', `${sha1}.pem`), cert);
    writeFileSync(path.join(dataDir, 'certificates', `${sha1}.key`), pem, { mode: 0o600 });
    const { run } = replay(ok('protect.stdout.txt'));
    const files = certFiles(dataDir, undefined, { platform: 'win32', run });
    expect(await files.load(sha1)).toEqual({ sha1, certPem: cert, privateKeyPem: pem });
    expect(existsSync(files.files(sha1).plainKey)).toBe(false);
    expect(readFileSync(files.files(sha1).key).toString('latin1')).not.toContain('PRIVATE KEY');
  });

  it('refuses a blob that another user made, with Windows’ words in English and French', async () => {
    const dataDir = path.join(root, 'c');
    mkdirSync(path.join(dataDir, 'certificates'), { recursive: true });
    writeFileSync(path.join(dataDir, 'certificates', `${sha1}.pem`), cert);
    writeFileSync(path.join(dataDir, 'certificates', `${sha1}.key.dpapi`), Buffer.alloc(40, 1), { mode: 0o600 });
    const { run } = replay({ code: 1, stdout: fixture('unprotect-other-user.en.stdout.txt'), stderr: '' }, { code: 1, stdout: fixture('unprotect-other-user.fr.stdout.txt'), stderr: '' });
    const files = certFiles(dataDir, undefined, { platform: 'win32', run });
    await expect(files.load(sha1)).rejects.toThrow('Key not valid for use in specified state.');
    await expect(files.load(sha1)).rejects.toThrow('Clé non valide');
  });

  it('stays a plain 0600 file elsewhere, and .enc when the app encrypts it', () => {
    expect(certFiles(root, undefined, { platform: 'linux' }).files(sha1).key).toBe(path.join(root, 'certificates', `${sha1}.key`));
    const protect = { encrypt: (s: string) => Buffer.from(s), decrypt: (b: Buffer) => b.toString() };
    expect(certFiles(root, protect, { platform: 'win32' }).files(sha1).key).toBe(path.join(root, 'certificates', `${sha1}.key.enc`));
  });
});
