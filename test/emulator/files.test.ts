/** The local Azure's own atomic file replacement. */

import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { replaceFile } from '../../src/emulator/files';

let dir = '';
afterAll(() => (dir ? rm(dir, { recursive: true, force: true }) : undefined));

describe('replaceFile', () => {
  it('replaces the whole file, keeps the mode asked for and leaves no partial file behind', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'os-emu-files-'));
    const file = path.join(dir, 'state.json');
    await replaceFile(file, 'first', 0o600);
    await replaceFile(file, 'second, longer content', 0o600);
    expect(await readFile(file, 'utf8')).toBe('second, longer content');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await readdir(dir)).toEqual(['state.json']);
  });

  it('fails without touching the file when its folder does not exist', async () => {
    await expect(replaceFile(path.join(dir, 'missing', 'x.json'), 'x')).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
