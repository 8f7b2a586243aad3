/** The local datacenter's reading of Offline Seed's BitLocker marker, against the golden markers (hashes made with sha256sum). */

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readDriveMarker, unlocks } from '../../src/emulator/bitLocker';

const key = '135795-440011-024442-720885-000077-341000-597531-010989';
const golden = path.resolve('test/fixtures/formats');
let tmp = '';
afterAll(() => (tmp ? rm(tmp, { recursive: true, force: true }) : undefined));

describe('the drive marker', () => {
  it('unlocks the golden drives with their key only', async () => {
    const marker = (await readDriveMarker(path.join(golden, 'drive')))!;
    expect(marker.driveId).toBe('GOLDEN-DRIVE-1');
    expect(unlocks(marker, 'GOLDEN-DRIVE-1', key)).toBe(true);
    expect(unlocks(marker, 'GOLDEN-DRIVE-1', key.replace('010989', '010978'))).toBe(false);
    expect(unlocks(marker, 'GOLDEN-PAGES-1', key)).toBe(false);
    const pages = (await readDriveMarker(path.join(golden, 'drive-pages')))!;
    expect(unlocks(pages, 'GOLDEN-PAGES-1', key)).toBe(true);
  });

  it('reads no marker where there is none or it is not one', async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'os-marker-'));
    expect(await readDriveMarker(tmp)).toBeNull();
    for (const text of ['not json', '[]', '{"driveId":"X"}', '{"driveId":"X","keyCheck":"abc"}']) {
      await writeFile(path.join(tmp, 'OfflineSeedBitLocker.json'), text);
      expect(await readDriveMarker(tmp), text).toBeNull();
    }
  });
});
