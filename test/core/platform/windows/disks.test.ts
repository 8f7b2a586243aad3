import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { enumerateScript, listWindowsDrives, parseWindowsDrives } from '../../../../src/core/platform/windows/disks';

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

  it('accepts a single disk serialized as an object, with a BOM', async () => {
    const one = '\uFEFF' + JSON.stringify({ disks: { Number: 1, FriendlyName: 'X', SerialNumber: 'S1', Size: 10, BusType: 'SATA', IsSystem: false, IsBoot: false, IsReadOnly: false }, physical: { DeviceId: '1', MediaType: 'SSD' }, partitions: null, volumes: null, bitlocker: null });
    const seen: string[] = [];
    const list = await listWindowsDrives(async (script) => {
      seen.push(script);
      return { stdout: one, stderr: '', code: 0 };
    });
    expect(seen[0]).toBe(enumerateScript);
    expect(list).toEqual([expect.objectContaining({ serial: 'S1', media: 'SSD', id: '\\\\.\\PHYSICALDRIVE1' })]);
  });
});
