/**
 * The shape of a BitLocker recovery password (a "numerical password"): 48 digits in 8 groups of 6, each group
 * divisible by 11 and at most 720885, i.e. below 720896 = 65536 × 11 (each group carries 16 bits of the key).
 * Source: ProtectKeyWithNumericalPassword
 * (https://learn.microsoft.com/windows/win32/secprov/protectkeywithnumericalpassword-win32-encryptablevolume).
 * Offline Seed checks it before a drive's key goes into an import job: a key that fails it cannot unlock the drive.
 */

/** Each group is below this: 2^16 × 11. */
export const recoveryGroupLimit = 720896;

/** Whether `key` (dash-separated, as manage-bde prints it) is a well-formed recovery password. */
export function isRecoveryPassword(key: string): boolean {
  const m = /^(\d{6})-(\d{6})-(\d{6})-(\d{6})-(\d{6})-(\d{6})-(\d{6})-(\d{6})$/.exec(key.trim());
  return m !== null && m.slice(1).every((g) => Number(g) % 11 === 0 && Number(g) < recoveryGroupLimit);
}
