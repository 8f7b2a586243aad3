import { describe, expect, it } from 'vitest';
import { enableBitLocker, parseManageBdeStatus, parseRecoveryProtectors, recoveryPasswordMatches } from '../../../../src/core/platform/windows/bitlocker';
import { recorded, replayer } from './replay';

const key = '060456-014509-132033-080300-252615-584177-672089-411631';

describe('Windows BitLocker adapter against recorded manage-bde output', () => {
  it('parses the recovery password protector and the status', () => {
    expect(parseRecoveryProtectors(recorded('manage-bde-protectors-get.txt'))).toEqual([{ id: '{5F1E4C4C-3D4B-4A0E-9B6B-0C1E5A3D2F10}', password: key }]);
    expect(parseRecoveryProtectors(recorded('manage-bde-protectors-none.txt'))).toEqual([]);
    expect(parseManageBdeStatus(recorded('manage-bde-status.txt'))).toEqual({ protectionOn: true, encryptionMethod: 'XTS-AES 256', conversionStatus: 'Used Space Only Encrypted', percentageEncrypted: 100 });
  });

  it('enables BitLocker with a recovery password and reads the 48 digits back', async () => {
    const r = replayer([
      { stdout: '', stderr: '', code: 0 },
      { stdout: recorded('manage-bde-protectors-get.txt'), stderr: '', code: 0 },
    ]);
    expect(await enableBitLocker('F', r)).toEqual({ id: '{5F1E4C4C-3D4B-4A0E-9B6B-0C1E5A3D2F10}', password: key });
    expect(r.calls[0]).toContain("Enable-BitLocker -MountPoint 'F:' -EncryptionMethod XtsAes256 -UsedSpaceOnly -RecoveryPasswordProtector");
    expect(r.calls[1]).toBe('manage-bde -protectors -get F: -Type RecoveryPassword');
  });

  it('reports a failed Enable-BitLocker or a missing protector as a drives error', async () => {
    await expect(enableBitLocker('F', replayer([{ stdout: '', stderr: recorded('enable-bitlocker-error.txt'), code: 1 }]))).rejects.toMatchObject({ code: 'drives:errors.bitLockerFailed', params: { drive: 'F:' } });
    await expect(
      enableBitLocker('F', replayer([{ stdout: '', stderr: '', code: 0 }, { stdout: recorded('manage-bde-protectors-none.txt'), stderr: '', code: 0 }])),
    ).rejects.toMatchObject({ code: 'drives:errors.bitLockerFailed' });
  });

  it('checks a recorded key before shipping', async () => {
    const ok = replayer([{ stdout: recorded('manage-bde-protectors-get.txt'), stderr: '', code: 0 }]);
    expect(await recoveryPasswordMatches('F', key, ok.cmd)).toBe(true);
    const bad = replayer([{ stdout: recorded('manage-bde-protectors-get.txt'), stderr: '', code: 0 }]);
    expect(await recoveryPasswordMatches('F:', key.replace('411631', '411642'), bad.cmd)).toBe(false);
  });
});
