/**
 * The files of a staging location the backup agent wrote, read without changing anything in it: every regular file
 * at any depth, with its size and modification time, and whether it is a fixed VHD (a page blob candidate).
 * Entries that are not regular files (links, devices, sockets) are not shipped; they are reported.
 */

import type { Dirent } from 'node:fs';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { blobNameOf, blobTypeOf, checkBlobName, type BlobType, type BlobTypeChoice } from '../../shared/rules/agentStaging';
import type { RuleViolation } from '../../shared/rules/azureNames';
import { isFixedVhdFile } from '../formats/vhd';

export interface AgentFile {
  /** Relative to the staging location, '/'-separated. */
  relPath: string;
  size: number;
  /** Modification time (ms since the epoch) when listed: a file that changes while it is copied is read again. */
  mtimeMs: number;
  fixedVhd: boolean;
}

export interface AgentListing {
  files: AgentFile[];
  /** Relative paths of the entries that are not regular files. */
  skipped: string[];
  bytes: number;
}

/** Stats run at most this many at a time: a network share answers many requests in parallel, but not thousands. */
const statConcurrency = 16;

async function mapLimited<T, R>(items: T[], limit: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/** Lists the staging location; sorted by relative path (code point order), so every run sees the same order. */
export async function listAgentFiles(stagingDir: string): Promise<AgentListing> {
  const found: string[] = [];
  const skipped: string[] = [];
  const walk = async (dir: string, rel: string): Promise<void> => {
    const entries: Dirent[] = await fs.readdir(dir, { withFileTypes: true });
    for (const e of entries) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) await walk(path.join(dir, e.name), r);
      else if (e.isFile()) found.push(r);
      else skipped.push(r);
    }
  };
  await walk(stagingDir, '');
  found.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const files = await mapLimited(found, statConcurrency, async (relPath): Promise<AgentFile> => {
    const abs = path.join(stagingDir, ...relPath.split('/'));
    const st = await fs.stat(abs);
    const fixedVhd = /\.vhd$/i.test(relPath) ? await isFixedVhdFile(abs, st.size).catch(() => false) : false;
    return { relPath, size: st.size, mtimeMs: st.mtimeMs, fixedVhd };
  });
  return { files, skipped: skipped.sort(), bytes: files.reduce((n, f) => n + f.size, 0) };
}

export interface PlannedAgentFile extends AgentFile {
  blobType: BlobType;
  /** The blob name inside the container. */
  blobName: string;
}

/** Every file with its blob name and type; the problems (blob names Blob storage refuses, sizes a blob cannot have) in file order. */
export function planAgentBlobs(files: AgentFile[], o: { blobPrefix: string; blobType: BlobTypeChoice }): { files: PlannedAgentFile[]; problems: RuleViolation[] } {
  const problems: RuleViolation[] = [];
  const out: PlannedAgentFile[] = [];
  for (const f of files) {
    const blobName = blobNameOf(o.blobPrefix, f.relPath);
    const nameProblem = checkBlobName(blobName);
    if (nameProblem) problems.push(nameProblem);
    const t = blobTypeOf(o.blobType, f);
    if ('problem' in t) problems.push(t.problem);
    else out.push({ ...f, blobType: t.type, blobName });
  }
  return { files: out, problems };
}

/** Size and modification time of a file now, or null when it is gone. */
export async function statOf(file: string): Promise<{ size: number; mtimeMs: number } | null> {
  try {
    const st = await fs.stat(file);
    return { size: st.size, mtimeMs: st.mtimeMs };
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
}
