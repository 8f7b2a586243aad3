/** Verify against a real blob service (Azurite): matching, missing, wrong-length and wrong-MD5 blobs, with and without Content-MD5. */

import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyContainer } from '../../../src/core/complete/verify';
import type { DriveBlob } from '../../../src/core/formats/driveManifest';
import { openCloudStagingSource } from '../../../src/core/complete/cloudSource';
import { startAzurite, type Azurite } from '../../helpers/azurite';
import { OfflineSeedError } from '../../../src/shared/errors';
import { translate } from '../../../src/shared/i18n';

const md5 = (b: Buffer) => createHash('md5').update(b).digest('hex').toUpperCase();
const block = 4 * 1024 * 1024;

function manifestFor(name: string, data: Buffer, driveId: string): DriveBlob {
  const blocks = [];
  for (let o = 0; o < data.length; o += block) {
    const part = data.subarray(o, Math.min(data.length, o + block));
    blocks.push({ offset: o, length: part.length, md5: md5(part) });
  }
  return { blobPath: `seed/${name}`, filePath: `\\session\\${name.replace(/\//g, '\\')}`, length: data.length, blocks, driveId };
}

let az: Azurite;
let staging: string;
const files = {
  'packs/000001.pack': randomBytes(5 * 1024 * 1024 + 17),
  'packs/000002.pack': randomBytes(300_000),
  'packs/000003.pack': randomBytes(1000),
  'index/index.json': Buffer.from('{"files":[]}'),
  'packs/000004.pack': randomBytes(2000),
};

beforeAll(async () => {
  az = await startAzurite();
  staging = mkdtempSync(path.join(os.tmpdir(), 'os-verify-'));
  for (const [rel, data] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(staging, rel)), { recursive: true });
    writeFileSync(path.join(staging, rel), data);
  }
  const c = az.service.getContainerClient('seed');
  await c.create();
  // 000001: multi-block upload, no Content-MD5 set by the service.
  await c.getBlockBlobClient('packs/000001.pack').uploadData(files['packs/000001.pack'], { maxSingleShotSize: 1024 * 1024, blockSize: block });
  // 000002: one shot with Content-MD5.
  await c.getBlockBlobClient('packs/000002.pack').uploadData(files['packs/000002.pack'], {
    blobHTTPHeaders: { blobContentMD5: createHash('md5').update(files['packs/000002.pack']).digest() },
  });
  // 000003: different bytes, same length, with the MD5 of what was stored.
  const wrong = randomBytes(1000);
  await c.getBlockBlobClient('packs/000003.pack').uploadData(wrong, { blobHTTPHeaders: { blobContentMD5: createHash('md5').update(wrong).digest() } });
  // index.json: truncated.
  await c.getBlockBlobClient('index/index.json').uploadData(Buffer.from('{"files":'));
  // 000004: never imported. An unrelated blob and a copy log sit there too.
  await c.getBlockBlobClient('other/backup.bin').uploadData(Buffer.from('x'));
  await c.getBlockBlobClient('waimportexport/waies/seed_A_error.xml').uploadData(Buffer.from('<DriveLog/>'));
}, 60_000);

afterAll(async () => {
  await az?.stop();
  if (staging) rmSync(staging, { recursive: true, force: true });
});

describe('verifyContainer', () => {
  it('names every missing or mismatched blob, and passes the ones that match', async () => {
    const manifests = Object.entries(files).map(([rel, data], i) => manifestFor(rel, data, i < 3 ? 'DRIVE-A' : 'DRIVE-B'));
    const report = await verifyContainer(az.azure, { container: 'seed', account: 'x', manifests, stagingDir: staging });
    expect(report.ok).toBe(false);
    expect(report.expectedBlobs).toBe(5);
    expect(report.matched).toBe(2);
    expect(report.problems).toEqual([
      { blobPath: 'index/index.json', kind: 'lengthMismatch', expected: 12, actual: 9, driveId: 'DRIVE-B' },
      expect.objectContaining({ blobPath: 'packs/000003.pack', kind: 'md5Mismatch', driveId: 'DRIVE-A' }),
      { blobPath: 'packs/000004.pack', kind: 'missing', driveId: 'DRIVE-B' },
    ]);
    expect(report.extra).toEqual(['other/backup.bin']);
  });

  it('checks a blob without Content-MD5 block by block when staging is gone', async () => {
    const m = manifestFor('packs/000001.pack', files['packs/000001.pack'], 'DRIVE-A');
    const good = await verifyContainer(az.azure, { container: 'seed', account: 'x', manifests: [m] });
    expect(good.ok).toBe(true);
    expect(good.bytes).toBe(files['packs/000001.pack'].length);
    const tampered = { ...m, blocks: m.blocks.map((b, i) => (i === 1 ? { ...b, md5: '0'.repeat(32) } : b)) };
    const bad = await verifyContainer(az.azure, { container: 'seed', account: 'x', manifests: [tampered] });
    expect(bad.problems).toEqual([expect.objectContaining({ blobPath: 'packs/000001.pack', kind: 'md5Mismatch', expected: '0'.repeat(32) })]);
  });
});

describe('verifyContainer before the import', () => {
  it('says the container is not there yet and to verify once the job is Completed, not “Correct the cause Azure names”', async () => {
    const m = manifestFor('packs/000002.pack', files['packs/000002.pack'], 'DRIVE-A');
    const e = await verifyContainer(az.azure, { container: 'not-imported-yet', account: 'seedstore01', manifests: [m] }).then(
      () => null,
      (x: unknown) => x as OfflineSeedError,
    );
    expect(e).toBeInstanceOf(OfflineSeedError);
    expect(e!.code).toBe('workflow:errors.containerNotImported');
    expect(translate('en', e!.code, e!.params)).toBe(
      'The container not-imported-yet is not in the storage account seedstore01 yet: the datacenter creates it when it imports the drives, so run verify again once offline-seed status shows the import job Completed.',
    );
    expect(e!.exitCode).toBe(2);
  });
});

describe('openCloudStagingSource', () => {
  it('reads staging files back from their blobs, whole and by range, and names a blob that is not there', async () => {
    const manifests = Object.entries(files).map(([rel, data]) => manifestFor(rel, data, 'DRIVE-A'));
    const src = openCloudStagingSource(az.azure, 'seed', manifests);
    expect(src.files()).toEqual(['index/index.json', 'packs/000001.pack', 'packs/000002.pack', 'packs/000003.pack', 'packs/000004.pack']);
    expect((await src.read('packs/000002.pack')).equals(files['packs/000002.pack'])).toBe(true);
    const range = await src.read('packs/000001.pack', block - 10, 20);
    expect(range.equals(files['packs/000001.pack'].subarray(block - 10, block + 10))).toBe(true);
    await expect(src.read('packs/000004.pack')).rejects.toMatchObject({ code: 'workflow:errors.cloudBlobMissing' });
    expect(() => src.size('packs/999.pack')).toThrow(/not listed in any drive manifest/);
  });
});
