import { describe, expect, it } from 'vitest';
import { formatScript, formatWindowsDisk } from '../../../../src/core/platform/windows/format';
import { wrapScript } from '../../../../src/core/platform/windows/powershell';
import { replayer, run } from './replay';

const disk = { diskNumber: 4, serial: 'ZFL0ABCD', label: 'Seed1', drive: 'F', sizeBytes: 2000398934016 };

describe('Windows format adapter against recorded PowerShell output', () => {
  it('checks serial, size and system flag, brings a SAN-offline disk online, clears, partitions, formats, and reads the new volume', async () => {
    const r = replayer([run('format-ok.stdout.txt', 0)]);
    const v = await formatWindowsDisk(disk, r.ps);
    expect(v).toEqual({ letter: 'F', fileSystem: 'NTFS', label: 'Seed1', sizeBytes: 2000379996160, freeBytes: 2000262098944 });
    const script = r.calls[0]!.script;
    expect(script).toContain("-ne 'ZFL0ABCD'");
    expect(script).toContain('[int64]$d.Size -ne [int64]2000398934016');
    const order = ['OFFLINESEED_SERIAL_CHANGED', 'OFFLINESEED_SIZE_CHANGED', 'OFFLINESEED_SYSTEM_DISK', 'Set-Disk -Number $n -IsOffline $false', 'Set-Disk -Number $n -IsReadOnly $false', 'Clear-Disk -Number $n -RemoveData', 'Initialize-Disk -Number $n -PartitionStyle GPT', 'New-Partition -DiskNumber $n -UseMaximumSize -AssignDriveLetter', "Format-Volume -Partition $p -FileSystem NTFS -NewFileSystemLabel 'Seed1'"];
    const at = order.map((s) => script.indexOf(s));
    expect(at.every((i) => i >= 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
  });

  it('builds a script in which a failing guard ends everything before Clear-Disk', () => {
    const script = wrapScript(formatScript(4, 'ZFL0ABCD', 'Seed1', 2000398934016));
    const tryAt = script.indexOf('\ntry {');
    const catchAt = script.indexOf('\n} catch {');
    const guardAt = script.indexOf('throw "OFFLINESEED_SERIAL_CHANGED');
    const clearAt = script.indexOf('Clear-Disk');
    // Errors are terminating, the guards and Clear-Disk sit in the same try block, and the catch exits non-zero.
    expect(script.indexOf("$ErrorActionPreference = 'Stop'")).toBeLessThan(tryAt);
    expect(tryAt).toBeLessThan(guardAt);
    expect(guardAt).toBeLessThan(clearAt);
    expect(clearAt).toBeLessThan(catchAt);
    expect(script.slice(catchAt)).toMatch(/exit 1\s*\n\}/);
    // Nothing between a guard and Clear-Disk could swallow the throw or end the script with success.
    const between = script.slice(guardAt, clearAt);
    expect(between).not.toMatch(/\btry\b|\bcatch\b|\btrap\b|\bexit\b|SilentlyContinue|Continue|-ErrorAction/);
  });

  it('refuses a disk whose serial changed: one call, exit 1, nothing after the guard ran', async () => {
    expect(formatScript(1, "a'b", "it's")).toContain("'it''s'");
    const r = replayer([run('format-guard-serial.stdout.txt', 1), run('format-ok.stdout.txt', 0)]);
    await expect(formatWindowsDisk(disk, r.ps)).rejects.toMatchObject({ code: 'drives:errors.serialChanged', params: { found: 'WD-OTHER', expected: 'ZFL0ABCD', drive: 'F' } });
    expect(r.calls).toHaveLength(1);
  });

  it('refuses a disk of another size, and the system disk, naming the reason', async () => {
    await expect(formatWindowsDisk(disk, replayer([run('format-guard-size.stdout.txt', 1)]).ps)).rejects.toMatchObject({
      code: 'drives:errors.driveSwapped',
      params: { expected: 'ZFL0ABCD', expectedSize: 2000398934016, foundSize: 1000204886016 },
    });
    await expect(formatWindowsDisk(disk, replayer([run('format-guard-system.stdout.txt', 1)]).ps)).rejects.toMatchObject({ code: 'drives:errors.notEligible', params: { reason: 'systemDisk' } });
  });

  it('turns Clear-Disk access denied into one sentence naming the drive, in the server language', async () => {
    const reasons: Record<string, string> = {
      en: 'Access to a CIM resource was not available to the client.',
      fr: "L'accès à une ressource CIM n'était pas disponible pour le client.",
      de: 'Der Zugriff auf eine CIM-Ressource war für den Client nicht verfügbar.',
    };
    for (const [lang, reason] of Object.entries(reasons)) {
      const e = (await formatWindowsDisk(disk, replayer([run(`clear-disk-access-denied.${lang}.stdout.txt`, 1)]).ps).then(
        () => null,
        (x: unknown) => x,
      )) as { code: string; params: Record<string, string>; message: string };
      expect(e.code).toBe('drives:errors.formatFailed');
      expect(e.params.reason).toBe(reason);
    }
  });

  it('does not call it formatted when PowerShell exits 0 without the complete result', async () => {
    // What `-Command -` produced: the guard's error on stderr, later lines ran, exit 0, a bare JSON volume.
    const old = { code: 0, stdout: '{"DriveLetter":"F","FileSystem":"NTFS","FileSystemLabel":"Seed1","Size":1,"SizeRemaining":1}\r\n', stderr: 'OFFLINESEED_SERIAL_CHANGED: WD-OTHER\r\n' };
    await expect(formatWindowsDisk(disk, replayer([old]).ps)).rejects.toMatchObject({ code: 'drives:errors.formatFailed' });
    const truncated = { code: 0, stdout: 'OFFLINESEED-RESULT {"complete":true,"result":{"DriveLetter":"F","File', stderr: '' };
    await expect(formatWindowsDisk(disk, replayer([truncated]).ps)).rejects.toMatchObject({ code: 'drives:errors.formatFailed' });
  });
});
