import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { copyWithBlockHashes, verifyBlocks } from '../../../src/core/copy/blockCopy';
import { hashBlocks, md5Here } from '../../../src/core/copy/md5Thread';

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

  it('names the first changed block, whichever core hashed it, with blocks whole in a read and cut by its end', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'os-blockcopy-'));
    dirs.push(dir);
    // 40 MiB: reads of 16 MiB hold four 4 MiB blocks each (two hashed here, two on the MD5 thread); with 3 MiB blocks,
    // blocks 5 and 10 are cut by the end of a read and hashed as their bytes come.
    const data = randomBytes(40 * MiB);
    await fs.writeFile(path.join(dir, 'src'), data);
    for (const blockSize of [4 * MiB, 3 * MiB]) {
      const r = await copyWithBlockHashes(path.join(dir, 'src'), path.join(dir, 'dst'), { blockSize });
      expect(await verifyBlocks(path.join(dir, 'dst'), r.length, r.blocks)).toBeNull();
      for (const changed of [[1 * MiB], [14 * MiB], [15 * MiB + 7, 2 * MiB], [17 * MiB, 31 * MiB], [39 * MiB]]) {
        await fs.copyFile(path.join(dir, 'src'), path.join(dir, 'dst'));
        const h = await fs.open(path.join(dir, 'dst'), 'r+');
        for (const at of changed) await h.write(Buffer.from([data[at]! ^ 0xff]), 0, 1, at);
        await h.close();
        const first = Math.min(...changed);
        const expected = r.blocks.find((b) => b.offset <= first && first < b.offset + b.length)!.offset;
        expect(await verifyBlocks(path.join(dir, 'dst'), r.length, r.blocks), `${blockSize} ${changed.join(',')}`).toEqual({ kind: 'md5Mismatch', offset: expected });
      }
    }
  });
});

describe('the MD5 thread', () => {
  it('hashes blocks of shared memory where they are, as this thread would, and declines memory it cannot share', async () => {
    const shared = Buffer.from(new SharedArrayBuffer(9 * MiB), MiB, 8 * MiB);
    randomBytes(8 * MiB).copy(shared);
    const ranges: Array<[number, number]> = [[0, 3 * MiB], [3 * MiB, 5 * MiB], [7 * MiB, 1]];
    const there = hashBlocks(shared, ranges);
    expect(there).not.toBeNull();
    expect(await there).toEqual(ranges.map(([o, l]) => createHash('md5').update(shared.subarray(o, o + l)).digest('hex')));
    expect(md5Here(shared, ranges)).toEqual(await there);
    expect(hashBlocks(Buffer.alloc(16), [[0, 16]])).toBeNull();
  });

  it('keeps the process alive while it owes an answer, and not once idle', () => {
    const r = spawnSync(process.execPath, [path.resolve('bin/run-ts.mjs'), path.join(__dirname, 'md5Child.ts')], { encoding: 'utf8', timeout: 60_000 });
    expect(r.signal, 'the idle thread kept the process alive until the timeout').toBeNull();
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe(createHash('md5').update(Buffer.alloc(8 * MiB, 7)).digest('hex'));
  });
});
