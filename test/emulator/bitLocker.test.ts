/** The local datacenter's reading of Offline Seed's BitLocker marker, against the golden markers (hashes made with sha256sum). */

import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isRecoveryPassword, readDriveMarker, unlocks } from '../../src/emulator/bitLocker';

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

  it('checks the recovery-password shape itself: 8 groups of 6 digits, each a multiple of 11 below 720896', () => {
    expect(isRecoveryPassword(key)).toBe(true);
    for (const bad of [key.replace('010989', '010988'), key.replace('720885', '720896'), key.slice(0, -7), key.replace(/-/g, ''), '']) {
      expect(isRecoveryPassword(bad), bad).toBe(false);
    }
  });

  it('refuses a key without the recovery-password checksum even when the marker was made with it', async () => {
    const bad = '111111-222222-333333-444444-555555-666666-777777-888888';
    const marker = { driveId: 'BAD-KEY-1', keyCheck: createHash('sha256').update(`BAD-KEY-1:${bad}`).digest('hex') };
    expect(unlocks(marker, 'BAD-KEY-1', bad)).toBe(false);
    const good = '111111-222222-333333-444444-555555-666666-000077-000088';
    expect(unlocks({ driveId: 'G', keyCheck: createHash('sha256').update(`G:${good}`).digest('hex') }, 'G', good)).toBe(true);
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
