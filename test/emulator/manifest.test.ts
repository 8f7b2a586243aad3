/**
 * The local datacenter's own manifest reader against the golden files written by hand from Microsoft's manifest
 * format page (test/fixtures/formats/README.md), and against the documented rules broken one at a time.
 */

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { driveRelativeSegments, ManifestFormatError, readManifest } from '../../src/emulator/manifest';

const golden = (rel: string) => readFileSync(path.resolve('test/fixtures/formats', rel), 'utf8');
const blocks = golden('drive/DriveManifest.xml');

function refusal(xml: string): string {
  try {
    readManifest(xml);
  } catch (e) {
    if (e instanceof ManifestFormatError) return e.message;
    throw e;
  }
  return 'accepted';
}

describe('readManifest on the golden manifests', () => {
  it('reads the drive of a staging location the agent wrote: a page blob with gaps, Unicode paths, each disposition', () => {
    const m = readManifest(golden('drive-agent/DriveManifest.xml'));
    expect(m.driveId).toBe('GOLDEN-AGENT-1');
    expect(m.blobs.map((b) => [b.blobPath, b.filePath, b.length, b.type, b.disposition])).toEqual([
      ['golden-agent/agentjob/DPM/Replica.vhd', '\\agentjob\\DPM\\Replica.vhd', 3072, 'PageBlob', 'rename'],
      ['golden-agent/agentjob/Données/été.bin', '\\agentjob\\Données\\été.bin', 600, 'BlockBlob', 'overwrite'],
      ['golden-agent/agentjob/MARS/Scratch/catalog.dat', '\\agentjob\\MARS\\Scratch\\catalog.dat', 1000, 'BlockBlob', 'rename'],
      ['golden-agent/agentjob/empty.marker', '\\agentjob\\empty.marker', 0, 'BlockBlob', 'no-overwrite'],
    ]);
    expect(m.blobs[0]!.ranges.map((r) => [r.offset, r.length])).toEqual([
      [0, 512],
      [1536, 512],
      [2560, 512],
    ]);
  });

  it('reads the block-blob drive: both BlobLists, Ids where given, the disposition and its default, an empty blob', () => {
    const m = readManifest(blocks);
    expect(m.driveId).toBe('GOLDEN-DRIVE-1');
    expect(m.blobs.map((b) => [b.blobPath, b.filePath, b.length, b.type, b.disposition, b.ranges.length])).toEqual([
      ['golden/seed-2024/packs/000001.pack', '\\seed-2024\\packs\\000001.pack', 1460, 'BlockBlob', 'overwrite', 3],
      ['golden/seed-2024/index/index.json', '\\seed-2024\\index\\index.json', 38, 'BlockBlob', 'rename', 1],
      ['golden/seed-2024/index/empty.bin', '\\seed-2024\\index\\empty.bin', 0, 'BlockBlob', 'rename', 0],
    ]);
    expect(m.blobs[0]!.ranges).toEqual([
      { offset: 0, length: 512, hash: '5B31A6BDD36222388396199B24F717B7', id: 'YmxvY2stMDAw' },
      { offset: 512, length: 512, hash: '7C144FAFA715C48D6CDC783BCEC0D633', id: 'YmxvY2stMDAx' },
      { offset: 1024, length: 436, hash: '76702EF990798ABDC1AABA60D39E4B6D', id: 'YmxvY2stMDAy' },
    ]);
    expect(m.blobs[1]!.ranges).toEqual([{ offset: 0, length: 38, hash: '2FE7FFE28A153A9E1EB5CFA09DCCB75F' }]);
  });

  it('reads the page-blob drive as page ranges', () => {
    const m = readManifest(golden('drive-pages/DriveManifest.xml'));
    expect(m).toEqual({
      driveId: 'GOLDEN-PAGES-1',
      blobs: [
        {
          blobPath: 'golden-pages/disks/seed.vhd',
          filePath: '\\disks\\seed.vhd',
          length: 2048,
          disposition: 'rename',
          type: 'PageBlob',
          ranges: [
            { offset: 0, length: 512, hash: '9C070E074766A7A3B9EF682B75AFF45F' },
            { offset: 1024, length: 512, hash: 'A8FE1FFAF567C50C6B5C0B36B049EFA4' },
          ],
        },
      ],
    });
  });

  it('accepts every documented optional element', () => {
    const m = readManifest(golden('manifest/all-elements.xml'));
    expect(m.blobs.map((b) => [b.blobPath, b.disposition, b.ranges.map((r) => r.id ?? '-').join(',')])).toEqual([
      ['backups/server01/packs/000001.pack', 'no-overwrite', 'AAAAAA==,AQAAAA=='],
      ['$root/readme.txt', 'rename', '-'],
      ['backups/server01/index/index.json', 'rename', '-'],
    ]);
  });
});

describe('readManifest refuses what the format forbids', () => {
  const cases: Array<[string, string, RegExp]> = [
    ['not XML', blocks.replace('</DriveManifest>', ''), /not well-formed/],
    ['another version', blocks.replace('Version="2014-11-01"', 'Version="2015-01-01"'), /Version is not 2014-11-01/],
    ['another root', blocks.replace(/DriveManifest/g, 'DriveLog'), /root element is not DriveManifest/],
    ['DriveId after a BlobList', blocks.replace('<DriveId>GOLDEN-DRIVE-1</DriveId>', '').replace('</Drive>', '<DriveId>GOLDEN-DRIVE-1</DriveId></Drive>'), /DriveId does not come before/],
    ['no DriveId', blocks.replace('<DriveId>GOLDEN-DRIVE-1</DriveId>', '<DriveId></DriveId>'), /DriveId does not come before/],
    ['two drives', blocks.replace('</Drive>', '</Drive><Drive><DriveId>X</DriveId></Drive>'), /exactly one Drive/],
    ['no FilePath', blocks.replace('<FilePath>\\seed-2024\\index\\index.json</FilePath>', ''), /index\.json has no FilePath/],
    ['a Length that is not a number', blocks.replace('<Length>38</Length>', '<Length>38 bytes</Length>'), /Length of golden\/seed-2024\/index\/index\.json is not a whole number/],
    ['an unknown disposition', blocks.replace('<ImportDisposition>overwrite</ImportDisposition>', '<ImportDisposition>replace</ImportDisposition>'), /ImportDisposition/],
    ['a block without Hash', blocks.replace(' Hash="2FE7FFE28A153A9E1EB5CFA09DCCB75F"', ''), /block 0 has no Base16 MD5 Hash/],
    ['a Base64 hash', blocks.replace('2FE7FFE28A153A9E1EB5CFA09DCCB75F', 'L+f/4ooVPp4ezPoJ3My3Xw=='), /no Base16 MD5 Hash/],
    ['a block over 4 MiB', blocks.replace('Offset="0" Length="38"', 'Offset="0" Length="4194305"'), /longer than 4 MiB/],
    ['Ids on some blocks only', blocks.replace(' Id="YmxvY2stMDAx"', ''), /must all have an Id or none/],
    ['an Id that is not Base64', blocks.replace('YmxvY2stMDAx', 'block-001'), /Id is not Base64/],
    ['both kinds of list', blocks.replace('<BlockList/>', '<BlockList/><PageRangeList/>'), /both a BlockList and a PageRangeList/],
    ['a page range off the 512-byte grid', golden('drive-pages/DriveManifest.xml').replace('Offset="1024"', 'Offset="1000"'), /multiples of 512/],
    ['a page blob of odd length', golden('drive-pages/DriveManifest.xml').replace('<Length>2048</Length>', '<Length>2047</Length>'), /not a multiple of 512 bytes long/],
    ['a global metadata path without hash', golden('manifest/all-elements.xml').replace('<MetadataPath Hash="0CC175B9C0F1B6A831C399E269772661">', '<MetadataPath>'), /MetadataPath has no Base16 MD5 Hash/],
  ];
  it.each(cases)('%s', (_name, xml, why) => {
    expect(refusal(xml)).toMatch(why);
  });
});

describe('driveRelativeSegments', () => {
  it('keeps paths on the drive and refuses ways out of it', () => {
    expect(driveRelativeSegments('\\seed-2024\\packs\\000001.pack')).toEqual(['seed-2024', 'packs', '000001.pack']);
    expect(driveRelativeSegments('\\a\\..\\..\\etc\\passwd')).toBeNull();
    expect(driveRelativeSegments('C:\\Windows\\win.ini')).toBeNull();
    expect(driveRelativeSegments('\\')).toBeNull();
  });
});
