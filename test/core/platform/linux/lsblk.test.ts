import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseLsblk } from '../../../../src/core/platform/linux/lsblk';

const fixture = (n: string) => readFileSync(path.join(__dirname, '../../../fixtures/drives', n), 'utf8');

describe('lsblk parsing', () => {
  it('reads this container: the virtio system disk and an NTFS loop mounted with ntfs-3g, no zram', () => {
    const drives = parseLsblk(fixture('lsblk-linux-container-loop.json'), (n) => `LOOP-${n}`);
    expect(drives.map((d) => d.id)).toEqual(['/dev/loop0', '/dev/vda']);
    const [loop, vda] = drives as [(typeof drives)[0], (typeof drives)[0]];
    expect(loop).toMatchObject({ kind: 'loop', serial: 'LOOP-loop0', sizeBytes: 64 * 1024 * 1024, bus: 'Virtual', isSystem: false });
    expect(loop.volumes[0]!.mountPoints).toEqual(['/tmp/fxm']);
    expect(vda).toMatchObject({ kind: 'disk', bus: 'Virtual', isSystem: true, sizeBytes: 274877906944, media: 'HDD' });
  });

  it('reads a workstation: buses, media, partitions, read-only, boot', () => {
    const drives = parseLsblk(fixture('lsblk-linux-workstation.json'));
    const by = new Map(drives.map((d) => [d.id, d]));
    expect(by.get('/dev/sda')).toMatchObject({ bus: 'SATA', media: 'SSD', isSystem: true, isBoot: true, serial: 'S4EWNX0R123456', model: 'Samsung SSD 870 EVO 500GB' });
    expect(by.get('/dev/sda')!.volumes.map((v) => v.mountPoints[0])).toEqual(['/boot/efi', '/']);
    expect(by.get('/dev/sdb')).toMatchObject({ bus: 'USB', removable: true });
    expect(by.get('/dev/sdb')!.volumes[0]).toMatchObject({ fsType: 'ntfs', label: 'My Passport' });
    expect(by.get('/dev/nvme0n1')!.bus).toBe('NVMe');
    expect(by.get('/dev/sdd')!.readOnly).toBe(true);
    expect(by.get('/dev/sdg')!.bus).toBe('SAS');
    expect(by.get('/dev/sde')!.volumes).toEqual([]);
  });
});
