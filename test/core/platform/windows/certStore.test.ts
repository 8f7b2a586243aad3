/** The LocalMachine\My adapter with Windows PowerShell 5.1: PFX built in Node and checked by OpenSSL, import, list, remove with its key, access denied. */

import { execFileSync, spawnSync } from 'node:child_process';
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { windowsCertStore } from '../../../../src/core/platform/windows/certStore';
import type { CommandResult, CommandRunner } from '../../../../src/core/platform/windows/tools';
import { generateCertificate } from '../../../../src/core/certs/certificate';

const fixture = (name: string) => readFileSync(path.join(__dirname, '../../../fixtures/windows/certstore', name), 'utf8');
const out = (name: string, code: number): CommandResult => ({ code, stdout: fixture(name), stderr: '' });
const tmp = mkdtempSync(path.join(os.tmpdir(), 'certstore-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function replay(...results: CommandResult[]) {
  const calls: Array<{ file: string; script: string; input?: unknown }> = [];
  const run: CommandRunner = async (file, args, input) => {
    calls.push({
      file,
      script: Buffer.from(args[args.indexOf('-EncodedCommand') + 1]!, 'base64').toString('utf16le'),
      ...(input !== undefined ? { input: JSON.parse(Buffer.from(input, 'base64').toString('utf8')) as unknown } : {}),
    });
    const r = results.shift();
    if (!r) throw new Error('unexpected call');
    return r;
  };
  return { run, calls };
}

describe('windows certificate store through Windows PowerShell 5.1', () => {
  it('imports a PFX built in Node, non-exportable, into LocalMachine\\My; key and password on stdin only', async () => {
    const cert = await generateCertificate('3f9a1c2b4d5e6f70');
    const { run, calls } = replay(out('import.stdout.txt', 0));
    const added = await windowsCertStore(run).add(cert.certPem, cert.privateKeyPem);
    expect(added).toEqual({ thumbprint: '9A3F0C1E2B4D5F60718293A4B5C6D7E8F9012345', subject: 'CN=CB_AzureADCertforOfflineSeeding_3f9a1c2b4d5e6f70', notBefore: '2026-11-23T08:00:00.0000000Z', notAfter: '2028-11-22T08:00:00.0000000Z', hasPrivateKey: true });
    const call = calls[0]!;
    expect(call.file).toBe('C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe');
    expect(call.script).toContain('Import-PfxCertificate -FilePath $tmp -CertStoreLocation Cert:\\LocalMachine\\My -Password $pw');
    expect(call.script).not.toMatch(/Exportable|pwsh|CreateFromPem|X509Store/);
    expect(call.script).toMatch(/finally \{ Remove-Item -LiteralPath \$tmp/);
    const input = call.input as { pfx: string; password: string; thumbprint: string };
    expect(input.thumbprint).toBe(new X509Certificate(cert.certPem).fingerprint.replace(/:/g, ''));
    expect(call.script).not.toContain(input.password);

    // OpenSSL opens the PFX with the password: the same certificate and private key come out.
    const pfxFile = path.join(tmp, 'c.pfx');
    writeFileSync(pfxFile, Buffer.from(input.pfx, 'base64'));
    const pem = execFileSync('openssl', ['pkcs12', '-in', pfxFile, '-passin', `pass:${input.password}`, '-nodes'], { encoding: 'utf8' });
    expect(new X509Certificate(pem.slice(pem.indexOf('-----BEGIN CERTIFICATE-----'))).fingerprint256).toBe(new X509Certificate(cert.certPem).fingerprint256);
    const key = createPrivateKey(pem.slice(pem.indexOf('-----BEGIN PRIVATE KEY-----')));
    expect(key.export({ format: 'der', type: 'pkcs8' }).equals(createPrivateKey(cert.privateKeyPem).export({ format: 'der', type: 'pkcs8' }))).toBe(true);
    expect(() => execFileSync('openssl', ['pkcs12', '-in', pfxFile, '-passin', 'pass:wrong', '-noout'], { stdio: 'ignore' })).toThrow();
    // 3DES and a SHA-1 MAC: the algorithms every supported Windows Server imports.
    const info = spawnSync('openssl', ['pkcs12', '-in', pfxFile, '-passin', `pass:${input.password}`, '-info', '-noout'], { encoding: 'utf8' });
    expect(info.stderr).toMatch(/MAC: sha1/);
    expect(info.stderr).toMatch(/Shrouded Keybag: pbeWithSHA1And3-KeyTripleDES-CBC/);
  });

  it('lists the offline-seeding certificates: two, one (an object in 5.1), none (null)', async () => {
    const { run, calls } = replay(out('list-two.stdout.txt', 0), out('list-one.stdout.txt', 0), out('list-empty.stdout.txt', 0));
    const store = windowsCertStore(run);
    expect((await store.list()).map((c) => [c.thumbprint, c.hasPrivateKey])).toEqual([
      ['9A3F0C1E2B4D5F60718293A4B5C6D7E8F9012345', true],
      ['0B1C2D3E4F5061728394A5B6C7D8E9F001122334', false],
    ]);
    expect(calls[0]!.script).toContain("-like 'CN=CB_AzureADCertforOfflineSeeding_*'");
    expect(calls[0]!.script).not.toContain('-AsArray');
    expect((await store.list()).map((c) => c.thumbprint)).toEqual(['0B1C2D3E4F5061728394A5B6C7D8E9F001122334']);
    expect(await store.list()).toEqual([]);
  });

  it('removes the certificate with its private key; reports PowerShell’s own error text; refuses a thumbprint that is not 40 hex characters', async () => {
    const { run, calls } = replay(out('remove-ok.stdout.txt', 0), out('remove-missing.stdout.txt', 1), out('import-access-denied.fr.stdout.txt', 1));
    const store = windowsCertStore(run);
    await store.remove('0b1c2d3e4f5061728394a5b6c7d8e9f001122334');
    expect(calls[0]!.script).toContain('Remove-Item -Path Cert:\\LocalMachine\\My\\0B1C2D3E4F5061728394A5B6C7D8E9F001122334 -DeleteKey');
    await expect(store.remove('0B1C2D3E4F5061728394A5B6C7D8E9F001122334')).rejects.toThrow(/^Cannot find path 'Cert:\\LocalMachine\\My\\0B1C.*' because it does not exist\.$/);
    await expect(store.remove("x'; Remove-Item C:\\ -Recurse; '")).rejects.toThrow('40 hexadecimal');
    const cert = await generateCertificate('3f9a1c2b4d5e6f70');
    await expect(store.add(cert.certPem, cert.privateKeyPem)).rejects.toThrow('Accès refusé. 0x80070005 (WIN32: 5 ERROR_ACCESS_DENIED)');
    expect(calls).toHaveLength(3);
  });
});
