import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { buildDriveManifestXml, fromManifestFilePath, parseDriveManifestXml, toManifestFilePath } from '../../../src/core/formats/driveManifest';
import { OfflineSeedError } from '../../../src/shared/errors';

const md5 = (s: string) => createHash('md5').update(s).digest('hex').toUpperCase();

describe('drive manifest', () => {
  const m = {
    driveId: 'WD-WCC4N1234567',
    blobs: [
      {
        blobPath: 'backups/job1/packs/aa/pack-1.pack',
        filePath: '\\job1\\packs\\aa\\pack-1.pack',
        length: 6 * 1024 * 1024,
        blocks: [
          { offset: 0, length: 4 * 1024 * 1024, md5: md5('a') },
          { offset: 4 * 1024 * 1024, length: 2 * 1024 * 1024, md5: md5('b').toLowerCase() },
        ],
      },
      { blobPath: 'backups/job1/index/empty', filePath: '\\job1\\index\\empty', length: 0, blocks: [] },
    ],
  };

  it('writes the documented format and reads it back', () => {
    const xml = buildDriveManifestXml(m);
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<DriveManifest Version="2014-11-01">')).toBe(true);
    expect(xml).toContain('<DriveId>WD-WCC4N1234567</DriveId>');
    expect(xml).toContain(`<Block Offset="4194304" Length="2097152" Hash="${md5('b')}"/>`);
    expect(xml).not.toMatch(/StorageAccountKey|ContainerSas/);
    const back = parseDriveManifestXml(xml);
    expect(back.driveId).toBe(m.driveId);
    expect(back.blobs).toHaveLength(2);
    expect(back.blobs[0]).toEqual({ ...m.blobs[0], blocks: m.blobs[0]!.blocks.map((b) => ({ ...b, md5: b.md5.toUpperCase() })) });
    expect(back.blobs[1]).toEqual(m.blobs[1]);
  });

  it('reads a single blob with a single block (no arrays collapsed)', () => {
    const xml = buildDriveManifestXml({ driveId: 'X', blobs: [{ ...m.blobs[0]!, blocks: [m.blobs[0]!.blocks[0]!] }] });
    const back = parseDriveManifestXml(xml);
    expect(back.blobs[0]!.blocks).toEqual([m.blobs[0]!.blocks[0]]);
  });

  it('escapes XML characters in paths', () => {
    const xml = buildDriveManifestXml({ driveId: 'A&B', blobs: [{ blobPath: 'c/a<b>&"x\'', filePath: '\\a<b>&', length: 1, blocks: [{ offset: 0, length: 1, md5: md5('x') }] }] });
    const back = parseDriveManifestXml(xml);
    expect(back.driveId).toBe('A&B');
    expect(back.blobs[0]!.blobPath).toBe('c/a<b>&"x\'');
    expect(back.blobs[0]!.filePath).toBe('\\a<b>&');
  });

  it.each([
    ['garbage', 'not xml <'],
    ['wrong root', '<Foo/>'],
    ['no drive id', '<DriveManifest Version="2014-11-01"><Drive><BlobList/></Drive></DriveManifest>'],
    ['bad hash', '<DriveManifest><Drive><DriveId>d</DriveId><BlobList><Blob><BlobPath>c/x</BlobPath><FilePath>\\x</FilePath><Length>1</Length><BlockList><Block Offset="0" Length="1" Hash="zz"/></BlockList></Blob></BlobList></Drive></DriveManifest>'],
    ['bad length', '<DriveManifest><Drive><DriveId>d</DriveId><BlobList><Blob><BlobPath>c/x</BlobPath><FilePath>\\x</FilePath><Length>-1</Length></Blob></BlobList></Drive></DriveManifest>'],
  ])('refuses %s with a drives error', (_name, xml) => {
    let err: unknown;
    try {
      parseDriveManifestXml(xml);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(OfflineSeedError);
    expect((err as OfflineSeedError).code).toBe('drives:errors.manifestInvalid');
  });

  it('converts file paths both ways and refuses ones that leave the root', () => {
    expect(toManifestFilePath('job1/packs/a.pack')).toBe('\\job1\\packs\\a.pack');
    expect(fromManifestFilePath('\\job1\\packs\\a.pack')).toBe('job1/packs/a.pack');
    expect(fromManifestFilePath('\\..\\etc\\passwd')).toBeNull();
    expect(fromManifestFilePath('\\')).toBeNull();
  });
});
