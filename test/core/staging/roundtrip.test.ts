/** The writer and restore on real files: every case of the item 3, dedup, changed files, damaged packs. */

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createJobContext } from '../../../src/core/jobs';
import { listShippableFiles } from '../../../src/core/staging/layout';
import { folderPackSource, filesPackSource, restoreStaging } from '../../../src/core/staging/restore';
import { writeStaging } from '../../../src/core/staging/writer';
import { readPackTrailer } from '../../../src/core/staging/packs';
import { fileRangeReader, parseLine, readIndexLines, type IndexLine } from '../../../src/core/staging/indexFile';
import type { Progress } from '../../../src/shared/progress';
import { allocated, describeTree, makeTree } from './tree';

let tmp: string;

async function indexLines(file: string): Promise<IndexLine[]> {
  const h = await fs.open(file, 'r');
  try {
    const out: IndexLine[] = [];
    for await (const l of readIndexLines(fileRangeReader(h), (await h.stat()).size, true)) out.push(parseLine(l));
    return out;
  } finally {
    await h.close();
  }
}
beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'os-stage-rt-'));
});
afterAll(async () => {
  await fs.rm(tmp, { recursive: true, force: true });
});

const MiB = 1024 * 1024;

describe('staging round trip', () => {
  it('restores a tree with every case byte for byte, keeps sparse files sparse, and stores duplicates once', async () => {
    const src = path.join(tmp, 'rt', 'source');
    const staging = path.join(tmp, 'rt', 'staging');
    await makeTree(src);
    await fs.mkdir(staging);
    const events: Progress[] = [];
    const { stats, indexFile } = await writeStaging({ stagingDir: staging, sources: [{ path: src, name: 'source' }], packSize: 2 * MiB }, createJobContext('stage', (p) => events.push(p)));

    // Several bounded packs, all final, nothing left in .work.
    const shipped = await listShippableFiles(staging);
    const packs = shipped.filter((f) => f.relPath.startsWith('packs/'));
    expect(shipped[0]!.relPath).toBe('index/index-000001.osi');
    expect(packs.length).toBeGreaterThan(1);
    for (const p of packs) expect(p.size).toBeLessThanOrEqual(2 * MiB + 64 * 1024);
    await expect(fs.access(path.join(staging, '.work'))).rejects.toThrow();
    // The 3 MiB random file and its copy are stored once; the 64 MiB sparse file costs almost nothing.
    const storedTotal = packs.reduce((n, p) => n + p.size, 0);
    expect(storedTotal).toBeLessThan(3 * MiB + 512 * 1024);
    expect(stats.sourceBytes).toBeGreaterThan(70 * MiB);
    const lines = await indexLines(indexFile);
    expect(lines.find((e) => 'p' in e && e.p === 'link-to-text')).toMatchObject({ t: 'l', target: 'docs/text.txt' });
    expect(lines.find((e) => 'p' in e && e.p === 'sparse.img')).toMatchObject({ t: 'f', sparse: true });
    expect(lines[0]).toMatchObject({ t: 'h', format: 'offline-seed-index', version: 2 });
    expect(lines[lines.length - 1]).toMatchObject({ t: 'e', packs: packs.length });
    // Progress: phases, bytes, ratios.
    expect(events.map((e) => e.phase)).toEqual(expect.arrayContaining(['scanning', 'compressing', 'done']));
    const last = events[events.length - 1]!;
    expect(last.bytesDone).toBe(stats.sourceBytes);
    expect(events.some((e) => Number(e.extra?.dedupRatio) > 1)).toBe(true);

    const out = path.join(tmp, 'rt', 'restored');
    const r = await restoreStaging(folderPackSource(staging), out, createJobContext('restore'));
    expect(r.files).toBe(stats.files);
    const want = await describeTree(src);
    const got = await describeTree(path.join(out, 'source'));
    expect([...got.keys()].sort()).toEqual([...want.keys()].sort());
    for (const [rel, w] of want) expect({ rel, ...got.get(rel) }).toEqual({ rel, ...w });
    expect(await allocated(path.join(out, 'source', 'sparse.img'))).toBeLessThan(1 * MiB);

    // Restoring again into the same place is refused rather than overwriting.
    await expect(restoreStaging(folderPackSource(staging), out, createJobContext('restore'))).rejects.toMatchObject({ code: 'staging:errors.restoreTargetExists' });
  });

  it('reads through any store of staging files (the shape of the cloud source)', async () => {
    const src = path.join(tmp, 'fs', 'data');
    const staging = path.join(tmp, 'fs', 'staging');
    await fs.mkdir(src, { recursive: true });
    await fs.mkdir(staging);
    await fs.writeFile(path.join(src, 'a.txt'), 'alpha\n'.repeat(100_000));
    await writeStaging({ stagingDir: staging, sources: [{ path: src, name: 'data' }], packSize: MiB }, createJobContext('stage'));
    const files = (await listShippableFiles(staging)).map((f) => f.relPath);
    let reads = 0;
    const store = {
      files: () => files,
      async read(rel: string, offset = 0, length?: number) {
        reads++;
        const buf = await fs.readFile(path.join(staging, rel));
        return buf.subarray(offset, length === undefined ? undefined : offset + length);
      },
    };
    await restoreStaging(filesPackSource('memory', store), path.join(tmp, 'fs', 'out'), createJobContext('restore'));
    expect(await fs.readFile(path.join(tmp, 'fs', 'out', 'data', 'a.txt'), 'utf8')).toBe('alpha\n'.repeat(100_000));
    expect(reads).toBeGreaterThan(1);
  });

  it('refuses a damaged chunk, naming the pack', async () => {
    const src = path.join(tmp, 'dmg', 'data');
    const staging = path.join(tmp, 'dmg', 'staging');
    await fs.mkdir(src, { recursive: true });
    await fs.mkdir(staging);
    await fs.writeFile(path.join(src, 'a.txt'), 'some text that compresses\n'.repeat(50_000));
    await writeStaging({ stagingDir: staging, sources: [{ path: src, name: 'data' }], packSize: MiB }, createJobContext('stage'));
    const pack = path.join(staging, 'packs', 'pack-000001.osp');
    const loc = (await readPackTrailer(pack))[0]![1];
    const h = await fs.open(pack, 'r+');
    await h.write(Buffer.from([0xff, 0xfe, 0xfd]), 0, 3, loc.offset + 20);
    await h.close();
    await expect(restoreStaging(folderPackSource(staging), path.join(tmp, 'dmg', 'out'), createJobContext('restore'))).rejects.toMatchObject({
      code: 'staging:errors.chunkDamaged',
      params: { pack: 'pack-000001.osp' },
    });
  });

  it('re-reads a file that changed during the copy, and reports one that keeps changing', async () => {
    const src = path.join(tmp, 'chg', 'data');
    await fs.mkdir(src, { recursive: true });
    const file = path.join(src, 'growing.log');
    await fs.writeFile(file, Buffer.alloc(6 * MiB, 1));
    const staging = path.join(tmp, 'chg', 'staging');
    await fs.mkdir(staging);
    let changes = 0;
    await writeStaging(
      {
        stagingDir: staging,
        sources: [{ path: src, name: 'data' }],
        packSize: 4 * MiB,
        hooks: {
          afterFirstBlock: async (abs) => {
            if (abs === file && changes++ === 0) await fs.appendFile(file, 'appended while copying\n');
          },
        },
      },
      createJobContext('stage'),
    );
    expect(changes).toBe(2);
    await restoreStaging(folderPackSource(staging), path.join(tmp, 'chg', 'out'), createJobContext('restore'));
    expect((await fs.readFile(path.join(tmp, 'chg', 'out', 'data', 'growing.log'))).equals(await fs.readFile(file))).toBe(true);

    const staging2 = path.join(tmp, 'chg', 'staging2');
    await fs.mkdir(staging2);
    await expect(
      writeStaging(
        { stagingDir: staging2, sources: [{ path: src, name: 'data' }], packSize: 4 * MiB, hooks: { afterFirstBlock: (abs) => fs.appendFile(abs, 'again\n') } },
        createJobContext('stage'),
      ),
    ).rejects.toMatchObject({ code: 'staging:errors.fileChanging', params: { file } });
  });

  it('cancel keeps the finished packs and a later run completes without rewriting them', async () => {
    const src = path.join(tmp, 'cancel', 'data');
    const staging = path.join(tmp, 'cancel', 'staging');
    await fs.mkdir(src, { recursive: true });
    await fs.mkdir(staging);
    for (let i = 0; i < 6; i++) await fs.writeFile(path.join(src, `f${i}.bin`), (await import('node:crypto')).randomBytes(MiB));
    const controller = new AbortController();
    const job = createJobContext('stage', undefined, controller.signal);
    const cancelAtFourth = async (abs: string) => {
      if (abs.endsWith('f3.bin')) controller.abort();
    };
    await expect(
      writeStaging({ stagingDir: staging, sources: [{ path: src, name: 'data' }], packSize: MiB, hooks: { afterFirstBlock: cancelAtFourth } }, job),
    ).rejects.toMatchObject({ code: 'app:errors.cancelled' });
    const before = await listShippableFiles(staging);
    expect(before.length).toBeGreaterThan(0);
    const stamps = await Promise.all(before.map(async (f) => [f.relPath, (await fs.stat(path.join(staging, f.relPath))).mtimeMs] as const));
    const { stats } = await writeStaging({ stagingDir: staging, sources: [{ path: src, name: 'data' }], packSize: MiB }, createJobContext('stage'));
    expect(stats.resumedFiles).toBeGreaterThan(0);
    for (const [rel, mtime] of stamps) expect((await fs.stat(path.join(staging, rel))).mtimeMs).toBe(mtime);
    await restoreStaging(folderPackSource(staging), path.join(tmp, 'cancel', 'out'), createJobContext('restore'));
    for (let i = 0; i < 6; i++) {
      expect((await fs.readFile(path.join(tmp, 'cancel', 'out', 'data', `f${i}.bin`))).equals(await fs.readFile(path.join(src, `f${i}.bin`)))).toBe(true);
    }
  });

  it('restores nothing under a final name when it fails half way, and leaves no temporary folder', async () => {
    const src = path.join(tmp, 'half', 'data');
    const staging = path.join(tmp, 'half', 'staging');
    await fs.mkdir(src, { recursive: true });
    await fs.mkdir(staging);
    for (let i = 0; i < 8; i++) await fs.writeFile(path.join(src, `f${i}.bin`), (await import('node:crypto')).randomBytes(MiB));
    await writeStaging({ stagingDir: staging, sources: [{ path: src, name: 'data' }], packSize: MiB }, createJobContext('stage'));
    // Damage the last pack: the files before it are restored first, then the restore fails.
    const packs = (await fs.readdir(path.join(staging, 'packs'))).sort();
    const last = path.join(staging, 'packs', packs[packs.length - 1]!);
    const loc = (await readPackTrailer(last))[0]![1];
    const h = await fs.open(last, 'r+');
    await h.write(Buffer.from([1, 2, 3, 4]), 0, 4, loc.offset + 10);
    await h.close();
    const out = path.join(tmp, 'half', 'out');
    await expect(restoreStaging(folderPackSource(staging), out, createJobContext('restore'), { threads: 1, slots: 1, slotSize: 2 * MiB })).rejects.toMatchObject({
      code: 'staging:errors.chunkDamaged',
    });
    expect(await fs.readdir(out)).toEqual([]);
  });

  it('refuses a file as the folder to restore into', async () => {
    const src = path.join(tmp, 'tofile', 'data');
    const staging = path.join(tmp, 'tofile', 'staging');
    await fs.mkdir(src, { recursive: true });
    await fs.mkdir(staging);
    await fs.writeFile(path.join(src, 'a.txt'), 'a');
    await writeStaging({ stagingDir: staging, sources: [{ path: src, name: 'data' }], packSize: MiB }, createJobContext('stage'));
    const file = path.join(tmp, 'tofile', 'plain-file');
    await fs.writeFile(file, 'x');
    await expect(restoreStaging(folderPackSource(staging), file, createJobContext('restore'))).rejects.toMatchObject({ code: 'staging:errors.restoreTargetIsFile', params: { target: file, file } });
  });

  it('writes the chunk list of a file over several index lines and restores it', async () => {
    const src = path.join(tmp, 'many', 'data');
    const staging = path.join(tmp, 'many', 'staging');
    await fs.mkdir(src, { recursive: true });
    await fs.mkdir(staging);
    const big = (await import('node:crypto')).randomBytes(6 * MiB);
    await fs.writeFile(path.join(src, 'big.bin'), big);
    await fs.writeFile(path.join(src, 'small.txt'), 'small');
    const { indexFile } = await writeStaging({ stagingDir: staging, sources: [{ path: src, name: 'data' }], packSize: MiB, limits: { refsPerLine: 4 } }, createJobContext('stage'));
    const lines = await indexLines(indexFile);
    const file = lines.find((e) => e.t === 'f' && e.p === 'big.bin');
    expect(file).toMatchObject({ t: 'f', c: expect.any(Array) });
    expect((file as { n?: number }).n).toBeGreaterThan(8);
    expect(lines.filter((e) => e.t === 'c').length).toBeGreaterThan(1);
    const out = path.join(tmp, 'many', 'out');
    await restoreStaging(folderPackSource(staging), out, createJobContext('restore'), { slotSize: 2 * MiB });
    expect((await fs.readFile(path.join(out, 'data', 'big.bin'))).equals(big)).toBe(true);
    expect(await fs.readFile(path.join(out, 'data', 'small.txt'), 'utf8')).toBe('small');
  });
});
