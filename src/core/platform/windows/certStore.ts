/**
 * The Windows LocalMachine\My certificate store, where MARS looks for `CB_AzureADCertforOfflineSeeding_*`, with
 * what a stock Windows Server has: Windows PowerShell 5.1 and the PKI module. The PFX is built in Node and reaches
 * PowerShell on stdin with its single-use password (never on a command line); Import-PfxCertificate without
 * -Exportable keeps the private key non-exportable. Removing a certificate deletes its private key too.
 */

import { createHash } from 'node:crypto';
import { buildPfx } from './pfx';
import { asArray, powershellWith, runPowerShell } from './powershell';
import { runCommand, type CommandRunner } from './tools';

export interface StoreCertificate {
  thumbprint: string;
  subject: string;
  notBefore: string;
  notAfter: string;
  hasPrivateKey: boolean;
}

const selectCert =
  "ForEach-Object { [pscustomobject]@{ Thumbprint = \"$($_.Thumbprint)\"; Subject = \"$($_.Subject)\"; NotBefore = $_.NotBefore.ToUniversalTime().ToString('o'); NotAfter = $_.NotAfter.ToUniversalTime().ToString('o'); HasPrivateKey = [bool]$_.HasPrivateKey } }";

/**
 * Writes the PFX from stdin to a temporary file only this user can read, imports it, and always deletes the file.
 * https://learn.microsoft.com/en-us/powershell/module/pki/import-pfxcertificate
 * https://learn.microsoft.com/en-us/powershell/module/microsoft.powershell.security/convertto-securestring
 */
export const importScript = [
  '$pfx = [Convert]::FromBase64String("$($OfflineSeedInput.pfx)")',
  '$tmp = Join-Path ([IO.Path]::GetTempPath()) ([IO.Path]::GetRandomFileName())',
  '[IO.File]::WriteAllBytes($tmp, $pfx)',
  'try {',
  '  $pw = ConvertTo-SecureString -String "$($OfflineSeedInput.password)" -AsPlainText -Force',
  '  $c = Import-PfxCertificate -FilePath $tmp -CertStoreLocation Cert:\\LocalMachine\\My -Password $pw',
  '} finally { Remove-Item -LiteralPath $tmp -Force -ErrorAction SilentlyContinue }',
  `@($c) | Where-Object { $_.Thumbprint -eq "$($OfflineSeedInput.thumbprint)" } | ${selectCert}`,
].join('\n');

/** The certificates the backup agent's wizard creates (the subject Microsoft's documentation names), as -like matches. */
export const agentCertificateSubject = 'CN=CB_AzureADCertforOfflineSeeding_*';

/** https://learn.microsoft.com/en-us/powershell/module/microsoft.powershell.security/about/about_certificate_provider */
export const listScript = (subjectLike: string) =>
  `Get-ChildItem -Path Cert:\\LocalMachine\\My | Where-Object { $_.Subject -like '${subjectLike.replace(/['\u2018\u2019\u201a\u201b]/g, "''")}' } | ${selectCert}`;

/**
 * Remove-Item with -DeleteKey removes the private key with the certificate (the certificate provider's dynamic
 * parameter). https://learn.microsoft.com/en-us/powershell/module/microsoft.powershell.security/about/about_certificate_provider
 */
export const removeScript = (thumbprint: string) => `Remove-Item -Path Cert:\\LocalMachine\\My\\${thumbprint} -DeleteKey`;

/**
 * One certificate of LocalMachine\My by thumbprint, with its DER bytes: what the certificate MMC's "Export … without
 * the private key, .cer" writes. Get-Item on the certificate provider's path; X509Certificate2.RawData is the DER.
 * A certificate that is not there fails with ItemNotFoundException (FullyQualifiedErrorId "PathNotFound,…", the same
 * in every language). No private key is read.
 * https://learn.microsoft.com/en-us/powershell/module/microsoft.powershell.security/about/about_certificate_provider
 * https://learn.microsoft.com/en-us/powershell/module/microsoft.powershell.management/get-item
 * https://learn.microsoft.com/en-us/dotnet/api/system.security.cryptography.x509certificates.x509certificate2.rawdata
 */
export const exportScript = `$c = Get-Item -LiteralPath ('Cert:\\LocalMachine\\My\\' + [string]$OfflineSeedInput.thumbprint)
[pscustomobject]@{ Thumbprint = "$($c.Thumbprint)"; Subject = "$($c.Subject)"; Der = [Convert]::ToBase64String($c.RawData) }`;

function parseCerts(result: unknown): StoreCertificate[] {
  return asArray(result as Array<Record<string, unknown>> | Record<string, unknown> | null).map((c) => ({
    thumbprint: String(c.Thumbprint ?? '').toUpperCase(),
    subject: String(c.Subject ?? ''),
    notBefore: String(c.NotBefore ?? ''),
    notAfter: String(c.NotAfter ?? ''),
    hasPrivateKey: c.HasPrivateKey === true,
  }));
}

export class CertStoreError extends Error {
  constructor(
    message: string,
    /** PowerShell's FullyQualifiedErrorId: language-neutral ("PathNotFound,Microsoft.PowerShell.Commands.GetItemCommand"). */
    readonly errorId = '',
  ) {
    super(message);
  }
}

/** The thumbprint Windows shows: the SHA-1 of the DER certificate, upper-case hex. */
const thumbprintOf = (der: Buffer) => createHash('sha1').update(der).digest('hex').toUpperCase();
const sha1Of = (certPem: string) => thumbprintOf(Buffer.from(certPem.replace(/-----[A-Z ]+-----/g, '').replace(/\s+/g, ''), 'base64'));

export function windowsCertStore(run: CommandRunner = runCommand) {
  const ps = powershellWith(run);
  const call = async (script: string, input?: unknown) => {
    const r = await runPowerShell(script, { ps, input });
    // PowerShell's own message (localized); it names the script, never the stdin.
    if (!r.ok) throw new CertStoreError(r.error.message, r.error.errorId);
    return r.result;
  };
  return {
    /** Imports certificate + private key into LocalMachine\My, non-exportable (needs an elevated process). */
    async add(certPem: string, privateKeyPem: string): Promise<StoreCertificate> {
      const thumbprint = sha1Of(certPem);
      const pfx = buildPfx(certPem, privateKeyPem);
      const [c] = parseCerts(await call(importScript, { pfx: pfx.der.toString('base64'), password: pfx.password, thumbprint }));
      if (!c) throw new CertStoreError('Import-PfxCertificate did not report the imported certificate.');
      return c;
    },
    async list(subjectLike = agentCertificateSubject): Promise<StoreCertificate[]> {
      return parseCerts(await call(listScript(subjectLike)));
    },
    /** The certificate's DER (the .cer export, no private key); its SHA-1 must be the thumbprint Windows shows. */
    async exportCer(thumbprint: string): Promise<{ thumbprint: string; subject: string; der: Buffer }> {
      if (!/^[0-9A-F]{40}$/i.test(thumbprint)) throw new CertStoreError('A thumbprint is 40 hexadecimal characters.');
      const r = (await call(exportScript, { thumbprint: thumbprint.toUpperCase() })) as { Thumbprint?: unknown; Subject?: unknown; Der?: unknown } | null;
      const der = Buffer.from(typeof r?.Der === 'string' ? r.Der : '', 'base64');
      const sha1 = thumbprintOf(der);
      if (der.length === 0 || sha1 !== thumbprint.toUpperCase()) throw new CertStoreError(`The exported certificate is not the one with thumbprint ${thumbprint.toUpperCase()}.`);
      return { thumbprint: sha1, subject: String(r?.Subject ?? ''), der };
    },
    /** Removes the certificate and deletes its private key. */
    async remove(thumbprint: string): Promise<void> {
      if (!/^[0-9A-F]{40}$/i.test(thumbprint)) throw new CertStoreError('A thumbprint is 40 hexadecimal characters.');
      await call(removeScript(thumbprint.toUpperCase()));
    },
  };
}
export type WindowsCertStore = ReturnType<typeof windowsCertStore>;
