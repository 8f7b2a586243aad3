/**
 * The Windows LocalMachine\My certificate store through PowerShell 7 (pwsh; .NET X509Store), where MARS looks for
 * `CB_AzureADCertforOfflineSeeding_*`. The private key is imported non-exportable (MachineKeySet, PersistKeySet,
 * no Exportable flag) and reaches PowerShell on stdin, never on its command line.
 */

import { runCommand, type CommandRunner } from './registry';

export interface StoreCertificate {
  thumbprint: string;
  subject: string;
  notBefore: string;
  notAfter: string;
  hasPrivateKey: boolean;
}

const pwshArgs = (script: string) => ['-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-Command', script];

const importScript = [
  "$ErrorActionPreference = 'Stop'",
  '$in = [Console]::In.ReadToEnd() | ConvertFrom-Json',
  '$X = [System.Security.Cryptography.X509Certificates.X509Certificate2]',
  '$tmp = $X::CreateFromPem($in.cert, $in.key)',
  '$pfx = $tmp.Export([System.Security.Cryptography.X509Certificates.X509ContentType]::Pfx)',
  "$flags = [System.Security.Cryptography.X509Certificates.X509KeyStorageFlags]'MachineKeySet,PersistKeySet'",
  '$c = $X::new($pfx, [string]$null, $flags)',
  "$store = [System.Security.Cryptography.X509Certificates.X509Store]::new('My', 'LocalMachine')",
  "$store.Open('ReadWrite'); $store.Add($c); $store.Close()",
  "$c | Select-Object Thumbprint, Subject, @{n='NotBefore';e={$_.NotBefore.ToUniversalTime().ToString('o')}}, @{n='NotAfter';e={$_.NotAfter.ToUniversalTime().ToString('o')}}, HasPrivateKey | ConvertTo-Json -Compress",
].join('; ');

const listScript = (subjectLike: string) =>
  [
    "$ErrorActionPreference = 'Stop'",
    `@(Get-ChildItem -Path Cert:\\LocalMachine\\My | Where-Object { $_.Subject -like '${subjectLike.replace(/'/g, "''")}' } | Select-Object Thumbprint, Subject, @{n='NotBefore';e={$_.NotBefore.ToUniversalTime().ToString('o')}}, @{n='NotAfter';e={$_.NotAfter.ToUniversalTime().ToString('o')}}, HasPrivateKey) | ConvertTo-Json -Compress -AsArray`,
  ].join('; ');

function parseCerts(stdout: string): StoreCertificate[] {
  const text = stdout.trim();
  if (!text) return [];
  const raw = JSON.parse(text) as unknown;
  const list = (Array.isArray(raw) ? raw : [raw]) as Array<Record<string, unknown>>;
  return list.map((c) => ({
    thumbprint: String(c.Thumbprint ?? '').toUpperCase(),
    subject: String(c.Subject ?? ''),
    notBefore: String(c.NotBefore ?? ''),
    notAfter: String(c.NotAfter ?? ''),
    hasPrivateKey: c.HasPrivateKey === true,
  }));
}

export class CertStoreError extends Error {}

export function windowsCertStore(run: CommandRunner = runCommand) {
  const pwsh = async (script: string, input?: string) => {
    const r = await run('pwsh.exe', pwshArgs(script), input);
    // PowerShell errors name the script line, never the stdin: safe to keep, still trimmed to one line.
    if (r.code !== 0) throw new CertStoreError((r.stderr || r.stdout).trim().split(/\r?\n/)[0] ?? `pwsh exited with ${r.code}`);
    return r.stdout;
  };
  return {
    /** Imports certificate + private key into LocalMachine\My (needs an elevated process). */
    async add(certPem: string, privateKeyPem: string): Promise<StoreCertificate> {
      const [c] = parseCerts(await pwsh(importScript, JSON.stringify({ cert: certPem, key: privateKeyPem })));
      if (!c) throw new CertStoreError('The certificate store did not report the imported certificate.');
      return c;
    },
    async list(subjectLike = 'CN=CB_AzureADCertforOfflineSeeding_*'): Promise<StoreCertificate[]> {
      return parseCerts(await pwsh(listScript(subjectLike)));
    },
    async remove(thumbprint: string): Promise<void> {
      if (!/^[0-9A-F]{40}$/i.test(thumbprint)) throw new CertStoreError('A thumbprint is 40 hexadecimal characters.');
      await pwsh(`$ErrorActionPreference = 'Stop'; Remove-Item -Path Cert:\\LocalMachine\\My\\${thumbprint.toUpperCase()}`);
    },
  };
}
export type WindowsCertStore = ReturnType<typeof windowsCertStore>;
