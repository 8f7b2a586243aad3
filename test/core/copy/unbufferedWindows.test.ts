/**
 * The read-back on Windows, replayed: a volume that answers as Windows answers a handle opened with
 * FILE_FLAG_NO_BUFFERING (https://learn.microsoft.com/windows/win32/fileio/file-buffering): reads must start at a
 * multiple of the sector size, ask for a multiple of it, into a sector-aligned buffer, or ReadFile fails with
 * ERROR_INVALID_PARAMETER (87, which libuv reports as EINVAL); a read reaching the end of the file returns the bytes
 * up to it. Such a handle reads the volume; any other handle reads the system cache, which here still holds what
 * was written while the medium holds something else.
 */

import { describe, expect, it } from 'vitest';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { copyWithBlockHashes, verifyBlocks } from '../../../src/core/copy/blockCopy';
import { windowsNoBuffering, type MediumHandle } from '../../../src/core/copy/mediumRead';
import { verifyDrive } from '../../../src/core/copy/copyToDrive';
import { buildDriveManifestXml, md5Hex, toManifestFilePath } from '../../../src/core/formats/driveManifest';

interface Replay {
  open: (file: string, flags: number) => Promise<MediumHandle>;
  reads: Array<{ file: string; unbuffered: boolean; position: number; length: number }>;
}

/** A Windows volume of `sector`-byte sectors whose medium differs from the cache at `corrupt` (file → offsets). */
function windowsVolume(sector: number, corrupt: Map<string, number[]> = new Map()): Replay {
  const reads: Replay['reads'] = [];
  const invalid = () => Object.assign(new Error('EINVAL: invalid argument, read'), { code: 'EINVAL', errno: -4071 });
  const open = async (file: string, flags: number): Promise<MediumHandle> => {
    const unbuffered = (flags & windowsNoBuffering) !== 0;
    const cached = await fs.readFile(file);
    const medium = Buffer.from(cached);
    for (const at of corrupt.get(file) ?? []) medium[at] = medium[at]! ^ 0xff;
    const bytes = unbuffered ? medium : cached;
    return {
      async read(buffer, offset, length, position) {
        reads.push({ file, unbuffered, position, length });
        if (unbuffered && (position % sector !== 0 || length % sector !== 0 || (buffer.byteOffset + offset) % sector !== 0)) throw invalid();
        const n = Math.max(0, Math.min(length, bytes.length - position));
        bytes.copy(buffer, offset, position, position + n);
        return { bytesRead: n };
      },
      stat: async () => ({ size: bytes.length }),
      close: async () => undefined,
    };
  };
  return { open, reads };
}

async function scratch(): Promise<string> {
  return fs.mkdtemp(path.join(os.tmpdir(), 'os-unbuffered-'));
}

describe('read-back on Windows (replayed unbuffered volume)', () => {
  for (const sector of [512, 4096]) {
    it(`reads ${sector}-byte-sector volumes unbuffered, aligned, to the last partial sector, and sees what the medium holds`, async () => {
      const dir = await scratch();
      try {
        const size = 21 * 1024 * 1024 + 777; // 6 blocks, two 16 MiB reads, a last sector cut short
        await fs.writeFile(path.join(dir, 'src'), Buffer.alloc(size, 7).fill(9, 5 * 1024 * 1024));
        const dst = path.join(dir, 'dst');
        const r = await copyWithBlockHashes(path.join(dir, 'src'), dst);

        const good = windowsVolume(sector);
        expect(await verifyBlocks(dst, r.length, r.blocks, undefined, { access: { platform: 'win32', open: good.open } })).toBeNull();
        expect(good.reads.length).toBeGreaterThan(1);
        expect(good.reads.every((x) => x.unbuffered)).toBe(true);

        const bad = windowsVolume(sector, new Map([[dst, [17 * 1024 * 1024 + 3]]]));
        expect(await verifyBlocks(dst, r.length, r.blocks, undefined, { access: { platform: 'win32', open: bad.open } })).toEqual({ kind: 'md5Mismatch', offset: 16 * 1024 * 1024 });
      } finally {
        await fs.rm(dir, { recursive: true, force: true });
      }
    });
  }

  it('verifies a drive folder through unbuffered reads only, the manifest included, and names the damaged blob', async () => {
    const root = await scratch();
    try {
      await fs.mkdir(path.join(root, 'job'));
      const a = await copyWithBlockHashes(await seeded(root, 'a', 5 * 1024 * 1024 + 1), path.join(root, 'job', 'a.osp'));
      const b = await copyWithBlockHashes(await seeded(root, 'b', 3000), path.join(root, 'job', 'b.osp'));
      const xml = buildDriveManifestXml({
        driveId: 'WINDRIVE',
        blobs: [
          { blobPath: 'c/job/a.osp', filePath: toManifestFilePath('job/a.osp'), ...a },
          { blobPath: 'c/job/b.osp', filePath: toManifestFilePath('job/b.osp'), ...b },
        ],
      });
      await fs.writeFile(path.join(root, 'DriveManifest.xml'), xml);
      const damaged = windowsVolume(4096, new Map([[path.join(root, 'job', 'b.osp'), [2999]]]));
      const opened: boolean[] = [];
      const problems = await verifyDrive(root, md5Hex(xml), undefined, { platform: 'win32', open: damaged.open, onOpen: (_f, direct) => opened.push(direct) });
      expect(problems).toEqual([{ blobPath: 'c/job/b.osp', filePath: '\\job\\b.osp', problem: { kind: 'md5Mismatch', offset: 0 } }]);
      expect(opened).toEqual([true, true, true]);
      expect(damaged.reads.map((x) => path.basename(x.file))).toContain('DriveManifest.xml');
      expect(damaged.reads.every((x) => x.unbuffered)).toBe(true);
    } finally {
      await fs.rm(root, { recursive: true, force: true });
    }
  });
});

async function seeded(dir: string, name: string, size: number): Promise<string> {
  const f = path.join(dir, `${name}.src`);
  const b = Buffer.alloc(size);
  for (let i = 0; i < size; i++) b[i] = (i * 31 + name.charCodeAt(0)) & 0xff;
  await fs.writeFile(f, b);
  return f;
}
