/**
 * Windows BitLocker through the BitLocker module, read language-neutrally: Get-BitLockerVolume's KeyProtector
 * objects as JSON (enum names, not the localized text manage-bde prints: "Password:", "Mot de passe :", "Kennwort:").
 *
 * Encryption method: AES-256. Microsoft's Import/Export FAQ ("Does Azure Import/Export support AES-256 encryption?
 * Yes. Azure Import/Export service uses AES-256 BitLocker encryption.")
 * https://learn.microsoft.com/en-us/azure/import-export/storage-import-export-service-faq
 * Aes256 (AES-CBC) rather than XtsAes256: the WAImportExport tool runs on Windows 7 / Server 2008 R2, which cannot
 * read XTS volumes, so CBC is the one every BitLocker reader on the receiving side can open.
 */

import { OfflineSeedError } from '../../../shared/errors';
import { isRecoveryPassword } from '../../../shared/rules/recoveryPassword';
import { asArray, psQuote, runPowerShell, type PowerShellRunner } from './powershell';

export interface RecoveryProtector {
  id: string;
  password: string;
}

/** What Get-BitLockerVolume says about a volume (enum names as Windows spells them, e.g. "FullyEncrypted"). */
export interface BitLockerVolumeState {
  mountPoint: string;
  protectionStatus: string;
  volumeStatus: string;
  encryptionMethod: string;
  encryptionPercentage: number;
  /** The recovery-password protectors (KeyProtectorType RecoveryPassword). */
  recoveryPasswords: RecoveryProtector[];
}

/** The methods the Import/Export FAQ's "AES-256" covers. */
export const acceptedEncryptionMethods = ['Aes256', 'XtsAes256'] as const;

const mountOf = (letter: string) => {
  const l = letter.replace(/:?\\?$/, '').toUpperCase();
  if (!/^[A-Z]$/.test(l)) throw new Error(`Not a drive letter: ${letter}`);
  return `${l}:`;
};

/** PowerShell that turns the volume `$v` into the state object (recovery passwords only, enum names as strings). */
const stateOf = (filter: string) =>
  `[pscustomobject]@{ MountPoint = "$($v.MountPoint)"; ProtectionStatus = "$($v.ProtectionStatus)"; VolumeStatus = "$($v.VolumeStatus)"; EncryptionMethod = "$($v.EncryptionMethod)"; EncryptionPercentage = $v.EncryptionPercentage; KeyProtector = @($v.KeyProtector | Where-Object { "$($_.KeyProtectorType)" -eq 'RecoveryPassword'${filter} } | ForEach-Object { [pscustomobject]@{ KeyProtectorId = "$($_.KeyProtectorId)"; RecoveryPassword = "$($_.RecoveryPassword)" } }) }`;

/**
 * Turns BitLocker on with a new recovery-password protector and outputs the volume with the protector(s) that
 * were not there before.
 * https://learn.microsoft.com/en-us/powershell/module/bitlocker/enable-bitlocker
 * https://learn.microsoft.com/en-us/powershell/module/bitlocker/get-bitlockervolume
 */
export function enableScript(letter: string): string {
  return [
    `$mp = ${psQuote(mountOf(letter))}`,
    '$before = @((Get-BitLockerVolume -MountPoint $mp).KeyProtector | ForEach-Object { "$($_.KeyProtectorId)" })',
    '$null = Enable-BitLocker -MountPoint $mp -EncryptionMethod Aes256 -UsedSpaceOnly -RecoveryPasswordProtector',
    '$v = Get-BitLockerVolume -MountPoint $mp',
    stateOf(' -and $before -notcontains "$($_.KeyProtectorId)"'),
  ].join('\n');
}

/** Reads the volume's state and recovery passwords. https://learn.microsoft.com/en-us/powershell/module/bitlocker/get-bitlockervolume */
export function readScript(letter: string): string {
  return [`$v = Get-BitLockerVolume -MountPoint ${psQuote(mountOf(letter))}`, stateOf('')].join('\n');
}

/**
 * Whether the key sent on stdin is one of the volume's recovery passwords: the comparison happens in PowerShell,
 * so the volume's passwords never leave it. https://learn.microsoft.com/en-us/powershell/module/bitlocker/get-bitlockervolume
 */
export function matchScript(letter: string): string {
  return [
    `$v = Get-BitLockerVolume -MountPoint ${psQuote(mountOf(letter))}`,
    '$want = "$($OfflineSeedInput.key)".Trim()',
    `$found = @($v.KeyProtector | Where-Object { "$($_.KeyProtectorType)" -eq 'RecoveryPassword' -and "$($_.RecoveryPassword)" -eq $want })`,
    '[pscustomobject]@{ Matches = ($found.Count -gt 0); VolumeStatus = "$($v.VolumeStatus)"; EncryptionMethod = "$($v.EncryptionMethod)" }',
  ].join('\n');
}

/** Reads the state object the scripts output. */
export function parseVolumeState(v: unknown): BitLockerVolumeState {
  const o = (v ?? {}) as Record<string, unknown>;
  const protectors = asArray(o.KeyProtector as Array<{ KeyProtectorId?: unknown; RecoveryPassword?: unknown }> | null)
    .map((p) => ({ id: String(p.KeyProtectorId ?? '').toUpperCase(), password: String(p.RecoveryPassword ?? '').trim() }))
    // Only a password with the documented checksum can unlock the volume at the datacenter (shared/rules/recoveryPassword.ts).
    .filter((p) => isRecoveryPassword(p.password));
  return {
    mountPoint: String(o.MountPoint ?? ''),
    protectionStatus: String(o.ProtectionStatus ?? ''),
    volumeStatus: String(o.VolumeStatus ?? ''),
    encryptionMethod: String(o.EncryptionMethod ?? ''),
    encryptionPercentage: Number(o.EncryptionPercentage ?? 0) || 0,
    recoveryPasswords: protectors,
  };
}

function bitLockerError(drive: string, reason: string): OfflineSeedError {
  return new OfflineSeedError({ code: 'drives:errors.bitLockerFailed', params: { drive, reason }, step: 'drives' });
}

/** Turns BitLocker on (AES-256, used space only, recovery password) and returns the new recovery password. */
export async function enableBitLocker(letter: string, runners: { ps?: PowerShellRunner } = {}): Promise<RecoveryProtector> {
  const mount = mountOf(letter);
  const r = await runPowerShell(enableScript(mount), { ps: runners.ps });
  if (!r.ok) throw bitLockerError(mount, r.error.message);
  const state = parseVolumeState(r.result);
  const p = state.recoveryPasswords[state.recoveryPasswords.length - 1];
  if (!p) throw bitLockerError(mount, 'Get-BitLockerVolume lists no new RecoveryPassword key protector');
  return p;
}

/** The volume's BitLocker state, or null when Get-BitLockerVolume fails (no such volume, no BitLocker feature). */
export async function readBitLockerVolume(letter: string, runners: { ps?: PowerShellRunner } = {}): Promise<BitLockerVolumeState | null> {
  const r = await runPowerShell(readScript(letter), { ps: runners.ps });
  return r.ok ? parseVolumeState(r.result) : null;
}

/** Whether `key` is a recovery password of the volume (checked before shipping). */
export async function recoveryPasswordMatches(letter: string, key: string, ps?: PowerShellRunner): Promise<boolean> {
  const r = await runPowerShell(matchScript(letter), { ps, input: { key: key.trim() } });
  return r.ok && (r.result as { Matches?: unknown } | null)?.Matches === true;
}
