import { describe, expect, it } from 'vitest';
import { formatScript, formatWindowsDisk } from '../../../../src/core/platform/windows/format';
import { recorded, replayer } from './replay';

describe('Windows format adapter against recorded PowerShell output', () => {
  it('checks the serial, clears, initializes, partitions and formats, and reads the new volume', async () => {
    const r = replayer([{ stdout: recorded('format-volume.json'), stderr: '', code: 0 }]);
    const v = await formatWindowsDisk({ diskNumber: 4, serial: 'ZFL0ABCD', label: 'Seed1', drive: 'F' }, r.ps);
    expect(v).toEqual({ letter: 'F', fileSystem: 'NTFS', label: 'Seed1', sizeBytes: 2000379996160, freeBytes: 2000262098944 });
    const script = r.calls[0]!;
    expect(script).toContain("-ne 'ZFL0ABCD'");
    for (const step of ['Clear-Disk -Number $n -RemoveData', 'Initialize-Disk -Number $n -PartitionStyle GPT', 'New-Partition -DiskNumber $n -UseMaximumSize -AssignDriveLetter', "Format-Volume -Partition $p -FileSystem NTFS -NewFileSystemLabel 'Seed1'"]) expect(script).toContain(step);
    expect(script.indexOf('OFFLINESEED_SERIAL_CHANGED')).toBeLessThan(script.indexOf('Clear-Disk'));
  });

  it('quotes labels and refuses a disk whose serial changed, erasing nothing', async () => {
    expect(formatScript(1, "a'b", "it's")).toContain("'it''s'");
    const r = replayer([{ stdout: '', stderr: 'OFFLINESEED_SERIAL_CHANGED: WD-OTHER\r\nAt line:4 char:77\r\n', code: 1 }]);
    await expect(formatWindowsDisk({ diskNumber: 4, serial: 'ZFL0ABCD', label: 'x', drive: 'F' }, r.ps)).rejects.toMatchObject({ code: 'drives:errors.serialChanged', params: { found: 'WD-OTHER', expected: 'ZFL0ABCD' } });
  });

  it('turns Clear-Disk access denied into one sentence naming the drive', async () => {
    const r = replayer([{ stdout: '', stderr: recorded('clear-disk-access-denied.txt'), code: 1 }]);
    const e = (await formatWindowsDisk({ diskNumber: 4, serial: 'ZFL0ABCD', label: 'x', drive: 'F' }, r.ps).then(
      () => null,
      (x: unknown) => x,
    )) as { code: string; params: Record<string, string>; message: string };
    expect(e.code).toBe('drives:errors.formatFailed');
    expect(e.params.reason).toBe('Clear-Disk : Access to a CIM resource was not available to the client.');
    expect(e.message).toContain('F');
  });
});
