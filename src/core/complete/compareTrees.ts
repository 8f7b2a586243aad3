/**
 * A byte-for-byte comparison of two folder trees (contents, folders, symbolic links, permission bits), reading files
 * as streams so a test restore of any size can be checked.
 */

import { createHash } from 'node:crypto';
import { createReadStream, promises as fs } from 'node:fs';
import path from 'node:path';

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

async function listTree(root: string): Promise<Map<string, Entry>> {
  const out = new Map<string, Entry>();
  const walk = async (rel: string) => {
    for (const e of await fs.readdir(path.join(root, rel), { withFileTypes: true })) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      const p = path.join(root, r);
      const st = await fs.lstat(p);
      if (st.isSymbolicLink()) out.set(r, { kind: 'link', mode: 0, target: await fs.readlink(p) });
      else if (st.isDirectory()) {
        out.set(r, { kind: 'dir', mode: st.mode & 0o777 });
        await walk(r);
      } else if (st.isFile()) out.set(r, { kind: 'file', mode: st.mode & 0o777, size: st.size });
    }
  };
  await walk('');
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
