/**
 * A BitLocker recovery password is 48 digits in 8 groups of 6, each group divisible by 11 and below 720896
 * (ProtectKeyWithNumericalPassword, https://learn.microsoft.com/windows/win32/secprov/protectkeywithnumericalpassword-win32-encryptablevolume).
 * Offline Seed checks it before a key goes into an import job (the local datacenter has its own check, tested in
 * test/emulator/bitLocker.test.ts).
 */

import { describe, expect, it } from 'vitest';
import { isRecoveryPassword } from '../../../src/shared/rules/recoveryPassword';

const valid = '135795-440011-024442-720885-000077-341000-597531-010989';
const invalid: Array<[string, string]> = [
  ['a group not divisible by 11', '135795-440011-024442-720885-000077-341000-597531-010988'],
  ['a group of 720896 (2^16 × 11) or more', '135795-440011-024442-720896-000077-341000-597531-010989'],
  ['seven groups', '135795-440011-024442-720885-000077-341000-597531'],
  ['a group of five digits', '13579-440011-024442-720885-000077-341000-597531-010989'],
  ['letters', '135795-440011-024442-72088A-000077-341000-597531-010989'],
  ['no dashes', '135795440011024442720885000077341000597531010989'],
  ['nothing', ''],
];

describe('recovery password checksum', () => {
  it('accepts a password whose every group is a multiple of 11 below 720896', () => {
    expect(isRecoveryPassword(valid)).toBe(true);
    expect(isRecoveryPassword('000000-000000-000000-000000-000000-000000-000000-000000')).toBe(true);
  });

  it.each(invalid)('refuses %s', (_what, key) => {
    expect(isRecoveryPassword(key)).toBe(false);
  });
});
