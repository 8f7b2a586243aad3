/**
 * The journal's record chain: a journal written through journal.ts reads as sound; whole records removed from
 * its middle, moved or changed in a way that still parses make it damaged; an older journal without check lines
 * continues the chain when resumed; a record a kill cut short is still no damage; and a journal cut after its
 * DriveInfo record was written is caught through the DriveInfo file (whole records cut off the end of a journal
 * are otherwise invisible to the journal itself).
 */

import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { journalDriveInfo, journalFileCompleted, journalFileRemoved, journalPaths, openJournal, parseJournal, readJournal } from '../../../src/core/formats/journal';
import { recordedDriveKey } from '../../../src/core/drives/driveKey';

const key = '060456-014509-132033-080300-252615-584177-672089-411631';
let staging: string;
beforeEach(async () => {
  staging = await mkdtemp(path.join(os.tmpdir(), 'os-jchain-'));
});
afterEach(async () => {
  await rm(staging, { recursive: true, force: true });
});

const file = (rel: string, md5: string) => ({ relPath: rel, blobPath: `c/j/${rel}`, filePath: `\\j\\${rel.replace(/\//g, '\\')}`, length: 4, blocks: [{ offset: 0, length: 4, md5 }] });
const records = (text: string) => text.split('[BeginUpdateRecord]').slice(1).map((r) => `[BeginUpdateRecord]${r}`);

async function written(): Promise<{ journal: string; text: string }> {
  const p = journalPaths(staging, 'CHAIN1');
  await openJournal(p.journal, { driveId: 'CHAIN1', sessionId: 's', device: '/dev/loop9' });
  await journalFileCompleted(p.journal, file('packs/a.osp', '0123456789ABCDEF0123456789ABCDEF'));
  await journalFileCompleted(p.journal, file('packs/b.osp', 'FEDCBA9876543210FEDCBA9876543210'));
  await journalFileRemoved(p.journal, 'packs/b.osp');
  await journalFileCompleted(p.journal, file('packs/c.osp', '00112233445566778899AABBCCDDEEFF'));
  return { journal: p.journal, text: await readFile(p.journal, 'utf8') };
}

describe('journal record chain', () => {
  it('reads a journal it wrote as sound, resumed or not, and a record a kill cut short as no damage', async () => {
    const { journal, text } = await written();
    expect(parseJournal(text).damage).toBeNull();
    expect([...parseJournal(text).files.keys()]).toEqual(['packs/a.osp', 'packs/c.osp']);
    // Killed in the middle of a record, then resumed: the chain continues from the last complete record.
    await writeFile(journal, text + '[BeginUpdateRecord][2026/11/30 10:00:00.000][Type:FileRecord]\nActivityId: CopyFile\nRelativePath: packs/d');
    await openJournal(journal, { driveId: 'CHAIN1', sessionId: 's2', device: '/dev/loop9' });
    await journalFileCompleted(journal, file('packs/d.osp', 'AAAABBBBCCCCDDDDEEEEFFFF00001111'));
    const j = await readJournal(journal);
    expect(j.damage).toBeNull();
    expect([...j.files.keys()]).toEqual(['packs/a.osp', 'packs/c.osp', 'packs/d.osp']);
  });

  it('finds a whole record removed from the middle, two records swapped, and a value changed that still parses', async () => {
    const { text } = await written();
    const r = records(text);
    expect(r).toHaveLength(6);
    // The RemoveFile record gone: b.osp would count as still on the drive.
    expect(parseJournal([...r.slice(0, 4), ...r.slice(5)].join('')).damage).toMatch(/record 5 does not follow/);
    expect(parseJournal([r[0], r[1], r[3], r[2], ...r.slice(4)].join('')).damage).toMatch(/does not follow/);
    expect(parseJournal(text.replace('0123456789ABCDEF0123456789ABCDEF', '0123456789ABCDEF0123456789ABCDEE')).damage).toMatch(/record 3 does not follow/);
    // A record without its check line after records that have one.
    expect(parseJournal(text + '[BeginUpdateRecord][2026/11/30 10:00:00.000][Type:FileRecord]\nActivityId: RemoveFile\nRelativePath: packs/a.osp\n[EndUpdateRecord]\n').damage).toMatch(/has no RecordCheck line/);
  });

  it('continues the chain of an older journal written without check lines', async () => {
    const p = journalPaths(staging, 'OLD1');
    await mkdir(p.dir, { recursive: true });
    const old = (type: string, lines: string[]) => `[BeginUpdateRecord][2026/01/01 10:00:00.000][Type:${type}]\n${lines.join('\n')}\n[EndUpdateRecord]\n`;
    await writeFile(p.journal, old('NewJournalFile', ['VocabularyVersion: 2013-02-01']) + old('FileRecord', ['ActivityId: CopyFile', 'RelativePath: packs/a.osp', 'BlobPath: c/j/packs/a.osp', 'FilePath: \\j\\packs\\a.osp', 'Length: 4', 'Blocks: 0:4:0123456789ABCDEF0123456789ABCDEF']), { mode: 0o600 });
    await openJournal(p.journal, { driveId: 'OLD1', sessionId: 's', device: 'x' });
    await journalFileCompleted(p.journal, file('packs/b.osp', 'FEDCBA9876543210FEDCBA9876543210'));
    const j = await readJournal(p.journal);
    expect(j.damage).toBeNull();
    expect([...j.files.keys()]).toEqual(['packs/a.osp', 'packs/b.osp']);
    // Removing the older record now shows too: the first checked record no longer follows.
    const text = await readFile(p.journal, 'utf8');
    const r = records(text);
    expect(parseJournal([r[0], ...r.slice(2)].join('')).damage).toMatch(/record 2 does not follow/);
  });

  it('catches a finished drive’s journal cut before its DriveInfo record through the DriveInfo file', async () => {
    const { journal, text } = await written();
    await journalDriveInfo(staging, { driveId: 'CHAIN1', bitLockerKey: key, manifestFile: '\\DriveManifest.xml', manifestHash: 'D036B73A899BF923C40ED52882D9286E' });
    expect(await recordedDriveKey(staging, 'CHAIN1')).toEqual({ key, damaged: null });
    // Whole records cut off the end: the journal alone still reads as sound…
    await writeFile(journal, text);
    expect((await readJournal(journal)).damage).toBeNull();
    // …but its DriveInfo file shows the DriveInfo record was written.
    expect(await recordedDriveKey(staging, 'CHAIN1')).toMatchObject({ key: null, damaged: journal, reason: expect.stringMatching(/ends before its DriveInfo record/) });
  });
});
