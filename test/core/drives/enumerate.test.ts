import { afterAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { watchDrives } from '../../../src/core/drives/enumerate';
import { dirDrive, resolveDrive } from '../../../src/core/drives/resolve';
import { assertCanEncrypt, recheckBeforeFormat } from '../../../src/core/drives/prepare';
import { writeBitLockerMarker } from '../../../src/core/drives/emulatedBitLocker';
import { parseLsblk } from '../../../src/core/platform/linux/lsblk';
import { parseWindowsDrives } from '../../../src/core/platform/windows/disks';
import type { DriveInfo } from '../../../src/shared/rules/driveEligibility';

const fixture = (n: string) => readFileSync(path.join(__dirname, '../../fixtures/drives', n), 'utf8');
const linux = parseLsblk(fixture('lsblk-linux-workstation.json'));
const windows = parseWindowsDrives(fixture('windows-get-disk.json'));
const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await fs.rm(d, { recursive: true, force: true });
});
const ctx = { stagingDir: '/srv/staging/x', sourcePaths: [], largestFileBytes: 1, copyMachineVirtual: false, sourceMachineVirtual: null };

describe('drive list, --drive and the last check before erasing', () => {
  it('reports the list when drives come and go, not when nothing changed', async () => {
    const lists: DriveInfo[][] = [linux, linux, linux.slice(0, 3), linux.slice(0, 3), linux];
    const seen: number[] = [];
    let stop = () => undefined as void;
    await new Promise<void>((resolve) => {
      stop = watchDrives(
        (d) => {
          seen.push(d.length);
          if (seen.length === 3) resolve();
        },
        { intervalMs: 1, list: async () => lists.shift() ?? linux },
      );
    });
    stop();
    expect(seen).toEqual([linux.length, 3, linux.length]);
  });

  it('resolves letters, devices and dir: folders; an unknown drive is one usage error', async () => {
    expect((await resolveDrive('E', windows)).serial).toBe('575833314133343536373839');
    expect((await resolveDrive('e:', windows)).serial).toBe('575833314133343536373839');
    expect((await resolveDrive('/dev/sde', linux)).serial).toBe('WD-WCC7K1234567');
    await expect(resolveDrive('/dev/sdz', linux)).rejects.toMatchObject({ code: 'drives:errors.driveNotFound', exitCode: 2 });
    await expect(resolveDrive('dir:/does/not/exist', [])).rejects.toMatchObject({ code: 'drives:errors.driveNotFound' });
    const folder = await fs.mkdtemp(path.join(os.tmpdir(), 'os-dirdrive-'));
    dirs.push(folder);
    const d = await dirDrive(folder);
    expect(d).toMatchObject({ kind: 'dir', device: await fs.realpath(folder), readOnly: false });
    expect(d.serial).toMatch(/^DIR-[0-9A-F]{12}$/);
    expect((await dirDrive(folder)).serial).toBe(d.serial);
    await writeBitLockerMarker(folder, 'FROM-MARKER', '000000-000000-000000-000000-000000-000000-000000-000000');
    expect((await dirDrive(folder)).serial).toBe('FROM-MARKER');
  });

  it('refuses BitLocker on Linux against a real cloud, not in local rehearsal or on Windows', () => {
    const d = linux.find((x) => x.id === '/dev/sde')!;
    expect(() => assertCanEncrypt(d, 'AzureCloud', 'linux')).toThrow(expect.objectContaining({ code: 'drives:errors.bitLockerUnavailable' }));
    expect(() => assertCanEncrypt(d, '/tmp/state/cloud.json', 'linux')).not.toThrow();
    expect(() => assertCanEncrypt(d, 'AzureUSGovernment', 'win32')).not.toThrow();
  });

  it('re-reads the serial and the rules right before formatting', async () => {
    const d = linux.find((x) => x.id === '/dev/sde')!;
    await expect(recheckBeforeFormat(d, ctx, async () => linux)).resolves.toMatchObject({ serial: d.serial });
    const swapped = linux.map((x) => (x.id === d.id ? { ...x, serial: 'OTHER' } : x));
    await expect(recheckBeforeFormat(d, ctx, async () => swapped)).rejects.toMatchObject({ code: 'drives:errors.serialChanged', params: { found: 'OTHER' } });
    await expect(recheckBeforeFormat(d, ctx, async () => linux.filter((x) => x.id !== d.id))).rejects.toMatchObject({ code: 'drives:errors.serialChanged' });
    const nowMounted = linux.map((x) => (x.id === d.id ? { ...x, volumes: [{ mountPoints: ['/srv/staging'], fsType: 'ext4', label: null, sizeBytes: 1 }] } : x));
    await expect(recheckBeforeFormat(d, ctx, async () => nowMounted)).rejects.toMatchObject({ code: 'drives:errors.notEligible' });
  });
});
