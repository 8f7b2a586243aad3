/** The demo's sample source tree, and a byte-for-byte comparison of two trees (contents, folders, links, modes). */

import { randomBytes } from 'node:crypto';
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

export { compareTrees, type TreeDifference } from '../core/complete/compareTrees';

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
