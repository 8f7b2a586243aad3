/**
 * DPAPI (the Windows Data Protection API) for the command line's secrets at rest: what only this Windows user on this
 * machine can decrypt. The Electron app has safeStorage for this; the command line runs in Node, which has no DPAPI
 * binding, so Windows PowerShell calls .NET's ProtectedData with the CurrentUser scope. The secret goes in on stdin
 * and comes back on stdout, never on a command line.
 * https://learn.microsoft.com/en-us/dotnet/api/system.security.cryptography.protecteddata.protect
 * https://learn.microsoft.com/en-us/dotnet/api/system.security.cryptography.protecteddata.unprotect
 * https://learn.microsoft.com/en-us/dotnet/api/system.security.cryptography.dataprotectionscope
 */

import { powershellWith, runPowerShell } from './powershell';
import { runCommand, type CommandRunner } from './tools';

export const protectScript = `Add-Type -AssemblyName System.Security
$plain = [System.Text.Encoding]::UTF8.GetBytes([string]$OfflineSeedInput.plain)
$blob = [System.Security.Cryptography.ProtectedData]::Protect($plain, $null, [System.Security.Cryptography.DataProtectionScope]::CurrentUser)
[pscustomobject]@{ blob = [Convert]::ToBase64String($blob) }`;

export const unprotectScript = `Add-Type -AssemblyName System.Security
$blob = [Convert]::FromBase64String([string]$OfflineSeedInput.blob)
$plain = [System.Security.Cryptography.ProtectedData]::Unprotect($blob, $null, [System.Security.Cryptography.DataProtectionScope]::CurrentUser)
[pscustomobject]@{ plain = [Convert]::ToBase64String($plain) }`;

export class DpapiError extends Error {}

/** Encrypts `plain` for the current Windows user (a DPAPI blob). */
export async function dpapiProtect(plain: string, run: CommandRunner = runCommand): Promise<Buffer> {
  const out = await runPowerShell(protectScript, { ps: powershellWith(run), input: { plain } });
  const blob = out.ok ? (out.result as { blob?: unknown } | null)?.blob : undefined;
  if (!out.ok || typeof blob !== 'string' || !blob) throw new DpapiError(`DPAPI could not protect the secret: ${out.ok ? 'no result' : out.error.message}`);
  return Buffer.from(blob, 'base64');
}

/** Decrypts a DPAPI blob of the current Windows user. */
export async function dpapiUnprotect(blob: Buffer, run: CommandRunner = runCommand): Promise<string> {
  const out = await runPowerShell(unprotectScript, { ps: powershellWith(run), input: { blob: blob.toString('base64') } });
  const plain = out.ok ? (out.result as { plain?: unknown } | null)?.plain : undefined;
  if (!out.ok || typeof plain !== 'string') throw new DpapiError(`DPAPI could not open the secret: ${out.ok ? 'no result' : out.error.message}`);
  return Buffer.from(plain, 'base64').toString('utf8');
}
