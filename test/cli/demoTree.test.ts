/** The demo's sample tree has every case a restore must get right, and the comparison catches each kind of difference. */

import { cpSync, mkdtempSync, rmSync, writeFileSync, chmodSync, unlinkSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { compareTrees, makeSampleTree } from '../../src/cli/demoTree';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('sample tree and compareTrees', () => {
  it('finds no difference in a faithful copy, and names content, mode, link, missing and extra differences', async () => {
    const base = mkdtempSync(path.join(os.tmpdir(), 'os-demotree-'));
    dirs.push(base);
    const a = path.join(base, 'a');
    const b = path.join(base, 'b');
    const tree = await makeSampleTree(a, 2 * 1024 * 1024);
    expect(tree.files).toBeGreaterThanOrEqual(6);
    expect(tree.bytes).toBeGreaterThan(2 * 1024 * 1024);
    cpSync(a, b, { recursive: true, verbatimSymlinks: true, preserveTimestamps: true });
    expect(await compareTrees(a, b)).toEqual([]);

    writeFileSync(path.join(b, 'docs/readme.txt'), 'changed');
    chmodSync(path.join(b, 'bin/run.sh'), 0o644);
    unlinkSync(path.join(b, 'readme-link'));
    symlinkSync('docs/elsewhere.txt', path.join(b, 'readme-link'));
    rmSync(path.join(b, 'empty-folder'), { recursive: true });
    writeFileSync(path.join(b, 'new.txt'), 'x');
    const diff = await compareTrees(a, b);
    // In the walk's order (a folder's sorted entries, then its folders' contents; extras last): the same every run.
    expect(diff).toEqual([
      { path: 'empty-folder', reason: 'missing' },
      { path: 'readme-link', reason: 'link' },
      { path: 'bin/run.sh', reason: 'mode' },
      { path: 'docs/readme.txt', reason: 'content' },
      { path: 'new.txt', reason: 'extra' },
    ]);
  });
});
