/**
 * The two ways of looking at a source folder: the walk (every entry, in order, for staging) and `measureTree` (only
 * the sums, for the free-space check and the progress totals). They must count the same files and bytes, whatever
 * the tree holds.
 */

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { measureTree, walkSource } from '../../../src/core/staging/walk';
import { makeTree } from './tree';

let tmp: string;
beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'os-walk-'));
});
afterAll(async () => {
  await fs.rm(tmp, { recursive: true, force: true });
});

async function walkedSums(root: string): Promise<{ bytes: number; files: number }> {
  const n = { bytes: 0, files: 0 };
  for await (const item of walkSource(root)) {
    if (item.kind !== 'file') continue;
    n.bytes += item.stat.size;
    n.files++;
  }
  return n;
}

describe('measureTree', () => {
  it('counts the files and bytes the walk finds: no links followed, no special files, more than one burst of entries', async () => {
    const root = path.join(tmp, 'tree');
    await makeTree(root, { randomMiB: 1 });
    // A named pipe (a special file: never counted) and more entries than one burst between event-loop turns.
    execFileSync('mkfifo', [path.join(root, 'pipe')]);
    const many = path.join(root, 'many');
    await fs.mkdir(many);
    for (let i = 0; i < 5000; i++) await fs.writeFile(path.join(many, `f${i}`), 'x'.repeat(i % 97));
    const measured = await measureTree(root);
    expect(measured).toEqual(await walkedSums(root));
    // makeTree's 10 regular files, the 5,000 above; the sparse file counts its length, not its blocks.
    expect(measured.files).toBe(5010);
    expect(measured.bytes).toBeGreaterThan(64 * 1024 * 1024);
  });

  it('counts nothing in a folder it cannot list, as the walk counts nothing there', async () => {
    // A file where a folder is expected: the walk reports it unreadable, the measure counts nothing.
    const notAFolder = path.join(tmp, 'tree', 'zero-length');
    expect(await measureTree(notAFolder)).toEqual({ bytes: 0, files: 0 });
    expect(await walkedSums(notAFolder)).toEqual({ bytes: 0, files: 0 });
    expect(await measureTree(path.join(tmp, 'no-such-folder'))).toEqual({ bytes: 0, files: 0 });
  });
});
