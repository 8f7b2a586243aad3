import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { rm } from 'node:fs/promises';
import { checkDisk, diskLimits, isContainerName } from '../../../src/core/databox/diskCheck';

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

/** A delivered disk's root with the precreated folders, as the local Azure (and Microsoft) deliver it. */
async function freshDisk(): Promise<string> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'offline-seed-disk-'));
  dirs.push(root);
  for (const t of ['Archive', 'Cold', 'Cool', 'Hot']) await mkdir(path.join(root, 'BlockBlob', t), { recursive: true });
  await mkdir(path.join(root, 'PageBlob'));
  await mkdir(path.join(root, 'AzureFile'));
  return root;
}

async function put(root: string, rel: string, bytes: number): Promise<void> {
  const f = path.join(root, ...rel.split('/'));
  await mkdir(path.dirname(f), { recursive: true });
  await writeFile(f, Buffer.alloc(bytes, 1));
}

describe('Data Box Disk checks', () => {
  it('passes a delivered disk before, and one with a well-formed page-blob tree after (DataBoxDiskImport allowed at the root)', async () => {
    const root = await freshDisk();
    await mkdir(path.join(root, 'DataBoxDiskImport'));
    expect((await checkDisk(root, { phase: 'before', needBytes: 1024 })).violations).toEqual([]);
    await put(root, 'PageBlob/offlinebackup/server1/disk.vhd', 4096);
    await put(root, 'PageBlob/loose.vhd', 512);
    await put(root, 'BlockBlob/Hot/logs/a.txt', 3);
    const r = await checkDisk(root, { phase: 'after' });
    expect(r.violations).toEqual([]);
    expect(r.files).toBe(3);
    expect(r.containers).toBe(2);
  });

  it('missingFolder: a precreated folder deleted', async () => {
    const root = await freshDisk();
    await rm(path.join(root, 'PageBlob'), { recursive: true });
    expect((await checkDisk(root, { phase: 'before' })).violations).toEqual([{ rule: 'missingFolder', file: '\\PageBlob' }]);
  });

  it('rootData: a file written at the root', async () => {
    const root = await freshDisk();
    await put(root, 'backup.vhd', 512);
    expect((await checkDisk(root, { phase: 'before' })).violations).toEqual([{ rule: 'rootData', file: '\\backup.vhd' }]);
  });

  it('ownFolder: a top-level folder of ones own', async () => {
    const root = await freshDisk();
    await mkdir(path.join(root, 'MyBackups'));
    expect((await checkDisk(root, { phase: 'after' })).violations).toEqual([{ rule: 'ownFolder', file: '\\MyBackups' }]);
  });

  it('pageBlobAlignment: a page blob that is not a multiple of 512 bytes', async () => {
    const root = await freshDisk();
    await put(root, 'PageBlob/offlinebackup/odd.bin', 1000);
    expect((await checkDisk(root, { phase: 'after' })).violations).toEqual([{ rule: 'pageBlobAlignment', file: '\\PageBlob\\offlinebackup\\odd.bin', detail: '1000' }]);
  });

  it('containerName: a folder under PageBlob (or a BlockBlob tier) that is no container name', async () => {
    const root = await freshDisk();
    await put(root, 'PageBlob/Offline_Backup/a.vhd', 512);
    await put(root, 'BlockBlob/Cool/a--b/x.txt', 1);
    const v = (await checkDisk(root, { phase: 'after' })).violations;
    expect(v).toContainEqual({ rule: 'containerName', file: '\\PageBlob\\Offline_Backup\\a.vhd', detail: 'Offline_Backup' });
    expect(v).toContainEqual({ rule: 'containerName', file: '\\BlockBlob\\Cool\\a--b\\x.txt', detail: 'a--b' });
    expect(v).toHaveLength(2);
    expect([isContainerName('ab'), isContainerName('a'.repeat(64)), isContainerName('-ab'), isContainerName('abc'), isContainerName('a-b-c')]).toEqual([false, false, false, true, true]);
  });

  it('blobName: more than 254 path segments in one blob name', async () => {
    const root = await freshDisk();
    const deep = ['PageBlob', 'deep', ...Array.from({ length: 255 }, () => 'd')].join('/') + '/f.vhd';
    await put(root, deep, 512);
    const v = (await checkDisk(root, { phase: 'after', limits: { maxPath: 100_000 } })).violations;
    expect(v.map((x) => x.rule)).toEqual(['blobName']);
  });

  it('pathLength: a path longer than 256 characters', async () => {
    const root = await freshDisk();
    const name = 'x'.repeat(200);
    await put(root, `PageBlob/offlinebackup/${name}/${'y'.repeat(40)}.vhd`, 512);
    const v = (await checkDisk(root, { phase: 'after' })).violations;
    expect(v).toHaveLength(1);
    expect(v[0]).toMatchObject({ rule: 'pathLength', file: `\\PageBlob\\offlinebackup\\${name}\\${'y'.repeat(40)}.vhd` });
    expect(Number(v[0]!.detail)).toBeGreaterThan(diskLimits.maxPath);
  });

  it('fileCount: more files than a disk may hold (limit lowered to 3 here; the documented one is 100,000)', async () => {
    expect(diskLimits.maxFiles).toBe(100_000);
    const root = await freshDisk();
    for (let i = 0; i < 4; i++) await put(root, `PageBlob/offlinebackup/f${i}.vhd`, 512);
    expect((await checkDisk(root, { phase: 'after', limits: { maxFiles: 3 } })).violations).toEqual([{ rule: 'fileCount', file: '\\', detail: '4' }]);
  });

  it('containerCount: more containers than a disk may hold (limit lowered to 2 here; the documented one is 512)', async () => {
    expect(diskLimits.maxContainers).toBe(512);
    const root = await freshDisk();
    for (const c of ['one', 'two', 'three']) await put(root, `PageBlob/${c}/a.vhd`, 512);
    expect((await checkDisk(root, { phase: 'after', limits: { maxContainers: 2 } })).violations).toEqual([{ rule: 'containerCount', file: '\\', detail: '3' }]);
  });

  it('freeSpace: a backup larger than the free space of the disk', async () => {
    const root = await freshDisk();
    const v = (await checkDisk(root, { phase: 'before', needBytes: Number.MAX_SAFE_INTEGER })).violations;
    expect(v).toHaveLength(1);
    expect(v[0]!.rule).toBe('freeSpace');
  });
});
