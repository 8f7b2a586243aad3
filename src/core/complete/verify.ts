/**
 * Compares every blob in the container with the drive manifests: present, same length, same Content-MD5.
 *
 * The expected MD5 of a blob is its single block's MD5 when it has one block, otherwise the MD5 of the same
 * file in the staging location; when neither is available (staging gone), the blob is read back and every
 * block is checked against the manifest's Base16 block MD5s.
 */

import { createHash } from 'node:crypto';
import { createReadStream, promises as fs } from 'node:fs';
import path from 'node:path';
import type { BlobProblem, VerifyReport } from '../../shared/model/verify';
import type { WorkflowAzure } from '../azure/workflowAzure';
import { md5Hex, type DriveBlob } from '../formats/driveManifest';
import { azureError } from '../azure/failures';
import { stagingPathOf } from './stagingPaths';

async function md5OfFile(file: string): Promise<string> {
  const h = createHash('md5');
  for await (const chunk of createReadStream(file, { highWaterMark: 4 * 1024 * 1024 })) h.update(chunk as Buffer);
  return h.digest('hex').toUpperCase();
}

/** The staging file holding the same bytes as a drive file, or null when staging does not have it. */
export async function stagingFileFor(stagingDir: string, filePath: string): Promise<string | null> {
  const rel = stagingPathOf(filePath);
  if (!rel) return null;
  const candidate = path.join(stagingDir, ...rel.split('/'));
  try {
    return (await fs.stat(candidate)).isFile() ? candidate : null;
  } catch {
    return null;
  }
}

export interface VerifyOptions {
  container: string;
  manifests: DriveBlob[];
  stagingDir?: string;
  onProgress?(done: number, total: number, bytes: number, current: string): void;
}

export async function verifyContainer(azure: WorkflowAzure, o: VerifyOptions): Promise<VerifyReport> {
  const containerClient = await azure.blobs.container(o.container);
  const actual = new Map<string, { length: number; md5: string | null }>();
  try {
    for await (const b of containerClient.listBlobsFlat()) {
      const md5 = b.properties.contentMD5 ? Buffer.from(b.properties.contentMD5).toString('hex').toUpperCase() : null;
      actual.set(b.name, { length: b.properties.contentLength ?? 0, md5 });
    }
  } catch (e) {
    throw azureError(e, 'listBlobs', 'complete', { container: o.container });
  }
  const prefix = `${o.container}/`;
  const expected = new Map<string, DriveBlob>();
  for (const m of o.manifests) {
    const name = m.blobPath.startsWith(prefix) ? m.blobPath.slice(prefix.length) : m.blobPath;
    expected.set(name, m);
  }
  const problems: BlobProblem[] = [];
  let matched = 0;
  let checked = 0;
  let bytes = 0;
  const names = [...expected.keys()].sort();
  for (const name of names) {
    const m = expected.get(name)!;
    const a = actual.get(name);
    checked++;
    o.onProgress?.(checked, names.length, bytes, name);
    if (!a) {
      problems.push({ blobPath: name, kind: 'missing', driveId: m.driveId });
      continue;
    }
    if (a.length !== m.length) {
      problems.push({ blobPath: name, kind: 'lengthMismatch', expected: m.length, actual: a.length, driveId: m.driveId });
      continue;
    }
    let want: string | null = m.blocks.length === 1 && m.blocks[0]!.length === m.length ? m.blocks[0]!.md5 : null;
    if (!want && o.stagingDir) {
      const local = await stagingFileFor(o.stagingDir, m.filePath);
      if (local) want = await md5OfFile(local);
    }
    let ok: boolean;
    if (want && a.md5) {
      ok = want === a.md5;
      if (!ok) problems.push({ blobPath: name, kind: 'md5Mismatch', expected: want, actual: a.md5, driveId: m.driveId });
    } else {
      // No Content-MD5 to compare: read the blob back and check each block against the manifest.
      let buf: Buffer;
      try {
        buf = await containerClient.getBlobClient(name).downloadToBuffer();
      } catch (e) {
        throw azureError(e, 'readBlob', 'complete', { blob: name });
      }
      const bad = m.blocks.find((k) => md5Hex(buf.subarray(k.offset, k.offset + k.length)) !== k.md5);
      ok = !bad;
      if (bad) problems.push({ blobPath: name, kind: 'md5Mismatch', expected: bad.md5, actual: md5Hex(buf.subarray(bad.offset, bad.offset + bad.length)), driveId: m.driveId });
    }
    if (ok) {
      matched++;
      bytes += m.length;
    }
  }
  const extra = [...actual.keys()].filter((n) => !expected.has(n) && !n.startsWith('waimportexport/')).sort();
  return { container: o.container, expectedBlobs: names.length, checkedBlobs: checked, matched, bytes, problems, extra, ok: problems.length === 0 && names.length > 0 };
}
