/**
 * A drive's key is never replaced without a word: with its journal lost, garbled or holding another key, the drive
 * is re-identified from its own marker and the import job's keys, or the run stops naming the drive and the job.
 * Folder (dir:) drives: no root needed.
 */

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { identifyDriveKey, pendingKeyFile, recordedDriveKey, type JobKeys } from '../../../src/core/drives/driveKey';
import { prepareDrive } from '../../../src/core/drives/prepare';
import { generateRecoveryPassword, readBitLockerMarker, writeBitLockerMarker, bitLockerKeyCheck } from '../../../src/core/drives/emulatedBitLocker';
import { journalDriveInfo, journalFileCompleted, journalPaths, openJournal, parseJournal } from '../../../src/core/formats/journal';
import { OfflineSeedError } from '../../../src/shared/errors';
import { translate } from '../../../src/shared/i18n';
import type { DriveInfo } from '../../../src/shared/rules/driveEligibility';

const serial = 'DIRDRIVE1';
let dir: string;
let staging: string;
let root: string;

beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'os-drivekey-'));
  staging = path.join(dir, 'staging');
  root = path.join(dir, 'drive');
  await fs.mkdir(staging);
  await fs.mkdir(root);
});
afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

/** A drive an earlier run prepared with `key`: marker on the drive, journal with a file and the DriveInfo. */
async function preparedEarlier(key: string): Promise<void> {
  await writeBitLockerMarker(root, serial, key);
  const j = journalPaths(staging, serial).journal;
  await openJournal(j, { driveId: serial, sessionId: 'job', device: root });
  await journalFileCompleted(j, { relPath: 'packs/p.osp', blobPath: 'c/job/packs/p.osp', filePath: '\\job\\packs\\p.osp', length: 3, blocks: [{ offset: 0, length: 3, md5: '0'.repeat(32) }] });
  await journalDriveInfo(staging, { driveId: serial, bitLockerKey: key, manifestFile: '\\DriveManifest.xml', manifestHash: 'A'.repeat(32) });
}

const jobHolding = (key: string): JobKeys => async (id) => (id === serial ? [{ job: 'seed-job-1', key }] : []);
const identify = (jobKeys?: JobKeys) => identifyDriveKey({ stagingDir: staging, driveId: serial, drive: `dir:${root}`, root, jobKeys });
const removeJournal = async () => {
  const p = journalPaths(staging, serial);
  await fs.rm(p.journal);
  await fs.rm(p.driveInfo);
};

async function refusal(p: Promise<unknown>): Promise<OfflineSeedError> {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(OfflineSeedError);
  return e as OfflineSeedError;
}

describe('the journal is checked on read', () => {
  const rec = (type: string, lines: string[]) => `[BeginUpdateRecord][2026/11/30 10:00:00.000][Type:${type}]\n${lines.join('\n')}\n[EndUpdateRecord]\n`;
  const file = rec('FileRecord', ['ActivityId: CopyFile', 'RelativePath: a', 'BlobPath: c/a', 'FilePath: \\a', 'Length: 3', `Blocks: 0:3:${'B'.repeat(32)}`]);

  it('takes a record a kill cut short, even followed by later ones, as no damage', () => {
    const cut = file.slice(0, 60);
    const j = parseJournal(rec('NewJournalFile', ['VocabularyVersion: 2013-02-01']) + cut + file);
    expect(j.damage).toBeNull();
    expect([...j.files.keys()]).toEqual(['a']);
    expect(parseJournal(file + cut).damage).toBeNull();
  });

  it('reports garbage between records, a garbled field and a DriveInfo without a recovery password', () => {
    expect(parseJournal(file + 'garbage\n' + file).damage).not.toBeNull();
    expect(parseJournal('\0\0\0' + file).damage).not.toBeNull();
    expect(parseJournal(file.replace('Length: 3', 'Length: 3x')).damage).not.toBeNull();
    expect(parseJournal(file.replace('B'.repeat(32), 'B'.repeat(31))).damage).not.toBeNull();
    const info = rec('ActivityRecord', ['ActivityId: DriveInfo', 'DriveState: [BeginValue]', `<Drive><DriveId>X</DriveId><BitLockerKey>123</BitLockerKey><ManifestFile>m</ManifestFile><ManifestHash>${'A'.repeat(32)}</ManifestHash></Drive>`, '[EndValue]']);
    expect(parseJournal(info).damage).not.toBeNull();
  });
});

describe('a drive whose journal is lost, damaged or wrong', () => {
  it('keeps the recorded key when the records are sound and the drive agrees', async () => {
    const key = generateRecoveryPassword();
    await preparedEarlier(key);
    expect(await identify()).toEqual({ key, source: 'records' });
    expect(await identify(jobHolding(key))).toEqual({ key, source: 'records' });
  });

  it('re-identifies the drive from the import job when the journal is deleted, and keeps that key', async () => {
    const key = generateRecoveryPassword();
    await preparedEarlier(key);
    await removeJournal();
    expect(await identify(jobHolding(key))).toEqual({ key, source: 'job' });

    // Through prepareDrive: the folder keeps its marker and the job's key.
    const drive: DriveInfo = { id: `dir:${root}`, kind: 'dir', device: root, model: 'Folder', serial, sizeBytes: 1e9, bus: 'Unknown', media: 'Unknown', isSystem: false, isBoot: false, readOnly: false, removable: false, volumes: [] };
    const t = await prepareDrive({ drive, stagingDir: staging, cloud: path.join(dir, 'local.json'), label: 'job', eligibility: { stagingBytes: 0 } as never, jobKeys: jobHolding(key) });
    expect(t.bitLockerKey).toBe(key);
    expect((await readBitLockerMarker(root))?.keyCheck).toBe(bitLockerKeyCheck(serial, key));
  });

  it('stops, naming the drive and the job and never the key, when the job holds a key the drive does not open', async () => {
    const key = generateRecoveryPassword();
    const other = generateRecoveryPassword();
    await preparedEarlier(key);
    await removeJournal();
    const e = await refusal(identify(jobHolding(other)));
    expect(e.code).toBe('drives:errors.keyDisagrees');
    const text = translate('en', e.code, e.params);
    expect(text).toContain('seed-job-1');
    expect(text).toContain(serial);
    expect(text).not.toContain(other);
    expect(JSON.stringify(e.detail ?? {})).not.toContain(other);
    // Nothing was written: the drive's marker is still the old key's.
    expect((await readBitLockerMarker(root))?.keyCheck).toBe(bitLockerKeyCheck(serial, key));
  });

  it('stops on a garbled journal, a wrong-key journal and a half-written pending key when no job holds the key', async () => {
    const key = generateRecoveryPassword();
    await preparedEarlier(key);
    const p = journalPaths(staging, serial);

    await fs.appendFile(p.journal, 'x\u0000garbled\n');
    expect((await refusal(identify())).code).toBe('drives:errors.journalDamaged');

    // A journal (and DriveInfo) that holds another key than the one the drive opens with.
    await removeJournal();
    await writeBitLockerMarker(root, serial, key);
    await journalDriveInfo(staging, { driveId: serial, bitLockerKey: generateRecoveryPassword(), manifestFile: '\\DriveManifest.xml', manifestHash: 'A'.repeat(32) });
    expect((await refusal(identify())).code).toBe('drives:errors.journalDamaged');

    await removeJournal();
    await fs.mkdir(path.dirname(pendingKeyFile(staging, serial)), { recursive: true });
    await fs.writeFile(pendingKeyFile(staging, serial), key.slice(0, 20));
    expect((await recordedDriveKey(staging, serial)).damaged).toBe(pendingKeyFile(staging, serial));
    expect((await refusal(identify())).code).toBe('drives:errors.journalDamaged');
  });

  it('gives a blank drive with no records and no job a new key, and stops when a job holds a key for it', async () => {
    expect(await identify()).toBeNull();
    expect((await refusal(identify(jobHolding(generateRecoveryPassword())))).code).toBe('drives:errors.keyDisagrees');
  });
});
