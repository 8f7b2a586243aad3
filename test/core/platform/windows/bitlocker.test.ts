import { describe, expect, it } from 'vitest';
import { enableBitLocker, enableScript, readBitLockerVolume, recoveryPasswordMatches } from '../../../../src/core/platform/windows/bitlocker';
import { inputOf, replayer, run } from './replay';

const key = '060456-014509-132033-080300-252615-584177-672089-411631';

describe('Windows BitLocker adapter against recorded Get-BitLockerVolume JSON', () => {
  it('enables AES-256 with a recovery password and reads the new protector back, the same on English, French and German servers', async () => {
    for (const lang of ['en', 'fr', 'de']) {
      const r = replayer([run(`bitlocker-enable.${lang}.stdout.txt`, 0)]);
      expect(await enableBitLocker('F', r)).toEqual({ id: '{5F1E4C4C-3D4B-4A0E-9B6B-0C1E5A3D2F10}', password: key });
      expect(r.calls).toHaveLength(1);
      const script = r.calls[0]!.script;
      expect(script).toContain("$mp = 'F:'");
      expect(script).toContain('Enable-BitLocker -MountPoint $mp -EncryptionMethod Aes256 -UsedSpaceOnly -RecoveryPasswordProtector');
      // Protectors are picked by the KeyProtectorType enum name, never by localized text; manage-bde is not used.
      expect(script).toContain(`"$($_.KeyProtectorType)" -eq 'RecoveryPassword'`);
      expect(script).not.toMatch(/manage-bde/i);
    }
  });

  it('reports a failed Enable-BitLocker in the server language, or a missing protector, as a drives error', async () => {
    await expect(enableBitLocker('F', replayer([run('enable-bitlocker-not-installed.de.stdout.txt', 1)]))).rejects.toMatchObject({
      code: 'drives:errors.bitLockerFailed',
      params: { drive: 'F:', reason: expect.stringMatching(/^Die Benennung "Enable-BitLocker"/) as unknown },
    });
    await expect(enableBitLocker('F:', replayer([run('bitlocker-enable-no-protector.stdout.txt', 0)]))).rejects.toMatchObject({ code: 'drives:errors.bitLockerFailed' });
    expect(() => enableScript("F'; Clear-Disk")).toThrow(/drive letter/);
  });

  it('checks a recorded key before shipping inside PowerShell, the key on stdin only', async () => {
    const ok = replayer([run('bitlocker-match-yes.stdout.txt', 0)]);
    expect(await recoveryPasswordMatches('F', key, ok.ps)).toBe(true);
    expect(inputOf(ok.calls[0]!)).toEqual({ key });
    expect(ok.calls[0]!.script).not.toContain(key);
    expect(await recoveryPasswordMatches('F:', key.replace('411631', '411642'), replayer([run('bitlocker-match-no.stdout.txt', 0)]).ps)).toBe(false);
    expect(await recoveryPasswordMatches('F:', key, replayer([run('get-bitlockervolume-access-denied.en.stdout.txt', 1)]).ps)).toBe(false);
  });

  it('reads a volume: protection, method and recovery passwords; null when Get-BitLockerVolume fails', async () => {
    expect(await readBitLockerVolume('F', replayer([run('bitlocker-read.stdout.txt', 0)]))).toEqual({
      mountPoint: 'F:',
      protectionStatus: 'On',
      volumeStatus: 'FullyEncrypted',
      encryptionMethod: 'Aes256',
      encryptionPercentage: 100,
      recoveryPasswords: [{ id: '{5F1E4C4C-3D4B-4A0E-9B6B-0C1E5A3D2F10}', password: key }],
    });
    expect(await readBitLockerVolume('G', replayer([run('bitlocker-read-off.stdout.txt', 0)]))).toMatchObject({ protectionStatus: 'Off', recoveryPasswords: [] });
    expect(await readBitLockerVolume('F', replayer([run('get-bitlockervolume-access-denied.en.stdout.txt', 1)]))).toBeNull();
  });
});
