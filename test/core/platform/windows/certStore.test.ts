/** The LocalMachine\My adapter against recorded PowerShell output: import (key on stdin only), list, remove, access denied. */

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { windowsCertStore } from '../../../../src/core/platform/windows/certStore';
import type { CommandResult, CommandRunner } from '../../../../src/core/platform/windows/registry';
import { generateCertificate } from '../../../../src/core/certs/certificate';

const fixture = (name: string) => readFileSync(path.join(__dirname, '../../../fixtures/windows/certstore', name), 'utf8');

function replay(...results: CommandResult[]) {
  const calls: Array<{ file: string; args: string[]; input?: string }> = [];
  const run: CommandRunner = async (file, args, input) => {
    calls.push({ file, args, ...(input !== undefined ? { input } : {}) });
    const r = results.shift();
    if (!r) throw new Error('unexpected call');
    return r;
  };
  return { run, calls };
}

describe('windows certificate store through pwsh', () => {
  it('imports non-exportable into LocalMachine\\My with the private key on stdin, never on the command line', async () => {
    const cert = await generateCertificate('3f9a1c2b4d5e6f70');
    const { run, calls } = replay({ code: 0, stdout: fixture('import.json'), stderr: '' });
    const added = await windowsCertStore(run).add(cert.certPem, cert.privateKeyPem);
    expect(added).toEqual({ thumbprint: '9A3F0C1E2B4D5F60718293A4B5C6D7E8F9012345', subject: 'CN=CB_AzureADCertforOfflineSeeding_3f9a1c2b4d5e6f70', notBefore: '2026-11-23T08:00:00.0000000Z', notAfter: '2028-11-22T08:00:00.0000000Z', hasPrivateKey: true });
    const call = calls[0]!;
    expect(call.file).toBe('pwsh.exe');
    expect(call.args.join(' ')).not.toContain('PRIVATE KEY');
    expect(call.args.join(' ')).toContain("X509Store]::new('My', 'LocalMachine')");
    expect(call.args.join(' ')).toContain("'MachineKeySet,PersistKeySet'");
    expect(call.args.join(' ')).not.toContain('Exportable');
    expect(JSON.parse(call.input!)).toEqual({ cert: cert.certPem, key: cert.privateKeyPem });
  });

  it('lists the offline-seeding certificates, single and none', async () => {
    const { run, calls } = replay({ code: 0, stdout: fixture('list-two.json'), stderr: '' }, { code: 0, stdout: fixture('list-empty.json'), stderr: '' });
    const store = windowsCertStore(run);
    const list = await store.list();
    expect(list.map((c) => [c.thumbprint, c.hasPrivateKey])).toEqual([
      ['9A3F0C1E2B4D5F60718293A4B5C6D7E8F9012345', true],
      ['0B1C2D3E4F5061728394A5B6C7D8E9F001122334', false],
    ]);
    expect(calls[0]!.args.join(' ')).toContain("-like 'CN=CB_AzureADCertforOfflineSeeding_*'");
    expect(await store.list()).toEqual([]);
  });

  it('reports PowerShell’s error in one line, and refuses a thumbprint that is not 40 hex characters', async () => {
    const { run, calls } = replay({ code: 1, stdout: '', stderr: fixture('remove-missing.stderr.txt') }, { code: 1, stdout: '', stderr: fixture('access-denied.stderr.txt') });
    const store = windowsCertStore(run);
    await expect(store.remove('0B1C2D3E4F5061728394A5B6C7D8E9F001122334')).rejects.toThrow(/^Remove-Item: Cannot find path .* because it does not exist\.$/);
    expect(calls[0]!.args.at(-1)).toContain('Remove-Item -Path Cert:\\LocalMachine\\My\\0B1C2D3E4F5061728394A5B6C7D8E9F001122334');
    await expect(store.remove("x'; Remove-Item C:\\ -Recurse; '")).rejects.toThrow('40 hexadecimal');
    await expect(store.add('-----BEGIN CERTIFICATE-----', '-----BEGIN PRIVATE KEY-----')).rejects.toThrow('Exception calling "Open" with "1" argument(s): "Access is denied."');
    expect(calls).toHaveLength(2);
  });
});
