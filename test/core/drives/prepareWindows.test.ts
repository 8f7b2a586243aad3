/**
 * Drive preparation on Windows, with PowerShell replayed from recorded output (Windows cannot run here): a new
 * drive is erased only after the re-check; a resumed drive is re-identified and reused, never formatted; a swapped
 * disk is refused naming both; a SAN-offline disk is fixable; a dir: folder against a real cloud needs BitLocker on.
 */

import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { activateDrive, prepareDrive, type PrepareInput, type PreparedTarget } from '../../../src/core/drives/prepare';
import { journalPaths, openJournal } from '../../../src/core/formats/journal';
import { checkDrive, type DriveInfo, type EligibilityContext } from '../../../src/shared/rules/driveEligibility';
import { replayer, run } from '../platform/windows/replay';

const key = '060456-014509-132033-080300-252615-584177-672089-411631';
const otherKey = '123453-234564-345675-456786-567897-678909-000011-000022';
const destructive = /Clear-Disk|Initialize-Disk|New-Partition|Format-Volume|Enable-BitLocker/;

const disk = (over: Partial<DriveInfo> = {}): DriveInfo => ({
  id: 'F',
  kind: 'disk',
  device: '\\\\.\\PHYSICALDRIVE4',
  model: 'WDC WD20EFRX',
  serial: 'ZFL0ABCD',
  sizeBytes: 2000398934016,
  bus: 'SATA',
  media: 'HDD',
  isSystem: false,
  isBoot: false,
  readOnly: false,
  removable: false,
  volumes: [{ mountPoints: ['F:'], fsType: 'NTFS', label: 'Seed1', sizeBytes: 2000379996160, bitLocker: 'on' }],
  diskNumber: 4,
  ...over,
});

let staging: string;
beforeEach(async () => {
  staging = await fs.mkdtemp(path.join(os.tmpdir(), 'prep-win-'));
});
afterEach(async () => {
  await fs.rm(staging, { recursive: true, force: true });
});

const eligibility = (): EligibilityContext => ({ stagingDir: 'C:\\staging', sourcePaths: [], largestFileBytes: 1, copyMachineVirtual: false, sourceMachineVirtual: null, windows: true });

function input(drive: DriveInfo, ps: PrepareInput['ps'], list: DriveInfo[], cloud = 'AzureCloud'): PrepareInput {
  return { drive, stagingDir: staging, cloud, label: 'Seed1', eligibility: eligibility(), platform: 'win32', ps, list: async () => list };
}

/**
 * What an earlier run left: the journal and (optionally) the drive's key kept for resuming. Without `sizeBytes`, a
 * journal as written before the drive's size was recorded.
 */
async function earlierRun(drive: DriveInfo, recorded: string | null, sizeBytes?: number) {
  await openJournal(journalPaths(staging, drive.serial).journal, { driveId: drive.serial, sessionId: 'session1', device: drive.device, ...(sizeBytes !== undefined ? { driveSizeBytes: sizeBytes } : {}) });
  if (recorded) await activateDrive(staging, { root: 'F:\\', label: 'F:', driveId: drive.serial, bitLockerKey: recorded, drive, bitLocker: 'windows', formatted: true } as PreparedTarget);
}

describe('prepareDrive on Windows', () => {
  it('formats and encrypts a new drive after re-reading it, and keeps its key 0600 for a resumed run', async () => {
    const r = replayer([run('format-ok.stdout.txt', 0), run('bitlocker-enable.fr.stdout.txt', 0)]);
    const t = await prepareDrive(input(disk(), r.ps, [disk()]));
    expect(t).toMatchObject({ root: 'F:\\', label: 'F:', bitLockerKey: key, bitLocker: 'windows', formatted: true, driveId: 'ZFL0ABCD' });
    expect(r.calls.map((c) => /Clear-Disk/.test(c.script))).toEqual([true, false]);
    expect(r.calls[1]!.script).toContain('Enable-BitLocker');
    const kept = path.join(staging, '.work', 'drives');
    const [f] = await fs.readdir(kept);
    expect(await fs.readFile(path.join(kept, f!), 'utf8')).toBe(key);
    expect((await fs.stat(path.join(kept, f!))).mode & 0o777).toBe(0o600);
  });

  it('refuses a new drive swapped before the erase, naming both serials, without running PowerShell', async () => {
    const r = replayer([]);
    await expect(prepareDrive(input(disk(), r.ps, [disk({ serial: 'WD-OTHER' })]))).rejects.toMatchObject({ code: 'drives:errors.serialChanged', params: { expected: 'ZFL0ABCD', found: 'WD-OTHER' } });
    expect(r.calls).toHaveLength(0);
  });

  it('reuses a resumed drive whose volume holds the recorded recovery password: nothing erased, no new key', async () => {
    await earlierRun(disk(), key);
    const r = replayer([run('bitlocker-read.stdout.txt', 0)]);
    const t = await prepareDrive(input(disk(), r.ps, [disk()]));
    expect(t).toMatchObject({ root: 'F:\\', label: 'F:', bitLockerKey: key, bitLocker: 'windows', formatted: false });
    expect(r.calls).toHaveLength(1);
    expect(r.calls[0]!.script).toContain("Get-BitLockerVolume -MountPoint 'F:'");
    expect(r.calls.some((c) => destructive.test(c.script))).toBe(false);
  });

  it('refuses a swapped disk in the resumed drive’s place naming both, erasing nothing', async () => {
    await earlierRun(disk(), key);
    const r = replayer([]);
    const other = disk({ serial: 'WD-OTHER', sizeBytes: 1000204886016 });
    await expect(prepareDrive(input(disk(), r.ps, [other]))).rejects.toMatchObject({
      code: 'drives:errors.driveSwapped',
      params: { drive: 'F', expected: 'ZFL0ABCD', expectedSize: 2000398934016, found: 'WD-OTHER', foundSize: 1000204886016 },
    });
    await expect(prepareDrive(input(disk(), r.ps, [disk({ sizeBytes: 1000204886016 })]))).rejects.toMatchObject({ code: 'drives:errors.driveSwapped', params: { found: 'ZFL0ABCD', foundSize: 1000204886016 } });
    expect(r.calls).toHaveLength(0);
  });

  it('checks a resumed drive against the size journaled when it was first prepared, not against this run’s listing', async () => {
    // The same serial, now reporting half the size (another disk behind an adapter that reports one serial, say):
    // this run's listing agrees with itself, the journal does not.
    await earlierRun(disk(), key, 2000398934016);
    const small = disk({ sizeBytes: 1000204886016 });
    const r = replayer([]);
    await expect(prepareDrive(input(small, r.ps, [small]))).rejects.toMatchObject({
      code: 'drives:errors.driveSwapped',
      params: { drive: 'F', expected: 'ZFL0ABCD', expectedSize: 2000398934016, found: 'ZFL0ABCD', foundSize: 1000204886016 },
    });
    expect(r.calls).toHaveLength(0);
    // The disk at its journaled size resumes, and carries the size on for the journal.
    const ok = replayer([run('bitlocker-read.stdout.txt', 0)]);
    await expect(prepareDrive(input(disk(), ok.ps, [disk()]))).resolves.toMatchObject({ formatted: false, sizeBytes: 2000398934016 });
    expect(ok.calls.some((c) => destructive.test(c.script))).toBe(false);
  });

  it('resumes a drive whose journal was written before the size was recorded (no DriveSize record)', async () => {
    await earlierRun(disk(), key);
    const r = replayer([run('bitlocker-read.stdout.txt', 0)]);
    await expect(prepareDrive(input(disk(), r.ps, [disk()]))).resolves.toMatchObject({ bitLockerKey: key, formatted: false });
  });

  it('refuses a resumed drive whose volume does not hold the recorded key, or whose key was never recorded', async () => {
    await earlierRun(disk(), otherKey);
    const r = replayer([run('bitlocker-read.stdout.txt', 0)]);
    await expect(prepareDrive(input(disk(), r.ps, [disk()]))).rejects.toMatchObject({ code: 'drives:errors.resumeKeyMismatch', params: { drive: 'F', driveId: 'ZFL0ABCD', journal: journalPaths(staging, 'ZFL0ABCD').journal } });
    expect(r.calls.some((c) => destructive.test(c.script))).toBe(false);

    await fs.rm(staging, { recursive: true, force: true });
    await earlierRun(disk(), null);
    const none = replayer([]);
    await expect(prepareDrive(input(disk(), none.ps, [disk()]))).rejects.toMatchObject({ code: 'drives:errors.resumeNoKey' });
    expect(none.calls).toHaveLength(0);
  });

  it('offers a SAN-policy offline, read-only disk as fixable and brings it online only in the confirmed erase', async () => {
    const san = disk({ readOnly: true, sanPolicy: true, volumes: [] });
    const judged = checkDrive(san, eligibility());
    expect(judged.eligible).toBe(true);
    expect(judged.warnings.map((w) => w.name)).toContain('sanPolicy');
    expect(checkDrive(disk({ readOnly: true, volumes: [] }), eligibility()).errors.map((e) => e.name)).toEqual(['readOnly']);
    const r = replayer([run('format-ok.stdout.txt', 0), run('bitlocker-enable.de.stdout.txt', 0)]);
    await prepareDrive(input(san, r.ps, [san]));
    const script = r.calls[0]!.script;
    expect(script.indexOf('Set-Disk -Number $n -IsOffline $false')).toBeGreaterThan(script.indexOf('OFFLINESEED_SERIAL_CHANGED'));
    expect(script.indexOf('Set-Disk -Number $n -IsReadOnly $false')).toBeLessThan(script.indexOf('Clear-Disk'));
  });

  it('uses a dir: folder against a real cloud only on a BitLocker-on volume, with the volume’s own recovery password', async () => {
    const folder: DriveInfo = { ...disk(), id: 'dir:F:\\seed', kind: 'dir', device: 'F:\\seed', model: 'Folder', serial: 'DIR-0123456789AB', volumes: [] };
    delete folder.diskNumber;
    const on = replayer([run('bitlocker-read.stdout.txt', 0)]);
    expect(await prepareDrive(input(folder, on.ps, []))).toMatchObject({ root: 'F:\\seed', label: 'F:', bitLockerKey: key, bitLocker: 'windows', formatted: false });
    expect(on.calls.some((c) => destructive.test(c.script))).toBe(false);
    const off = replayer([run('bitlocker-read-off.stdout.txt', 0)]);
    await expect(prepareDrive(input({ ...folder, device: 'G:\\seed' }, off.ps, []))).rejects.toMatchObject({ code: 'drives:errors.folderNeedsBitLocker', params: { drive: 'G:\\seed', cloud: 'AzureCloud' } });
    // BitLocker on, but not with AES-256 (the Import/Export FAQ): refused, naming the method.
    const aes128 = replayer([run('bitlocker-read-aes128.stdout.txt', 0)]);
    await expect(prepareDrive(input({ ...folder, device: 'H:\\seed' }, aes128.ps, []))).rejects.toMatchObject({
      code: 'drives:errors.folderEncryptionMethod',
      params: { drive: 'H:\\seed', cloud: 'AzureCloud', method: 'XtsAes128' },
    });
    const unc = replayer([]);
    await expect(prepareDrive(input({ ...folder, device: '\\\\server\\share\\seed' }, unc.ps, []))).rejects.toMatchObject({ code: 'drives:errors.folderNeedsBitLocker' });
    expect(unc.calls).toHaveLength(0);
  });

  it('brings a resumed drive the SAN policy took offline after a restart back online, then reuses it, erasing nothing', async () => {
    await earlierRun(disk(), key);
    const offline = disk({ sanPolicy: true, volumes: [] });
    const r = replayer([run('disk-online.stdout.txt', 0), run('bitlocker-read.stdout.txt', 0)]);
    const t = await prepareDrive(input(offline, r.ps, [offline]));
    expect(t).toMatchObject({ root: 'F:\\', bitLockerKey: key, formatted: false });
    expect(r.calls[0]!.script).toContain("-ne 'ZFL0ABCD'");
    expect(r.calls[0]!.script).toContain('Set-Disk -Number $n -IsOffline $false');
    expect(r.calls.some((c) => destructive.test(c.script))).toBe(false);
  });
});
