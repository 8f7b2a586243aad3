import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { checkDrive, checkDrives, pathWithin, type EligibilityContext } from '../../../src/shared/rules/driveEligibility';
import { parseLsblk } from '../../../src/core/platform/linux/lsblk';
import { parseWindowsDrives } from '../../../src/core/platform/windows/disks';

const fixture = (n: string) => readFileSync(path.join(__dirname, '../../fixtures/drives', n), 'utf8');

const linux = parseLsblk(fixture('lsblk-linux-workstation.json'));
const windows = parseWindowsDrives(fixture('windows-get-disk.json'));

const linuxCtx: EligibilityContext = {
  stagingDir: '/srv/staging/seed1',
  sourcePaths: ['/media/backup/My Passport/data'],
  largestFileBytes: 256 * 1024 * 1024,
  copyMachineVirtual: false,
  sourceMachineVirtual: false,
};

const names = (x: { name: string }[]) => x.map((p) => p.name);

describe('drive eligibility on recorded lsblk output', () => {
  const judged = new Map(checkDrives(linux, linuxCtx).map((j) => [j.drive.id, j.eligibility]));
  it.each([
    ['/dev/sda', ['systemDisk'], ['hasData']],
    ['/dev/sdb', ['holdsSource'], ['usb', 'hasData']],
    ['/dev/sdc', ['tooLarge'], []],
    ['/dev/nvme0n1', ['nvme'], []],
    ['/dev/sdd', ['readOnly'], []],
    ['/dev/sde', [], []],
    ['/dev/sdf', ['holdsStaging'], ['hasData']],
    ['/dev/sdg', [], []],
  ])('%s: errors %j, warnings %j', (id, errors, warnings) => {
    const e = judged.get(id)!;
    expect(e).toBeDefined();
    expect(names(e.errors)).toEqual(errors);
    expect(names(e.warnings)).toEqual(warnings);
    expect(e.eligible).toBe(errors.length === 0);
    for (const p of [...e.errors, ...e.warnings]) expect(p.key).toBe(`drives:eligibility.${p.name}`);
  });

  it('hides the system disk and lists no optical drive', () => {
    expect(judged.get('/dev/sda')!.hidden).toBe(true);
    expect([...judged.values()].filter((e) => e.hidden)).toHaveLength(1);
    expect(judged.has('/dev/sr0')).toBe(false);
  });

  it('attributes a path to the deepest mount: staging under /srv/staging is not on the system disk', () => {
    const sda = judged.get('/dev/sda')!;
    expect(names(sda.errors)).not.toContain('holdsStaging');
  });

  it('refuses a drive smaller than the largest pack and a VM copying a VM', () => {
    const sde = linux.find((d) => d.id === '/dev/sde')!;
    const e = checkDrive(sde, { ...linuxCtx, largestFileBytes: 5e12, copyMachineVirtual: true, sourceMachineVirtual: true }, linux);
    expect(names(e.errors)).toEqual(['tooSmall', 'vmOnVm']);
    expect(e.errors[0]!.params).toEqual({ size: sde.sizeBytes, needed: 5e12 });
    expect(names(checkDrive(sde, { ...linuxCtx, copyMachineVirtual: true, sourceMachineVirtual: null }, linux).errors)).toEqual([]);
  });
});

describe('drive eligibility on recorded Windows PowerShell output', () => {
  const ctx: EligibilityContext = { ...linuxCtx, stagingDir: 'S:\\Staging', sourcePaths: ['D:\\Data'], windows: true };
  const judged = new Map(checkDrives(windows, ctx).map((j) => [j.drive.serial, j.eligibility]));
  it.each([
    ['0025_3852_1170_1A4E.', ['systemDisk', 'nvme'], ['hasData']],
    ['WD-WCC7K1234567', [], []],
    ['575833314133343536373839', [], ['usb', 'hasData']],
    ['ZL2ABCDE', ['tooLarge'], ['hasData']],
    ['ZFL0ABCD', [], ['hasData']],
    // Windows reports IsReadOnly (a SAN policy, cleared by Set-Disk inside the confirmed erase): a warning, not a refusal.
    ['', ['holdsStaging'], ['sanPolicy', 'noSerial', 'hasData']],
  ])('%s: errors %j, warnings %j', (serial, errors, warnings) => {
    const e = judged.get(serial)!;
    expect(names(e.errors)).toEqual(errors);
    expect(names(e.warnings)).toEqual(warnings);
  });

  it('a dir: drive inside the staging location is refused', () => {
    const d = { id: 'dir:/srv/staging/seed1/out', kind: 'dir' as const, device: '/srv/staging/seed1/out', model: '', serial: 'X', sizeBytes: 1e9, bus: 'Unknown' as const, media: 'Unknown' as const, isSystem: false, isBoot: false, readOnly: false, removable: false, volumes: [] };
    expect(names(checkDrive(d, linuxCtx).errors)).toEqual(['holdsStaging']);
  });

  it('compares paths by whole components, case-insensitively on Windows', () => {
    expect(pathWithin('/srv/stagingX', '/srv/staging')).toBe(false);
    expect(pathWithin('/srv/staging/a', '/srv/staging/')).toBe(true);
    expect(pathWithin('s:\\staging', 'S:', true)).toBe(true);
    expect(pathWithin('/x', '/')).toBe(true);
  });
});
