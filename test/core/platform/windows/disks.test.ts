import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { enumerateScript, listWindowsDrives, parseWindowsDrives } from '../../../../src/core/platform/windows/disks';
import { replayer, run } from './replay';

const fixture = (n: string) => readFileSync(path.join(__dirname, '../../../fixtures/drives', n), 'utf8');

describe('Windows enumeration from recorded Get-Disk / Get-PhysicalDisk / Get-Partition / Get-Volume / Get-BitLockerVolume JSON', () => {
  const drives = parseWindowsDrives(fixture('windows-get-disk.json'));

  it('joins disks with their partitions, volumes and BitLocker state', () => {
    expect(drives.map((d) => d.id)).toEqual(['C', '\\\\.\\PHYSICALDRIVE1', 'E', 'G', 'F', 'S']);
    const c = drives[0]!;
    expect(c).toMatchObject({ bus: 'NVMe', media: 'SSD', isSystem: true, isBoot: true, diskNumber: 0 });
    expect(c.volumes.map((v) => v.mountPoints)).toEqual([[], ['C:']]);
    expect(c.volumes[1]).toMatchObject({ fsType: 'NTFS', bitLocker: 'off' });
    expect(drives[1]).toMatchObject({ serial: 'WD-WCC7K1234567', media: 'HDD', bus: 'SATA', volumes: [] });
    expect(drives[2]).toMatchObject({ bus: 'USB', removable: true });
    expect(drives[2]!.volumes[0]).toMatchObject({ label: 'My Passport', mountPoints: ['E:'] });
    expect(drives[4]!.volumes[0]!.bitLocker).toBe('on');
    expect(drives[5]).toMatchObject({ readOnly: true, serial: '' });
  });

  it('accepts a single disk serialized as an object (Windows PowerShell 5.1), through the runner', async () => {
    const r = replayer([run('get-disk-one.stdout.txt', 0)]);
    const list = await listWindowsDrives(r.ps);
    expect(r.calls[0]!.script).toContain(enumerateScript);
    expect(r.calls[0]!.script).not.toContain('ConvertTo-Json -Depth 4');
    expect(list).toEqual([expect.objectContaining({ serial: 'S1', media: 'SSD', id: '\\\\.\\PHYSICALDRIVE1' })]);
    expect(parseWindowsDrives('\uFEFF{"disks":[]}')).toEqual([]);
  });

  it('fails the list with PowerShell’s message when Get-Disk fails', async () => {
    await expect(listWindowsDrives(replayer([run('get-bitlockervolume-access-denied.en.stdout.txt', 1)]).ps)).rejects.toThrow('Get-Disk failed: Access denied');
  });
});
