/**
 * A byte-for-byte comparison of two folder trees (contents, folders, symbolic links, permission bits), reading files
 * as streams so a test restore of any size can be checked.
 */

import { createHash } from 'node:crypto';
import { createReadStream, promises as fs } from 'node:fs';
import path from 'node:path';
import { walkSource } from '../staging/walk';

export interface TreeDifference {
  path: string;
  reason: 'missing' | 'extra' | 'type' | 'content' | 'mode' | 'link';
}

interface Entry {
  kind: 'file' | 'dir' | 'link';
  mode: number;
  size?: number;
  target?: string;
}

/** The tree under `root` by relative path, in the walk's order (sorted, folders first); an unreadable entry throws. */
async function listTree(root: string): Promise<Map<string, Entry>> {
  const out = new Map<string, Entry>();
  for await (const item of walkSource(root)) {
    if (item.kind === 'unreadable') throw item.error;
    if (item.rel === '') continue;
    if (item.kind === 'link') out.set(item.rel, { kind: 'link', mode: 0, target: await fs.readlink(item.abs) });
    else if (item.kind === 'dir') out.set(item.rel, { kind: 'dir', mode: item.stat.mode & 0o777 });
    else if (item.kind === 'file') out.set(item.rel, { kind: 'file', mode: item.stat.mode & 0o777, size: item.stat.size });
  }
  return out;
}

async function sha256(file: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(file)) h.update(chunk as Buffer);
  return h.digest('hex');
}

/** Every difference between `expected` and `actual`; empty when they are identical. */
export async function compareTrees(expected: string, actual: string): Promise<TreeDifference[]> {
  const [a, b] = await Promise.all([listTree(expected), listTree(actual).catch(() => new Map<string, Entry>())]);
  const out: TreeDifference[] = [];
  for (const [p, x] of a) {
    const y = b.get(p);
    if (!y) out.push({ path: p, reason: 'missing' });
    else if (x.kind !== y.kind) out.push({ path: p, reason: 'type' });
    else if (x.kind === 'link' && x.target !== y.target) out.push({ path: p, reason: 'link' });
    else if (x.kind === 'file' && (x.size !== y.size || (await sha256(path.join(expected, p))) !== (await sha256(path.join(actual, p))))) {
      out.push({ path: p, reason: 'content' });
    } else if (x.kind === 'file' && x.mode !== y.mode) out.push({ path: p, reason: 'mode' });
  }
  for (const p of b.keys()) if (!a.has(p)) out.push({ path: p, reason: 'extra' });
  return out;
}
