/** The staging check before shipping: a sound location passes; each kind of damage is refused naming the file. */

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createJobContext } from '../../../src/core/jobs';
import { checkStagingIntegrity } from '../../../src/core/staging/check';
import { writeStaging } from '../../../src/core/staging/writer';
import type { Progress } from '../../../src/shared/progress';

const MiB = 1024 * 1024;
let tmp: string;
let sound: string;

beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'os-stage-check-'));
  const src = path.join(tmp, 'data');
  await fs.mkdir(path.join(src, 'sub'), { recursive: true });
  for (let i = 0; i < 4; i++) await fs.writeFile(path.join(src, `r${i}.bin`), randomBytes(MiB));
  await fs.writeFile(path.join(src, 'sub', 'text.txt'), 'check me\n'.repeat(100_000));
  sound = path.join(tmp, 'sound');
  await fs.mkdir(sound);
  await writeStaging({ stagingDir: sound, sources: [{ path: src, name: 'data' }], packSize: MiB }, createJobContext('stage'));
});
afterAll(async () => {
  await fs.rm(tmp, { recursive: true, force: true });
});

/** A copy of the sound staging location to damage. */
async function copy(name: string): Promise<string> {
  const dir = path.join(tmp, name);
  await fs.cp(sound, dir, { recursive: true });
  return dir;
}

const check = (dir: string) => checkStagingIntegrity(dir, createJobContext('verify'));

describe('checkStagingIntegrity', () => {
  it('passes a sound staging location, reading every pack once with progress', async () => {
    const events: Progress[] = [];
    const r = await checkStagingIntegrity(sound, createJobContext('verify', (p) => events.push(p)));
    const packs = (await fs.readdir(path.join(sound, 'packs'))).filter((n) => n.endsWith('.osp'));
    let bytes = 0;
    for (const p of packs) bytes += (await fs.stat(path.join(sound, 'packs', p))).size;
    expect(r).toMatchObject({ index: 'index/index-000001.osi', packs: packs.length, packBytes: bytes, files: 5 });
    expect(packs.length).toBeGreaterThan(3);
    expect(events.some((e) => e.phase === 'verifying')).toBe(true);
    expect(events[events.length - 1]).toMatchObject({ phase: 'done', bytesDone: bytes, bytesTotal: bytes });
  });

  it('refuses a truncated pack, naming it', async () => {
    const dir = await copy('truncated');
    const pack = path.join(dir, 'packs', 'pack-000002.osp');
    const size = (await fs.stat(pack)).size;
    await fs.truncate(pack, size - 100);
    await expect(check(dir)).rejects.toMatchObject({ code: 'staging:errors.packSizeWrong', params: { pack: 'pack-000002.osp', actual: size - 100, expected: size } });
  });

  it('refuses a pack with one flipped byte, naming it', async () => {
    const dir = await copy('flipped');
    const pack = path.join(dir, 'packs', 'pack-000003.osp');
    const h = await fs.open(pack, 'r+');
    const b = Buffer.alloc(1);
    await h.read(b, 0, 1, 5000);
    b[0] = b[0]! ^ 0x01;
    await h.write(b, 0, 1, 5000);
    await h.close();
    await expect(check(dir)).rejects.toMatchObject({ code: 'staging:errors.packDamaged', params: { pack: 'pack-000003.osp' } });
  });

  it('refuses a missing pack, naming it', async () => {
    const dir = await copy('missing-pack');
    await fs.rm(path.join(dir, 'packs', 'pack-000001.osp'));
    await expect(check(dir)).rejects.toMatchObject({ code: 'staging:errors.packMissing', params: { pack: 'pack-000001.osp' } });
  });

  it('refuses a pack the index does not list', async () => {
    const dir = await copy('extra-pack');
    await fs.copyFile(path.join(dir, 'packs', 'pack-000001.osp'), path.join(dir, 'packs', 'pack-000099.osp'));
    await expect(check(dir)).rejects.toMatchObject({ code: 'staging:errors.packUnlisted', params: { pack: 'pack-000099.osp' } });
  });

  it('refuses a missing index', async () => {
    const dir = await copy('no-index');
    await fs.rm(path.join(dir, 'index'), { recursive: true });
    await expect(check(dir)).rejects.toMatchObject({ code: 'staging:errors.noIndex', params: { staging: dir } });
  });

  it('refuses a garbled or cut index, naming it', async () => {
    const garbled = await copy('garbled-index');
    const file = path.join(garbled, 'index', 'index-000001.osi');
    const h = await fs.open(file, 'r+');
    await h.write(Buffer.from('zz'), 0, 2, 70);
    await h.close();
    await expect(check(garbled)).rejects.toMatchObject({ code: 'staging:errors.indexDamaged', params: { file } });

    const cut = await copy('cut-index');
    const cutFile = path.join(cut, 'index', 'index-000001.osi');
    await fs.truncate(cutFile, (await fs.stat(cutFile)).size - 10);
    await expect(check(cut)).rejects.toMatchObject({ code: 'staging:errors.indexDamaged', params: { file: cutFile } });

    const junk = await copy('junk-index');
    const junkFile = path.join(junk, 'index', 'index-000001.osi');
    await fs.writeFile(junkFile, '{"not":"an index"}');
    await expect(check(junk)).rejects.toMatchObject({ code: 'staging:errors.indexDamaged', params: { file: junkFile } });
  });
});
