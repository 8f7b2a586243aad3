/**
 * Compares every blob in the container with the drive manifests: present, same length, same Content-MD5.
 *
 * The expected MD5 of a blob is its single block's MD5 when it has one block, otherwise the MD5 of the same
 * file in the staging location; when neither is available (staging gone, or a staging location the backup agent
 * owns and may have changed since), the blob is read back block by block and every block is checked against the
 * manifest's Base16 block MD5s. A page blob is read back range by range, and its written pages must be the
 * manifest's ranges (the rest of a page blob reads as zeros).
 */

import { createHash } from 'node:crypto';
import { createReadStream, promises as fs } from 'node:fs';
import path from 'node:path';
import type { BlobProblem, VerifyReport } from '../../shared/model/verify';
import type { WorkflowAzure } from '../azure/workflowAzure';
import { md5Hex, type DriveBlob } from '../formats/driveManifest';
import { azureError } from '../azure/failures';
import { OfflineSeedError } from '../../shared/errors';
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
  /** The storage account's name, for the sentence when the container is not there yet. */
  account: string;
  manifests: DriveBlob[];
  /** Offline Seed's own staging location, whose packs never change: their MD5 stands for the blob's. */
  stagingDir?: string;
  onProgress?(done: number, total: number, bytes: number, current: string): void;
}

type Container = Awaited<ReturnType<WorkflowAzure['blobs']['container']>>;

/** The first range of `name` whose bytes do not have the manifest's MD5 (each range read on its own: memory stays bounded). */
async function firstBadRange(c: Container, name: string, ranges: DriveBlob['blocks']): Promise<{ expected: string; actual: string } | null> {
  const blob = c.getBlobClient(name);
  for (const k of ranges) {
    if (k.length === 0) continue;
    let buf: Buffer;
    try {
      buf = await blob.downloadToBuffer(k.offset, k.length);
    } catch (e) {
      throw azureError(e, 'readBlob', 'complete', { blob: name });
    }
    const actual = md5Hex(buf);
    if (actual !== k.md5) return { expected: k.md5, actual };
  }
  return null;
}

/** The parts of [start, end) that no range of `sorted` (ordered, not overlapping) covers. */
export function uncovered(start: number, end: number, sorted: Array<{ offset: number; length: number }>): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let at = start;
  for (const k of sorted) {
    if (k.offset + k.length <= at) continue;
    if (k.offset >= end) break;
    if (k.offset > at) out.push([at, k.offset]);
    at = Math.max(at, k.offset + k.length);
    if (at >= end) break;
  }
  if (at < end) out.push([at, end]);
  return out;
}

/** A page blob against its manifest entry: every listed range has its MD5, and no page outside them holds data. */
async function checkPageBlob(c: Container, name: string, m: DriveBlob): Promise<Omit<BlobProblem, 'blobPath' | 'driveId'> | null> {
  const bad = await firstBadRange(c, name, m.blocks);
  if (bad) return { kind: 'md5Mismatch', expected: bad.expected, actual: bad.actual };
  const blob = c.getPageBlobClient(name);
  let written;
  try {
    written = (await blob.getPageRanges()).pageRange ?? [];
  } catch (e) {
    throw azureError(e, 'readBlob', 'complete', { blob: name });
  }
  const sorted = [...m.blocks].sort((a, b) => a.offset - b.offset);
  for (const r of written) {
    const start = r.offset ?? 0;
    for (const [from, to] of uncovered(start, start + (r.count ?? 0), sorted)) {
      // Written pages the manifest does not list: they must read as zeros, as the file did there.
      for (let at = from; at < to; at += 4 * 1024 * 1024) {
        const n = Math.min(to - at, 4 * 1024 * 1024);
        const buf = await blob.downloadToBuffer(at, n).catch((e: unknown) => Promise.reject(azureError(e, 'readBlob', 'complete', { blob: name })));
        if (buf.some((b) => b !== 0)) return { kind: 'md5Mismatch', expected: '0', actual: `data at ${at}` };
      }
    }
  }
  return null;
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
    // Before the import the container does not exist: the datacenter creates it when it copies the drives.
    const r = e as { statusCode?: number; code?: string } | null;
    if (r?.statusCode === 404 && r.code === 'ContainerNotFound') {
      throw new OfflineSeedError({ code: 'workflow:errors.containerNotImported', params: { container: o.container, account: o.account }, step: 'complete', exitCode: 2, cause: e });
    }
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
    if (m.blobType === 'page') {
      const bad = await checkPageBlob(containerClient, name, m);
      if (bad) problems.push({ ...bad, blobPath: name, driveId: m.driveId });
      else {
        matched++;
        bytes += m.length;
      }
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
      // No Content-MD5 to compare: read the blob back, one block at a time, and check each against the manifest.
      const bad = await firstBadRange(containerClient, name, m.blocks);
      ok = !bad;
      if (bad) problems.push({ blobPath: name, kind: 'md5Mismatch', expected: bad.expected, actual: bad.actual, driveId: m.driveId });
    }
    if (ok) {
      matched++;
      bytes += m.length;
    }
  }
  const extra = [...actual.keys()].filter((n) => !expected.has(n) && !n.startsWith('waimportexport/')).sort();
  return { container: o.container, expectedBlobs: names.length, checkedBlobs: checked, matched, bytes, problems, extra, ok: problems.length === 0 && names.length > 0 };
}
