/**
 * `offline-seed diskprep` through the real command line on NTFS loop devices: refusals that erase nothing, the
 * drive list, and a full preparation (format, copy, verify, key check, session, unmount) up to the import job
 * step, which needs a reachable cloud (covered by the workflow tests against the local Azure). Root only (loop devices).
 * @module-tag root
 */

import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LoopDrives, type LoopDrive } from '../../core/copy/loopDrives';
import { sessionFixture } from '../../helpers/session';
import { stageForDrives } from '../../helpers/staging';
import { writeSession, readSession } from '../../../src/core/session/sessionFile';
import { bitLockerKeyCheck } from '../../../src/core/drives/emulatedBitLocker';
import { parseDriveInfo } from '../../../src/core/formats/journal';
import { parseDriveManifestXml } from '../../../src/core/formats/driveManifest';
import { runCommand } from '../../helpers/command';

let loops: LoopDrives;
let drive: LoopDrive;

const cli = (args: string[]) =>
  runCommand(process.execPath, ['bin/offline-seed', ...args], { env: { ...process.env, OFFLINE_SEED_CLOUD: '', OFFLINE_SEED_LANG: 'en', OFFLINE_SEED_DATA_DIR: path.join(loops.dir, 'data') } });

async function newStaging(name: string, cloud: string): Promise<string> {
  const dir = path.join(loops.dir, name);
  await stageForDrives(dir, [5, 5, 3]);
  await writeSession(dir, sessionFixture({ cloud, sources: [{ path: path.join(loops.dir, 'source'), name: 'source' }] }));
  return dir;
}

/** A file we put on the drive's NTFS: it must survive every refusal. */
async function canary(): Promise<void> {
  await fs.writeFile(path.join(drive.mount, 'keep-me.txt'), 'still here');
}
async function canaryAlive(): Promise<boolean> {
  return fs.readFile(path.join(drive.mount, 'keep-me.txt'), 'utf8').then(
    (s) => s === 'still here',
    () => false,
  );
}

beforeAll(async () => {
  loops = await LoopDrives.create();
  drive = await loops.add(64);
  await canary();
});
afterAll(async () => {
  await loops?.cleanup();
});

describe('offline-seed diskprep', () => {
  it('refuses bad input in one sentence and erases nothing', async () => {
    const staging = await newStaging('refusals', path.join(loops.dir, 'cloud.json'));
    const noStaging = await cli(['diskprep', '--drive', drive.device]);
    expect(noStaging.code).toBe(2);
    expect(noStaging.stderr).toContain('No staging location was given');

    // A folder without a session: the same sentence from every command that needs one (and from the wizard).
    const empty = path.join(loops.dir, 'no-session');
    await fs.mkdir(empty, { recursive: true });
    for (const command of [['diskprep', `s:${empty}`, '--drive', 'dir:/nowhere'], ['status', `s:${empty}`], ['verify', `s:${empty}`]]) {
      const r = await cli(command);
      expect(r.code, command.join(' ')).toBe(1);
      expect(r.stderr).toContain(`There is no Offline Seed session in ${empty}. Run the staging step first (offline-seed stage).`);
    }

    const noDrive = await cli(['diskprep', `s:${staging}`]);
    expect(noDrive.code).toBe(2);
    expect(noDrive.stderr).toContain('No drive was given');

    const unconfirmed = await cli(['diskprep', `s:${staging}`, '--drive', drive.device]);
    expect(unconfirmed.code).toBe(2);
    expect(unconfirmed.stdout).toContain('Everything on this drive will be erased');
    expect(unconfirmed.stdout).toContain(drive.device);
    expect(unconfirmed.stderr).toContain('add --yes');

    const inside = await cli(['diskprep', `s:${staging}`, '--drive', `dir:${path.join(staging, 'packs')}`, '--yes']);
    expect(inside.code).toBe(1);
    expect(inside.stderr).toContain('holds the staging location');

    const missing = await cli(['diskprep', `s:${staging}`, '--drive', '/dev/does-not-exist', '--yes']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('There is no drive /dev/does-not-exist');

    const real = await newStaging('real-azure', 'AzureCloud');
    const refused = await cli(['diskprep', `s:${real}`, '--drive', drive.device, '--yes']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('BitLocker volumes cannot be created on Linux');

    expect(await canaryAlive()).toBe(true);
    expect(await fs.readdir(path.join(staging, 'journals')).catch(() => [])).toEqual([]);
  }, 120_000);

  it('lists the loop device with its judgement', async () => {
    const staging = await newStaging('list', path.join(loops.dir, 'cloud.json'));
    const r = await cli(['--json', 'diskprep', `s:${staging}`, '--list']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as { drives: Array<{ drive: { id: string; kind: string; serial: string }; eligibility: { eligible: boolean; warnings: Array<{ name: string }> } }> };
    const mine = doc.drives.find((d) => d.drive.id === drive.device)!;
    expect(mine.drive.kind).toBe('loop');
    expect(mine.drive.serial).toMatch(/^LOOP-[0-9A-F]{12}$/);
    expect(mine.eligibility.eligible).toBe(true);
    expect(mine.eligibility.warnings.map((w) => w.name)).toEqual(['hasData']);
    // In words: every drive is listed, the system drives too (never erased), not only how many are hidden.
    const text = await cli(['diskprep', `s:${staging}`, '--list']);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(`${drive.device}  `);
    expect(text.stdout).toContain('Can be used.');
    const system = (doc.drives as Array<{ drive: { id: string }; eligibility: { hidden?: boolean } }>).filter((d) => d.eligibility.hidden);
    if (system.length > 0) {
      expect(text.stdout).toContain('System drives, listed for reference only; Offline Seed never erases them:');
      for (const d of system) expect(text.stdout).toContain(`${d.drive.id}  `);
    }
    expect(text.stdout).not.toContain('system drives are hidden');
  }, 60_000);

  it('formats, copies, verifies, checks the emulated key, records the session and unmounts; a rerun resumes without formatting', async () => {
    const staging = await newStaging('full', path.join(loops.dir, 'cloud.json'));
    const r = await cli(['diskprep', `s:${staging}`, '--drive', drive.device, '--yes']);
    expect(r.stdout).toContain('every byte read back and verified');
    expect(r.stdout).toContain('1 drive is ready');
    // The import job step follows and needs the cloud profile, which this test does not start.
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('cloud.json');

    const session = (await readSession(staging))!;
    expect(session.state).toBe('copied');
    const rec = session.drives!.drives![0]!;
    expect(rec).toMatchObject({ drive: drive.device, bitLocker: 'emulated', files: 4, verified: true, keyChecked: true, manifestFile: '\\DriveManifest.xml' });
    const info = parseDriveInfo(await fs.readFile(path.join(staging, rec.bitLockerKeyRef), 'utf8'), rec.bitLockerKeyRef);
    expect(JSON.stringify(session)).not.toContain(info.bitLockerKey);
    expect(r.stdout + r.stderr).not.toContain(info.bitLockerKey);
    expect(info.manifestHash).toBe(rec.manifestHash);
    expect(await fs.readdir(path.join(staging, '.work', 'drives'))).toEqual([]);

    // Unmounted by diskprep: mount it ourselves and look.
    expect((await fs.readFile('/proc/self/mounts', 'utf8')).split('\n').filter((l) => l.startsWith(`${drive.device} `))).toEqual([]);
    const look = path.join(loops.dir, 'look');
    await fs.mkdir(look, { recursive: true });
    execFileSync('ntfs-3g', [drive.device, look]);
    try {
      expect(await fs.readFile(path.join(look, 'keep-me.txt')).catch(() => null)).toBeNull();
      const marker = JSON.parse(await fs.readFile(path.join(look, 'OfflineSeedBitLocker.json'), 'utf8')) as { driveId: string; keyCheck: string };
      expect(marker).toEqual({ driveId: rec.driveId, keyCheck: bitLockerKeyCheck(rec.driveId, info.bitLockerKey) });
      const m = parseDriveManifestXml(await fs.readFile(path.join(look, 'DriveManifest.xml'), 'utf8'));
      expect(m.blobs.map((b) => b.blobPath).sort()).toEqual(['backups/seedjob/index/index-000001.osi', 'backups/seedjob/packs/pack-000001.osp', 'backups/seedjob/packs/pack-000002.osp', 'backups/seedjob/packs/pack-000003.osp']);
      await fs.writeFile(path.join(look, 'added-after.txt'), 'x');
    } finally {
      execFileSync('fusermount', ['-u', look]);
    }

    const again = await cli(['diskprep', `s:${staging}`, '--drive', drive.device]);
    expect(again.stdout).not.toContain('Everything on this drive will be erased');
    expect(again.stdout).toContain('every byte read back and verified');
    execFileSync('ntfs-3g', [drive.device, look]);
    try {
      expect(await fs.readFile(path.join(look, 'added-after.txt'), 'utf8')).toBe('x');
    } finally {
      execFileSync('fusermount', ['-u', look]);
    }
  }, 120_000);
});
