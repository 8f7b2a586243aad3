/** Prepared drives are read from real DriveInfo files in staging/journals; a broken one is named. */

import { mkdtempSync, rmSync, mkdirSync, writeFileSync, utimesSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readPreparedDrives } from '../../../src/core/formats/journal';
import { planImportJobs } from '../../../src/core/importJob/importJob';
import { localizeError } from '../../../src/shared/i18n';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function staging(): string {
  const d = mkdtempSync(path.join(os.tmpdir(), 'os-journals-'));
  dirs.push(d);
  mkdirSync(path.join(d, 'journals'));
  return d;
}

const key = '238810-662376-448998-450120-652806-203390-606320-483076';
const driveInfo = (id: string, hash = 'D863FE44F861AE0DA4DCEAEEFFCCCE68') =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<Drive>\n   <DriveId>${id}</DriveId>\n   <BitLockerKey>${key}</BitLockerKey>\n   <ManifestFile>\\DriveManifest.xml</ManifestFile>\n   <ManifestHash>${hash}</ManifestHash> </Drive>\n`;

describe('readPreparedDrives', () => {
  it('reads the documented DriveInfo format, one entry per drive id, sorted', async () => {
    const d = staging();
    writeFileSync(path.join(d, 'journals', 'B2_DriveInfo_B2.xml'), driveInfo('B2', 'e5d632db047c74b3b17c8f3359950adb'));
    writeFileSync(path.join(d, 'journals', 'A1_DriveInfo_A1.xml'), driveInfo('A1'));
    writeFileSync(path.join(d, 'journals', 'A1.jrn'), '[BeginUpdateRecord]');
    const old = path.join(d, 'journals', 'A1-old_DriveInfo_A1.xml');
    writeFileSync(old, driveInfo('A1', '00000000000000000000000000000000'));
    utimesSync(old, new Date(2000, 1, 1), new Date(2000, 1, 1));
    const drives = await readPreparedDrives(d);
    expect(drives.map((x) => x.driveId)).toEqual(['A1', 'B2']);
    expect(drives[0]).toMatchObject({ bitLockerKey: key, manifestFile: '\\DriveManifest.xml', manifestHash: 'D863FE44F861AE0DA4DCEAEEFFCCCE68' });
    expect(drives[1]!.manifestHash).toBe('E5D632DB047C74B3B17C8F3359950ADB');
  });

  it('returns nothing without journals and names a broken DriveInfo without showing its key', async () => {
    const empty = mkdtempSync(path.join(os.tmpdir(), 'os-journals-'));
    dirs.push(empty);
    expect(await readPreparedDrives(empty)).toEqual([]);
    const d = staging();
    writeFileSync(path.join(d, 'journals', 'X_DriveInfo_X.xml'), `<Drive><DriveId>X</DriveId><BitLockerKey>${key}</BitLockerKey></Drive>`);
    const err = await readPreparedDrives(d).catch((e: unknown) => e);
    const shown = localizeError(err, 'en');
    expect(shown.code).toBe('workflow:errors.journalInvalid');
    expect(shown.message).toContain('X_DriveInfo_X.xml');
    expect(JSON.stringify(shown)).not.toContain(key);
  });
});

describe('planImportJobs', () => {
  const drive = (i: number) => ({ driveId: `D${i}`, bitLockerKey: key, manifestFile: '\\DriveManifest.xml', manifestHash: 'A'.repeat(32), driveInfoFile: '' });
  it('keeps up to ten drives in one job and splits beyond with -1, -2 suffixes', () => {
    expect(planImportJobs('seed', Array.from({ length: 10 }, (_, i) => drive(i))).map((j) => j.name)).toEqual(['seed']);
    const plan = planImportJobs('seed', Array.from({ length: 23 }, (_, i) => drive(i)));
    expect(plan.map((j) => [j.name, j.drives.length])).toEqual([
      ['seed-1', 10],
      ['seed-2', 10],
      ['seed-3', 3],
    ]);
  });
});
