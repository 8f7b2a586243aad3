/** The index format: blocks checked by SHA-256; a finished index must be whole, a killed run's index is read up to its damage. */

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileRangeReader, IndexFormatError, IndexWriter, parseLine, readIndexLines } from '../../../src/core/staging/indexFile';

let tmp: string;
beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'os-index-'));
});
afterAll(async () => {
  await fs.rm(tmp, { recursive: true, force: true });
});

async function lines(file: string, strict: boolean): Promise<string[]> {
  const h = await fs.open(file, 'r');
  try {
    const out: string[] = [];
    for await (const l of readIndexLines(fileRangeReader(h), (await h.stat()).size, strict)) out.push(l);
    return out;
  } finally {
    await h.close();
  }
}

async function sample(file: string, end: boolean): Promise<void> {
  const w = await IndexWriter.create(file);
  w.line({ t: 'h', format: 'offline-seed-index', version: 2, createdAt: '2026-01-01T00:00:00.000Z', chunkParams: { min: 1, avg: 2, max: 4 }, sources: [{ name: 'a', path: '/a' }] });
  for (let i = 0; i < 30_000; i++) w.line({ t: 'd', s: 0, p: `folder ${i} ${'x'.repeat(40)}`, mode: 0o755, mtimeMs: i });
  if (end) w.line({ t: 'e', entries: 30_000, packs: 0 });
  await w.finish();
}

describe('index file', () => {
  it('reads back every line of a finished index, in blocks', async () => {
    const file = path.join(tmp, 'whole.osi');
    await sample(file, true);
    const got = await lines(file, true);
    expect(got).toHaveLength(30_002);
    expect(parseLine(got[1]!)).toEqual({ t: 'd', s: 0, p: `folder 0 ${'x'.repeat(40)}`, mode: 0o755, mtimeMs: 0 });
    expect(parseLine(got[30_001]!)).toEqual({ t: 'e', entries: 30_000, packs: 0 });
  });

  it('requires the end line of a finished index, and reads a cut one up to the cut', async () => {
    const file = path.join(tmp, 'cut.osi');
    await sample(file, true);
    const size = (await fs.stat(file)).size;
    await fs.truncate(file, size - 1000);
    await expect(lines(file, true)).rejects.toBeInstanceOf(IndexFormatError);
    const partial = await lines(file, false);
    expect(partial.length).toBeGreaterThan(1000);
    expect(partial.length).toBeLessThan(30_002);
    expect(partial[partial.length - 1]!.endsWith('}')).toBe(true);

    const open = path.join(tmp, 'no-end.osi');
    await sample(open, false);
    await expect(lines(open, true)).rejects.toThrow(/no end line/);
  });

  it('refuses malformed lines', () => {
    expect(() => parseLine('{"t":"f","s":0,"p":"a","mode":1,"mtimeMs":1,"size":1,"sig":"x","c":[["zz",1,0,1,1,1]]}')).toThrow(IndexFormatError);
    expect(() => parseLine('{"t":"p","pack":0,"bytes":1,"sha256":"00","chunks":1}')).toThrow(IndexFormatError);
    expect(() => parseLine('not json')).toThrow(IndexFormatError);
    expect(parseLine(`{"t":"p","pack":3,"bytes":10,"sha256":"${'a'.repeat(64)}","chunks":1}`)).toMatchObject({ t: 'p', pack: 3 });
  });
});
