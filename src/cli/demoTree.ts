/** The demo's sample source tree, and a byte-for-byte comparison of two trees (contents, folders, links, modes). */

import { createHash, randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';

export interface SampleTree {
  files: number;
  bytes: number;
}

/**
 * A mixed tree of about `totalBytes`: text, incompressible binary, a duplicate, an empty folder, a Unicode
 * name, a symlink and an executable — the cases a backup restore must get right.
 */
export async function makeSampleTree(root: string, totalBytes = 6 * 1024 * 1024): Promise<SampleTree> {
  let files = 0;
  let bytes = 0;
  const write = async (rel: string, data: Buffer | string, mode?: number) => {
    const p = path.join(root, rel);
    await fs.mkdir(path.dirname(p), { recursive: true });
    await fs.writeFile(p, data);
    if (mode !== undefined) await fs.chmod(p, mode);
    files++;
    bytes += Buffer.byteLength(data);
  };
  const line = 'Offline Seed sample line: the quick brown fox jumps over the lazy dog.\n';
  await write('docs/readme.txt', line.repeat(2000));
  await write('docs/Überblick – résumé.txt', 'Grüße aus Zürich, ¡hola!, ça va ?\n'.repeat(500));
  const binary = randomBytes(Math.max(1024 * 1024, Math.floor(totalBytes * 0.6)));
  await write('data/random.bin', binary);
  await write('data/copy-of-random.bin', binary);
  await write('data/small/zero.bin', Buffer.alloc(64 * 1024));
  await write('bin/run.sh', '#!/bin/sh\necho offline seed\n', 0o755);
  await fs.mkdir(path.join(root, 'empty-folder'), { recursive: true });
  await fs.symlink('docs/readme.txt', path.join(root, 'readme-link'));
  return { files, bytes };
}

export interface TreeDifference {
  path: string;
  reason: 'missing' | 'extra' | 'type' | 'content' | 'mode' | 'link';
}

async function listTree(root: string): Promise<Map<string, { kind: 'file' | 'dir' | 'link'; mode: number; hash?: string; target?: string }>> {
  const out = new Map<string, { kind: 'file' | 'dir' | 'link'; mode: number; hash?: string; target?: string }>();
  const walk = async (rel: string) => {
    for (const e of await fs.readdir(path.join(root, rel), { withFileTypes: true })) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      const p = path.join(root, r);
      const st = await fs.lstat(p);
      if (st.isSymbolicLink()) out.set(r, { kind: 'link', mode: 0, target: await fs.readlink(p) });
      else if (st.isDirectory()) {
        out.set(r, { kind: 'dir', mode: st.mode & 0o777 });
        await walk(r);
      } else if (st.isFile()) {
        out.set(r, { kind: 'file', mode: st.mode & 0o777, hash: createHash('sha256').update(await fs.readFile(p)).digest('hex') });
      }
    }
  };
  await walk('');
  return out;
}

/** Every difference between `expected` and `actual`; empty when they are identical. */
export async function compareTrees(expected: string, actual: string): Promise<TreeDifference[]> {
  const [a, b] = await Promise.all([listTree(expected), listTree(actual).catch(() => new Map())]);
  const out: TreeDifference[] = [];
  for (const [p, x] of a) {
    const y = b.get(p);
    if (!y) out.push({ path: p, reason: 'missing' });
    else if (x.kind !== y.kind) out.push({ path: p, reason: 'type' });
    else if (x.kind === 'file' && x.hash !== y.hash) out.push({ path: p, reason: 'content' });
    else if (x.kind === 'link' && x.target !== y.target) out.push({ path: p, reason: 'link' });
    else if (x.kind === 'file' && x.mode !== y.mode) out.push({ path: p, reason: 'mode' });
  }
  for (const p of b.keys()) if (!a.has(p)) out.push({ path: p, reason: 'extra' });
  return out;
}

/**
 * A volume size that makes staged files of `sizes` span exactly two drives: half the total plus the largest
 * file plus room for the manifest and the drive reserve. Largest-first packing fills the first volume beyond
 * half, and the rest fits the second. Smaller than the total when no file is bigger than about half of it.
 */
export function spanningVolumeBytes(sizes: number[]): number {
  const total = sizes.reduce((a, b) => a + b, 0);
  const largest = Math.max(0, ...sizes);
  const room = total / 2 + largest + 512 * 1024 + sizes.length * 8192;
  return Math.ceil(room / 65536) * 65536;
}
