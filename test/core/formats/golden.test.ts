/**
 * Offline Seed's readers and writers of the Microsoft formats against golden files written by hand from
 * Microsoft's documentation (test/fixtures/formats/README.md names the pages).
 */

import { afterEach, describe, expect, it } from 'vitest';
import { copyFile, cp, mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { buildDriveManifestXml, driveBlobs, md5Hex, parseDriveManifestXml } from '../../../src/core/formats/driveManifest';
import { pageRangesOf } from '../../../src/core/copy/pageRanges';
import { manifestProblems } from '../../helpers/manifestCheck';
import { journalDriveInfo, journalFileCompleted, journalFileRemoved, journalPaths, openJournal, parseDriveInfo, parseJournal, readPreparedDrives } from '../../../src/core/formats/journal';
import { parseCopyLog } from '../../../src/core/formats/copyLog';
import { verifyDrive } from '../../../src/core/copy/copyToDrive';
import { bitLockerKeyCheck, checkEmulatedBitLockerKey, readBitLockerMarker } from '../../../src/core/drives/emulatedBitLocker';

const golden = path.resolve('test/fixtures/formats');
const read = (rel: string) => readFile(path.join(golden, rel), 'utf8');
const key = '135795-440011-024442-720885-000077-341000-597531-010989';

const temps: string[] = [];
afterEach(async () => {
  for (const d of temps.splice(0)) await rm(d, { recursive: true, force: true });
});
async function temp(): Promise<string> {
  const d = await mkdtemp(path.join(os.tmpdir(), 'os-golden-'));
  temps.push(d);
  return d;
}

describe('DriveManifest (golden files)', () => {
  it('reads every blob of every BlobList of the golden drive, with block Ids where the manifest has them', async () => {
    const m = parseDriveManifestXml(await read('drive/DriveManifest.xml'));
    expect(m.driveId).toBe('GOLDEN-DRIVE-1');
    expect(m.blobs.map((b) => [b.blobPath, b.filePath, b.length, b.blocks.length])).toEqual([
      ['golden/seed-2024/packs/000001.pack', '\\seed-2024\\packs\\000001.pack', 1460, 3],
      ['golden/seed-2024/index/index.json', '\\seed-2024\\index\\index.json', 38, 1],
      ['golden/seed-2024/index/empty.bin', '\\seed-2024\\index\\empty.bin', 0, 0],
    ]);
    expect(m.blobs[0]!.blocks).toEqual([
      { offset: 0, length: 512, id: 'YmxvY2stMDAw', md5: '5B31A6BDD36222388396199B24F717B7' },
      { offset: 512, length: 512, id: 'YmxvY2stMDAx', md5: '7C144FAFA715C48D6CDC783BCEC0D633' },
      { offset: 1024, length: 436, id: 'YmxvY2stMDAy', md5: '76702EF990798ABDC1AABA60D39E4B6D' },
    ]);
    expect(m.blobs[1]!.blocks[0]).toEqual({ offset: 0, length: 38, md5: '2FE7FFE28A153A9E1EB5CFA09DCCB75F' });
    expect(driveBlobs(m).every((b) => b.driveId === 'GOLDEN-DRIVE-1')).toBe(true);
  });

  it('accepts every documented element (ClientCreator, metadata and properties paths, ClientData, $root, several BlobLists)', async () => {
    const m = parseDriveManifestXml(await read('manifest/all-elements.xml'));
    expect(m.driveId).toBe('WD-WCC7K0AB1234');
    expect(m.blobs.map((b) => b.blobPath)).toEqual(['backups/server01/packs/000001.pack', '$root/readme.txt', 'backups/server01/index/index.json']);
    expect(m.blobs[0]!.blocks.map((k) => [k.offset, k.length, k.id])).toEqual([
      [0, 4194304, 'AAAAAA=='],
      [4194304, 2097152, 'AQAAAA=='],
    ]);
  });

  it('reads page blobs (PageRangeList) and explicit dispositions; refuses a manifest of another version', async () => {
    const pages = parseDriveManifestXml(await read('drive-pages/DriveManifest.xml'));
    expect(pages.blobs[0]).toMatchObject({ blobType: 'page', length: 2048, blocks: [{ offset: 0, length: 512 }, { offset: 1024, length: 512 }] });
    expect(pages.blobs[0]!.importDisposition).toBeUndefined();
    const other = (await read('drive/DriveManifest.xml')).replace('Version="2014-11-01"', 'Version="2099-01-01"');
    expect(() => parseDriveManifestXml(other)).toThrow(/Version is not 2014-11-01/);
    const odd = (await read('drive-pages/DriveManifest.xml')).replace('Offset="1024"', 'Offset="1000"');
    expect(() => parseDriveManifestXml(odd)).toThrow(/multiples of 512/);
    const unknown = (await read('drive-agent/DriveManifest.xml')).replace('<ImportDisposition>overwrite<', '<ImportDisposition>replace<');
    expect(() => parseDriveManifestXml(unknown)).toThrow(/ImportDisposition/);
  });

  it("writes the golden agent drive's manifest byte for byte: page ranges without zero pages, Unicode paths, explicit dispositions", async () => {
    const text = await read('drive-agent/DriveManifest.xml');
    const m = parseDriveManifestXml(text);
    expect(m.blobs.map((b) => [b.blobPath, b.blobType ?? 'block', b.importDisposition, b.blocks.length])).toEqual([
      ['golden-agent/agentjob/DPM/Replica.vhd', 'page', 'rename', 3],
      ['golden-agent/agentjob/Données/été.bin', 'block', 'overwrite', 1],
      ['golden-agent/agentjob/MARS/Scratch/catalog.dat', 'block', 'rename', 1],
      ['golden-agent/agentjob/empty.marker', 'block', 'no-overwrite', 0],
    ]);
    expect(buildDriveManifestXml(m)).toBe(text);
    // The page ranges Offline Seed computes from the file are the ones written by hand.
    const vhd = await readFile(path.join(golden, 'drive-agent/agentjob/DPM/Replica.vhd'));
    expect(pageRangesOf(vhd, 0)).toEqual(m.blobs[0]!.blocks);
    expect(await verifyDrive(path.join(golden, 'drive-agent'), 'ADD822D4D43E5AE0FD2BFF546B272C10')).toEqual([]);
  });

  it('finds a changed byte in a page the page ranges leave out (the blob would read zeros there)', async () => {
    const root = await temp();
    await cp(path.join(golden, 'drive-agent'), root, { recursive: true });
    const file = path.join(root, 'agentjob/DPM/Replica.vhd');
    const vhd = await readFile(file);
    vhd[1000] = 1;
    await writeFile(file, vhd);
    const problems = await verifyDrive(root, 'ADD822D4D43E5AE0FD2BFF546B272C10');
    expect(problems.map((p) => [p.blobPath, p.problem])).toEqual([['golden-agent/agentjob/DPM/Replica.vhd', { kind: 'md5Mismatch', offset: 512 }]]);
  });

  it('every golden manifest passes the independent check of the documented format (xmllint and the XSD written from it)', async () => {
    for (const f of ['drive/DriveManifest.xml', 'drive-pages/DriveManifest.xml', 'drive-agent/DriveManifest.xml', 'manifest/all-elements.xml']) {
      expect(manifestProblems(path.join(golden, f), await read(f)), f).toEqual([]);
    }
  });

  it("Offline Seed's drive check accepts the golden drive and its manifest hash, and finds a changed byte", async () => {
    const hash = parseDriveInfo(await read('journal/GOLDEN-DRIVE-1_DriveInfo_GOLDEN-DRIVE-1.xml'), 'golden').manifestHash;
    expect(md5Hex(await readFile(path.join(golden, 'drive/DriveManifest.xml')))).toBe(hash);
    expect(await verifyDrive(path.join(golden, 'drive'), hash)).toEqual([]);

    const root = await temp();
    await mkdir(path.join(root, 'seed-2024', 'packs'), { recursive: true });
    await mkdir(path.join(root, 'seed-2024', 'index'), { recursive: true });
    for (const f of ['DriveManifest.xml', 'seed-2024/index/index.json', 'seed-2024/index/empty.bin']) await copyFile(path.join(golden, 'drive', f), path.join(root, f));
    const pack = Buffer.from(await read('drive/seed-2024/packs/000001.pack'));
    pack[600] = pack[600]! ^ 1;
    await writeFile(path.join(root, 'seed-2024/packs/000001.pack'), pack);
    const problems = await verifyDrive(root, hash);
    expect(problems.map((p) => [p.blobPath, p.problem])).toEqual([['golden/seed-2024/packs/000001.pack', { kind: 'md5Mismatch', offset: 512 }]]);
  });
});

describe('journal and DriveInfo (golden files)', () => {
  it('reads the golden journal: complete records only, a removed file gone, the DriveInfo record', async () => {
    const j = parseJournal(await read('journal/GOLDEN-DRIVE-1.jrn'));
    expect([...j.files.keys()]).toEqual(['packs/000001.pack', 'index/index.json', 'index/empty.bin']);
    expect(j.files.get('packs/000001.pack')).toEqual({
      relPath: 'packs/000001.pack',
      blobPath: 'golden/seed-2024/packs/000001.pack',
      filePath: '\\seed-2024\\packs\\000001.pack',
      length: 1460,
      blocks: [
        { offset: 0, length: 512, md5: '5B31A6BDD36222388396199B24F717B7' },
        { offset: 512, length: 512, md5: '7C144FAFA715C48D6CDC783BCEC0D633' },
        { offset: 1024, length: 436, md5: '76702EF990798ABDC1AABA60D39E4B6D' },
      ],
    });
    expect(j.files.get('index/empty.bin')!.blocks).toEqual([]);
    expect(j.driveInfo).toEqual({ driveId: 'GOLDEN-DRIVE-1', bitLockerKey: key, manifestFile: '\\DriveManifest.xml', manifestHash: 'D036B73A899BF923C40ED52882D9286E' });
    // Windows line ends read the same.
    expect(parseJournal((await read('journal/GOLDEN-DRIVE-1.jrn')).replace(/\n/g, '\r\n'))).toEqual(j);
  });

  it('writes the same records and DriveInfo file as the golden journal, byte for byte apart from the times', async () => {
    const staging = await temp();
    const p = journalPaths(staging, 'GOLDEN-DRIVE-1');
    const j = parseJournal(await read('journal/GOLDEN-DRIVE-1.jrn'));
    await openJournal(p.journal, { driveId: 'GOLDEN-DRIVE-1', sessionId: 'seed-2024', device: 'E' });
    await journalFileCompleted(p.journal, j.files.get('packs/000001.pack')!);
    await journalFileCompleted(p.journal, { relPath: 'index/old.json', blobPath: 'golden/seed-2024/index/old.json', filePath: '\\seed-2024\\index\\old.json', length: 2, blocks: [{ offset: 0, length: 2, md5: '99914B932BD37A50B983C5E7C90AE93B' }] });
    await journalFileRemoved(p.journal, 'index/old.json');
    await journalFileCompleted(p.journal, j.files.get('index/index.json')!);
    await journalFileCompleted(p.journal, j.files.get('index/empty.bin')!);
    await journalDriveInfo(staging, j.driveInfo!);

    const times = (s: string) => s.replace(/\]\[\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d\.\d{3}\]/g, '][T]');
    const goldenText = await read('journal/GOLDEN-DRIVE-1.jrn');
    const complete = goldenText.slice(0, goldenText.lastIndexOf('[EndUpdateRecord]\n') + '[EndUpdateRecord]\n'.length);
    // Each written record also ends with Offline Seed's own RecordCheck line (its number and chain hash), which
    // the golden journal (WAImportExport's documented shape) does not have; otherwise the bytes are the same.
    const written = await readFile(p.journal, 'utf8');
    const checks = [...written.matchAll(/^RecordCheck: (\d+):[0-9a-f]{32}\n\[EndUpdateRecord\]$/gm)].map((m) => Number(m[1]));
    expect(checks).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(times(written.replace(/^RecordCheck: .*\n/gm, ''))).toBe(times(complete));
    expect(parseJournal(written).damage).toBeNull();
    expect(path.basename(p.driveInfo)).toBe('GOLDEN-DRIVE-1_DriveInfo_GOLDEN-DRIVE-1.xml');
    expect(await readFile(p.driveInfo, 'utf8')).toBe(await read('journal/GOLDEN-DRIVE-1_DriveInfo_GOLDEN-DRIVE-1.xml'));
    expect(((await stat(p.driveInfo)).mode & 0o777).toString(8)).toBe('600');
  });

  it('lists the golden DriveInfo as a prepared drive of a staging location', async () => {
    const staging = await temp();
    await mkdir(path.join(staging, 'journals'));
    await copyFile(path.join(golden, 'journal/GOLDEN-DRIVE-1_DriveInfo_GOLDEN-DRIVE-1.xml'), path.join(staging, 'journals/GOLDEN-DRIVE-1_DriveInfo_GOLDEN-DRIVE-1.xml'));
    const drives = await readPreparedDrives(staging);
    expect(drives.map(({ driveInfoFile: _f, ...d }) => d)).toEqual([{ driveId: 'GOLDEN-DRIVE-1', bitLockerKey: key, manifestFile: '\\DriveManifest.xml', manifestHash: 'D036B73A899BF923C40ED52882D9286E' }]);
  });
});

describe('copy logs (golden files)', () => {
  it('reads a verbose log: every blob with its status, disposition and blocks', async () => {
    const log = parseCopyLog(await read('copy-log/verbose-completed.xml'))!;
    expect(log.driveId).toBe('GOLDEN-DRIVE-1');
    expect(log.status).toBe('Completed');
    expect(log.blobs.map((b) => [b.blobPath, b.status, b.length, b.importDisposition])).toEqual([
      ['golden/seed-2024/packs/000001.pack', 'Completed', 1460, { value: 'overwrite', status: 'Overwritten' }],
      ['golden/seed-2024/index/index.json', 'Completed', 38, { value: 'rename', status: 'Created' }],
      ['golden/seed-2024/index/empty.bin', 'Completed', 0, { value: 'rename', status: 'Created' }],
    ]);
    expect(log.blobs[0]!.ranges).toEqual([
      { kind: 'block', offset: 0, length: 512, id: 'YmxvY2stMDAw', hash: '5B31A6BDD36222388396199B24F717B7', status: 'Completed' },
      { kind: 'block', offset: 512, length: 512, id: 'YmxvY2stMDAx', hash: '7C144FAFA715C48D6CDC783BCEC0D633', status: 'Completed' },
      { kind: 'block', offset: 1024, length: 436, id: 'YmxvY2stMDAy', hash: '76702EF990798ABDC1AABA60D39E4B6D', status: 'Completed' },
    ]);
    expect(log.blobs[2]!.ranges).toBeUndefined();
  });

  it('reads corrupted blocks and page ranges from a verbose log and the matching error log', async () => {
    const verbose = parseCopyLog(await read('copy-log/verbose-with-errors.xml'))!;
    const error = parseCopyLog(await read('copy-log/error-with-errors.xml'))!;
    expect(verbose.blobs.map((b) => b.status)).toEqual(['Completed', 'CompletedWithErrors', 'CompletedWithErrors']);
    expect(verbose.blobs[0]!.importDisposition).toEqual({ value: 'rename', status: 'Renamed' });
    expect(verbose.blobs[2]!.ranges!.map((r) => [r.kind, r.offset, r.status])).toEqual([
      ['page', 0, 'Completed'],
      ['page', 1024, 'Corrupted'],
    ]);
    expect(error.status).toBe('CompletedWithErrors');
    expect(error.blobs.map((b) => b.blobPath)).toEqual(['backups/server01/packs/000001.pack', 'disks/seed.vhd']);
    expect(error.blobs.flatMap((b) => b.ranges!.map((r) => [r.kind, r.offset, r.length, r.status]))).toEqual([
      ['block', 4194304, 2097152, 'Corrupted'],
      ['page', 1024, 512, 'Corrupted'],
    ]);
  });

  it('reads a missing file with its cancelled blocks (hash spaces trimmed) and a drive that failed before any blob', async () => {
    const missing = parseCopyLog(await read('copy-log/error-file-not-found.xml'))!;
    expect(missing.blobs[0]).toMatchObject({ status: 'FileNotFound', importDisposition: { value: 'rename', status: 'Cancelled' } });
    expect(missing.blobs[0]!.ranges!.map((r) => [r.hash, r.status])).toEqual([
      ['61BDE10AA2D68C5BC677CC9CDC9D02D0', 'Cancelled'],
      ['99048BD29196AF28E61C79C22A17D407', 'Cancelled'],
    ]);
    expect(parseCopyLog(await read('copy-log/error-bitlocker-key-invalid.xml'))).toEqual({ driveId: 'WD-WCC7K0AB5678', status: 'BitLockerKeyInvalid', blobs: [] });
  });
});

describe('emulated BitLocker marker (golden file, Offline Seed’s own format)', () => {
  it('matches the golden marker for the golden key and refuses another key', async () => {
    const root = path.join(golden, 'drive');
    expect(await readBitLockerMarker(root)).toEqual({ driveId: 'GOLDEN-DRIVE-1', keyCheck: bitLockerKeyCheck('GOLDEN-DRIVE-1', key) });
    await expect(checkEmulatedBitLockerKey(root, 'GOLDEN-DRIVE-1', key)).resolves.toBeUndefined();
    await expect(checkEmulatedBitLockerKey(root, 'GOLDEN-DRIVE-1', key.replace('135795', '135784'))).rejects.toMatchObject({ code: 'drives:errors.emulatedKeyMismatch' });
  });
});
