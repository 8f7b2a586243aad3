import { afterAll, describe, expect, it } from 'vitest';
import { createHash, randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { copyWithBlockHashes, verifyBlocks } from '../../../src/core/copy/blockCopy';

const MiB = 1024 * 1024;
const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await fs.rm(d, { recursive: true, force: true });
});
const md5 = (b: Buffer) => createHash('md5').update(b).digest('hex').toUpperCase();

describe('block copy', () => {
  it.each([0, 1, 4 * MiB, 16 * MiB, 37 * MiB + 5])('copies %i bytes with a correct MD5 for every ≤4 MiB block, and verifies them', async (size) => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'os-blockcopy-'));
    dirs.push(dir);
    const data = randomBytes(size);
    await fs.writeFile(path.join(dir, 'src'), data);
    let reported = 0;
    const r = await copyWithBlockHashes(path.join(dir, 'src'), path.join(dir, 'dst'), { onBytes: (n) => (reported += n) });
    expect(r.length).toBe(size);
    expect(reported).toBe(size);
    expect((await fs.readFile(path.join(dir, 'dst'))).equals(data)).toBe(true);
    expect(r.blocks).toHaveLength(Math.ceil(size / (4 * MiB)));
    for (const [i, b] of r.blocks.entries()) {
      expect(b.offset).toBe(i * 4 * MiB);
      expect(b.length).toBe(Math.min(4 * MiB, size - b.offset));
      expect(b.md5).toBe(md5(data.subarray(b.offset, b.offset + b.length)));
    }
    expect(await verifyBlocks(path.join(dir, 'dst'), size, r.blocks)).toBeNull();
  });

  it('finds a changed byte, a wrong length and a missing file', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'os-blockcopy-'));
    dirs.push(dir);
    await fs.writeFile(path.join(dir, 'src'), randomBytes(9 * MiB));
    const r = await copyWithBlockHashes(path.join(dir, 'src'), path.join(dir, 'dst'));
    const h = await fs.open(path.join(dir, 'dst'), 'r+');
    await h.write(Buffer.from([1]), 0, 1, 8 * MiB + 3);
    await h.write(Buffer.from([2]), 0, 1, 8 * MiB + 4);
    await h.close();
    expect(await verifyBlocks(path.join(dir, 'dst'), r.length, r.blocks)).toEqual({ kind: 'md5Mismatch', offset: 8 * MiB });
    await fs.appendFile(path.join(dir, 'dst'), 'x');
    expect(await verifyBlocks(path.join(dir, 'dst'), r.length, r.blocks)).toEqual({ kind: 'lengthMismatch', actual: 9 * MiB + 1 });
    expect(await verifyBlocks(path.join(dir, 'nope'), r.length, r.blocks)).toEqual({ kind: 'missing' });
    expect(await verifyBlocks(path.join(dir, 'src'), r.length, r.blocks.slice(1))).toEqual({ kind: 'lengthMismatch', actual: 0 });
  });
});
