/** Copies onto NTFS loop devices mounted with ntfs-3g (root only: loop devices and mounts).
 * @module-tag root
 */

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { LoopDrives, type LoopDrive } from './loopDrives';
import { makeStaging } from '../../helpers/staging';
import { copySession } from '../../../src/core/copy/copySession';
import { copyToDrive, type CopyTarget } from '../../../src/core/copy/copyToDrive';
import { journalPaths, parseDriveInfo, readJournal } from '../../../src/core/formats/journal';
import { parseDriveManifestXml } from '../../../src/core/formats/driveManifest';
import { generateRecoveryPassword } from '../../../src/core/drives/emulatedBitLocker';
import type { OfflineSeedError } from '../../../src/shared/errors';

const MiB = 1024 * 1024;
let loops: LoopDrives;
let drives: LoopDrive[];

beforeAll(async () => {
  loops = await LoopDrives.create();
  drives = [await loops.add(64), await loops.add(64), await loops.add(64)];
});
afterAll(async () => {
  await loops?.cleanup();
});

/** Fresh NTFS on the drive, mounted. */
function reformat(d: LoopDrive): void {
  loops.unmount(d);
  execFileSync('mkfs.ntfs', ['-Q', '-F', d.device], { stdio: 'ignore' });
  loops.mount(d);
}

const target = (d: LoopDrive, i: number, key = generateRecoveryPassword()): CopyTarget => ({ root: d.mount, label: d.device, driveId: `TESTSERIAL${i}`, bitLockerKey: key });
const md5 = (b: Buffer) => createHash('md5').update(b).digest('hex').toUpperCase();

async function newStaging(name: string, packs: number[]) {
  const dir = path.join(loops.dir, name);
  const files = await makeStaging(dir, packs);
  return { dir, files };
}

describe('copy onto NTFS loop drives', () => {
  it('spans three drives; every manifest block MD5 matches the bytes on the drive; journals hold what the job needs', async () => {
    const { dir, files } = await newStaging('span', [12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12]);
    const keys = drives.map(() => generateRecoveryPassword());
    const targets = drives.map((d, i) => target(d, i, keys[i]));
    const r = await copySession({ stagingDir: dir, container: 'backups', importJobName: 'seedjob', sessionId: 's1', targets });
    expect(r.complete).toBe(true);
    expect(r.drives).toHaveLength(3);
    expect(r.drives.every((d) => d.files.length > 0 && d.verified)).toBe(true);

    const seen: string[] = [];
    for (const [i, d] of drives.entries()) {
      const raw = await fs.readFile(path.join(d.mount, 'DriveManifest.xml'));
      const m = parseDriveManifestXml(raw.toString('utf8'));
      expect(m.driveId).toBe(`TESTSERIAL${i}`);
      for (const b of m.blobs) {
        expect(b.filePath).toMatch(/^\\seedjob\\(packs|index)\\[^\\]+$/);
        const rel = b.filePath.split('\\').slice(2).join('/');
        expect(b.blobPath).toBe(`backups/seedjob/${rel}`);
        seen.push(rel);
        const data = await fs.readFile(path.join(d.mount, 'seedjob', rel));
        expect(data.length).toBe(b.length);
        expect(b.blocks.reduce((n, k) => n + k.length, 0)).toBe(b.length);
        for (const k of b.blocks) {
          expect(k.length).toBeLessThanOrEqual(4 * MiB);
          expect(k.md5).toBe(md5(data.subarray(k.offset, k.offset + k.length)));
        }
        // and the bytes are the staged ones
        expect(md5(data)).toBe(md5(await fs.readFile(path.join(dir, rel))));
      }
      // journal and DriveInfo: 0600, documented fields, the key, the manifest's MD5
      const jp = journalPaths(dir, `TESTSERIAL${i}`);
      expect(path.basename(jp.driveInfo)).toBe(`TESTSERIAL${i}_DriveInfo_TESTSERIAL${i}.xml`);
      for (const f of [jp.journal, jp.driveInfo]) expect((await fs.stat(f)).mode & 0o777).toBe(0o600);
      const info = parseDriveInfo(await fs.readFile(jp.driveInfo, 'utf8'), jp.driveInfo);
      expect(info).toMatchObject({ driveId: `TESTSERIAL${i}`, bitLockerKey: keys[i], manifestFile: '\\DriveManifest.xml', manifestHash: md5(raw) });
      const jrn = await fs.readFile(jp.journal, 'utf8');
      expect(jrn).toMatch(/^\[BeginUpdateRecord\]\[\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d\.\d{3}\]\[Type:NewJournalFile\]\nVocabularyVersion: 2013-02-01\nRecordCheck: 1:[0-9a-f]{32}\n\[EndUpdateRecord\]/);
      expect(jrn).toContain('ActivityId: DriveInfo\nDriveState: [BeginValue]');
      expect((await readJournal(jp.journal)).driveInfo?.manifestHash).toBe(md5(raw));
      expect(await fs.readFile(jp.manifestCopy)).toEqual(raw);
      // nothing of the journal on the drive
      expect((await fs.readdir(d.mount)).filter((n) => /jrn|DriveInfo/.test(n))).toEqual([]);
    }
    expect(seen.sort()).toEqual(files.map((f) => f.relPath).sort());
    expect(seen).not.toContain('packs/pack-000099.osp.tmp');
  });

  it('hands the file that hits ENOSPC to the next drive and leaves no partial file', async () => {
    reformat(drives[0]!);
    const { dir, files } = await newStaging('full', [20, 20, 20, 20]);
    const r = await copyToDrive({ stagingDir: dir, target: target(drives[0]!, 10), files, container: 'c1', importJobName: 'j1', sessionId: 's' });
    expect(r.overflow.length).toBeGreaterThan(0);
    expect(r.files.length + r.overflow.length).toBe(files.length);
    expect(r.verified).toBe(true);
    const onDrive = await fs.readdir(path.join(drives[0]!.mount, 'j1', 'packs'));
    expect(onDrive.sort()).toEqual(r.files.filter((f) => f.includes('/packs/')).map((f) => path.basename(f)).sort());
    for (const o of r.overflow) expect(onDrive).not.toContain(path.basename(o.relPath));
  });

  it('names the drive when it is pulled mid-copy, then resumes when it is back without rewriting finished files', async () => {
    reformat(drives[1]!);
    const d = drives[1]!;
    const { dir, files } = await newStaging('yank', [6, 6, 6, 6]);
    let copied = 0;
    let yanked = false;
    const t = target(d, 20);
    const err = await copyToDrive({
      stagingDir: dir,
      target: t,
      files,
      container: 'c',
      importJobName: 'j',
      sessionId: 's',
      onBytes: (n) => {
        copied += n;
        if (!yanked && copied > 14 * MiB) {
          yanked = true;
          loops.yank(d);
        }
      },
    }).then(
      () => null,
      (e: unknown) => e as OfflineSeedError,
    );
    expect(err?.code).toBe('drives:errors.driveGone');
    expect(err?.params.drive).toBe(d.device);
    expect(err?.message).toContain(d.device);
    expect(['ENOTCONN', 'EIO', 'ENOENT']).toContain(err?.params.reason);

    loops.unmount(d);
    loops.mount(d);
    const before = await readJournal(journalPaths(dir, t.driveId).journal);
    expect(before.files.size).toBeGreaterThan(0);
    const r = await copyToDrive({ stagingDir: dir, target: t, files, container: 'c', importJobName: 'j', sessionId: 's' });
    expect(r.verified).toBe(true);
    expect(r.kept.sort()).toEqual([...before.files.keys()].sort());
    expect(r.copied.length + r.kept.length).toBe(files.length);
  });

  it('resumes after the copying process is killed: kept files are verified, not rewritten', async () => {
    reformat(drives[2]!);
    const d = drives[2]!;
    const { dir } = await newStaging('kill', [8, 8, 8, 8]);
    const t = target(d, 30);
    const child = spawn(process.execPath, [path.resolve('bin/run-ts.mjs'), path.join(__dirname, 'copyChild.ts'), JSON.stringify({ dir, target: t })], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    await new Promise<void>((resolve) => {
      child.stdout.on('data', (b: Buffer) => {
        out += b.toString();
        const files = out.split('\n').filter((l) => l.startsWith('done ')).length;
        if (files >= 2 && child.exitCode === null) child.kill('SIGKILL');
      });
      child.on('exit', () => resolve());
    });
    expect(child.signalCode).toBe('SIGKILL');
    const before = await readJournal(journalPaths(dir, t.driveId).journal);
    expect(before.files.size).toBeGreaterThanOrEqual(2);
    const stamps = new Map<string, number>();
    for (const rel of before.files.keys()) stamps.set(rel, (await fs.stat(path.join(d.mount, 'j', rel))).mtimeMs);
    const r = await copySession({ stagingDir: dir, container: 'c', importJobName: 'j', sessionId: 's', targets: [t] });
    expect(r.complete).toBe(true);
    expect(r.drives[0]!.kept.sort()).toEqual([...before.files.keys()].sort());
    for (const [rel, m] of stamps) expect((await fs.stat(path.join(d.mount, 'j', rel))).mtimeMs).toBe(m);
  });

  it('never reports a drive verified when a byte on it changed', async () => {
    const d = drives[2]!;
    const { verifyDrive } = await import('../../../src/core/copy/copyToDrive');
    const raw = await fs.readFile(path.join(d.mount, 'DriveManifest.xml'));
    const m = parseDriveManifestXml(raw.toString('utf8'));
    const victim = path.join(d.mount, ...m.blobs[1]!.filePath.split('\\').filter(Boolean));
    // The byte is flipped, not set: a set value would already be there once in 256 runs (the packs are random).
    const h = await fs.open(victim, 'r+');
    const was = Buffer.alloc(1);
    await h.read(was, 0, 1, 5 * MiB + 7);
    await h.write(Buffer.from([was[0]! ^ 0x5a]), 0, 1, 5 * MiB + 7);
    await h.close();
    const problems = await verifyDrive(d.mount, md5(raw));
    expect(problems).toEqual([{ blobPath: m.blobs[1]!.blobPath, filePath: m.blobs[1]!.filePath, problem: { kind: 'md5Mismatch', offset: 4 * MiB } }]);
  });
});
