/** Windows BitLocker: Enable-BitLocker with a recovery-password protector, then the 48-digit password read back with manage-bde. */

import { OfflineSeedError } from '../../../shared/errors';
import { isRecoveryPassword } from '../../../shared/rules/recoveryPassword';
import { command, powershell, type CommandRunner, type PowerShellRunner } from './powershell';
import { psQuote } from './format';

export interface RecoveryProtector {
  id: string;
  password: string;
}

/** Parses `manage-bde -protectors -get X: -Type RecoveryPassword` (the "Numerical Password" entries). */
export function parseRecoveryProtectors(text: string): RecoveryProtector[] {
  const out: RecoveryProtector[] = [];
  const re = /ID:\s*(\{[0-9A-F-]+\})\s*[\r\n]+\s*Password:\s*[\r\n]+\s*((?:\d{6}-){7}\d{6})/gi;
  for (const m of text.matchAll(re)) out.push({ id: m[1]!.toUpperCase(), password: m[2]! });
  return out;
}

export interface BitLockerStatus {
  protectionOn: boolean;
  encryptionMethod: string;
  conversionStatus: string;
  percentageEncrypted: number;
}

/** Parses `manage-bde -status X:`. */
export function parseManageBdeStatus(text: string): BitLockerStatus {
  const field = (name: string) => new RegExp(`${name}:\\s*(.+)`).exec(text)?.[1]?.trim() ?? '';
  return {
    protectionOn: /Protection On/i.test(field('Protection Status')),
    encryptionMethod: field('Encryption Method'),
    conversionStatus: field('Conversion Status'),
    percentageEncrypted: Number.parseFloat(field('Percentage Encrypted').replace(',', '.')) || 0,
  };
}

function bitLockerError(drive: string, reason: string): OfflineSeedError {
  return new OfflineSeedError({
    code: 'drives:errors.bitLockerFailed',
    params: { drive, reason },
    step: 'drives',
  });
}

/** Turns BitLocker on (AES-256, used space only, recovery password) and returns the recovery password. */
export async function enableBitLocker(letter: string, runners: { ps?: PowerShellRunner; cmd?: CommandRunner } = {}): Promise<RecoveryProtector> {
  const ps = runners.ps ?? powershell;
  const cmd = runners.cmd ?? command;
  const mount = `${letter.replace(/:$/, '')}:`;
  const r = await ps(`Enable-BitLocker -MountPoint ${psQuote(mount)} -EncryptionMethod XtsAes256 -UsedSpaceOnly -RecoveryPasswordProtector -WarningAction SilentlyContinue | Out-Null`);
  if (r.code !== 0) throw bitLockerError(mount, (r.stderr.split(/\r?\n/).find((l) => l.trim()) ?? `exit ${r.code}`).trim());
  const got = await cmd('manage-bde', ['-protectors', '-get', mount, '-Type', 'RecoveryPassword']);
  // Only a password with the documented checksum can unlock the volume at the datacenter (shared/rules/recoveryPassword.ts).
  const protectors = parseRecoveryProtectors(got.stdout).filter((p) => isRecoveryPassword(p.password));
  if (got.code !== 0 || protectors.length === 0) throw bitLockerError(mount, 'no recovery password protector');
  return protectors[protectors.length - 1]!;
}

/** Whether `key` is a recovery password of the volume (checked before shipping). */
export async function recoveryPasswordMatches(letter: string, key: string, cmd: CommandRunner = command): Promise<boolean> {
  const got = await cmd('manage-bde', ['-protectors', '-get', `${letter.replace(/:$/, '')}:`, '-Type', 'RecoveryPassword']);
  return got.code === 0 && parseRecoveryProtectors(got.stdout).some((p) => p.password === key.trim());
}
