/** Copy logs in the documented DriveLog format become per-blob statuses; manifests in the documented format become expected blobs. */

import { describe, expect, it } from 'vitest';
import { parseCopyLog } from '../../../src/core/formats/copyLog';
import { parseDriveManifest } from '../../../src/core/complete/manifests';
import { nextPollDelay } from '../../../src/shared/rules/polling';

// Shape from "Azure Import/Export service log file format": https://learn.microsoft.com/previous-versions/azure/dn529094(v=azure.100)
const errorLog = `<?xml version="1.0" encoding="utf-8"?>
<DriveLog Version="2014-11-01">
  <DriveId>9WM35C2V</DriveId>
  <Blob Status="BlobUnexpectedChange">
    <BlobPath>pictures/animals/koala.jpg</BlobPath>
    <FilePath>\\animals\\koala.jpg</FilePath>
    <Length>163840</Length>
  </Blob>
  <Blob Status="FileNotFound">
    <BlobPath>pictures/animals/kangaroo.jpg</BlobPath>
    <FilePath>\\animals\\kangaroo.jpg</FilePath>
  </Blob>
  <Status>CompletedWithErrors</Status>
</DriveLog>`;

const manifest = `<?xml version="1.0" encoding="UTF-8"?>
<DriveManifest Version="2014-11-01">
  <Drive>
    <DriveId>9WM35C2V</DriveId>
    <BlobList>
      <Blob>
        <BlobPath>backup/session/packs/000001.pack</BlobPath>
        <FilePath>\\session\\packs\\000001.pack</FilePath>
        <Length>5242880</Length>
        <BlockList>
          <Block Offset="0" Length="4194304" Id="AAAAAA==" Hash="b37d0d5d8b8a4f1e1e7b2f4c9e1d7a11" />
          <Block Offset="4194304" Length="1048576" Id="AQAAAA==" Hash="0F343B0931126A20F133D67C2B018A3B" />
        </BlockList>
      </Blob>
      <Blob>
        <BlobPath>backup/session/index/index.json</BlobPath>
        <FilePath>\\session\\index\\index.json</FilePath>
        <Length>12</Length>
        <BlockList><Block Offset="0" Length="12" Hash="5EB63BBBE01EEED093CB22BB8F5ACDC3" /></BlockList>
      </Blob>
    </BlobList>
  </Drive>
</DriveManifest>`;

describe('parseCopyLog', () => {
  it('reads the drive status and every blob status', () => {
    const log = parseCopyLog(errorLog)!;
    expect(log.driveId).toBe('9WM35C2V');
    expect(log.status).toBe('CompletedWithErrors');
    expect(log.blobs).toEqual([
      { blobPath: 'pictures/animals/koala.jpg', filePath: '\\animals\\koala.jpg', status: 'BlobUnexpectedChange', length: 163840 },
      { blobPath: 'pictures/animals/kangaroo.jpg', filePath: '\\animals\\kangaroo.jpg', status: 'FileNotFound' },
    ]);
  });

  it('returns null for something that is not a copy log', () => {
    expect(parseCopyLog('<html></html>')).toBeNull();
    expect(parseCopyLog('not xml at all <')).toBeNull();
  });
});

describe('parseDriveManifest', () => {
  it('lists every blob with its length and block MD5s', () => {
    const blobs = parseDriveManifest(manifest, 'm.xml');
    expect(blobs).toHaveLength(2);
    expect(blobs[0]).toMatchObject({ blobPath: 'backup/session/packs/000001.pack', length: 5242880, driveId: '9WM35C2V' });
    expect(blobs[0]!.blocks).toEqual([
      { offset: 0, length: 4194304, md5: 'B37D0D5D8B8A4F1E1E7B2F4C9E1D7A11', id: 'AAAAAA==' },
      { offset: 4194304, length: 1048576, md5: '0F343B0931126A20F133D67C2B018A3B', id: 'AQAAAA==' },
    ]);
  });

  it('refuses a document that is not a drive manifest', () => {
    expect(() => parseDriveManifest('<DriveLog/>', 'x.xml')).toThrow(/not a valid DriveManifest/);
  });
});

describe('nextPollDelay', () => {
  it('starts at 5 s, doubles while nothing changes, caps at 5 min, and resets on a change', () => {
    let d = nextPollDelay(null, true);
    const seen = [d];
    for (let i = 0; i < 8; i++) seen.push((d = nextPollDelay(d, false)));
    expect(seen).toEqual([5000, 10000, 20000, 40000, 80000, 160000, 300000, 300000, 300000]);
    expect(nextPollDelay(300000, true)).toBe(5000);
  });
});
