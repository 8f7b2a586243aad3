/**
 * A staging location as a backup agent leaves it, made by a script: nested folders, opaque binary files of 1–3 MiB,
 * a 16 MiB fixed VHD (data then a valid hard disk footer, written here byte by byte from the VHD specification,
 * not with Offline Seed's code), Unicode names and an empty file. The agent's real layout is not public; these are
 * the shapes Offline Seed must ship as they are.
 */

import { createHash, randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';

const MiB = 1024 * 1024;

/** A fixed-disk VHD footer for `dataBytes` bytes of data (cookie, fixed type, sizes, one's-complement checksum). */
export function handWrittenVhdFooter(dataBytes: number): Buffer {
  const f = Buffer.alloc(512);
  f.write('conectix', 0, 'latin1');
  f.writeUInt32BE(0x00000002, 8); // features: reserved bit set
  f.writeUInt32BE(0x00010000, 12); // file format version 1.0
  f.writeBigUInt64BE(0xffffffffffffffffn, 16); // data offset: none for a fixed disk
  f.writeUInt32BE(0x2d2d2d2d, 24); // time stamp
  f.write('win ', 28, 'latin1'); // creator application
  f.writeUInt32BE(0x000a0000, 32); // creator version
  f.write('Wi2k', 36, 'latin1'); // creator host OS
  f.writeBigUInt64BE(BigInt(dataBytes), 40); // original size
  f.writeBigUInt64BE(BigInt(dataBytes), 48); // current size
  f.writeUInt32BE((1024 << 16) | (16 << 8) | 63, 56); // geometry (cylinders, heads, sectors)
  f.writeUInt32BE(2, 60); // disk type: fixed
  randomBytes(16).copy(f, 68); // unique id
  let sum = 0;
  for (let i = 0; i < 512; i++) if (i < 64 || i >= 68) sum += f[i]!;
  f.writeUInt32BE(~sum >>> 0, 64);
  return f;
}

export interface AgentStagingTree {
  root: string;
  /** Relative paths ('/'-separated) of every regular file. */
  files: string[];
  vhd: string;
  empty: string;
}

/**
 * Writes the staging location under `root`. `scale` multiplies the sizes of the opaque files (1 = 1–3 MiB each).
 * The VHD's data has whole 4 MiB stretches of zeros and scattered non-zero pages, so its page ranges have gaps.
 */
export async function makeAgentStaging(root: string, o: { vhdMiB?: number } = {}): Promise<AgentStagingTree> {
  const files: Array<[string, Buffer]> = [];
  const opaque = (n: number) => Math.round(MiB + (n * 0.37 * MiB) % (2 * MiB)) + 1 + n;
  const names = [
    'MARS/Scratch/Replica/ab12cd34-0001.dat',
    'MARS/Scratch/Replica/ab12cd34-0002.dat',
    'MARS/Scratch/Replica/Deep/er/still/chunk-0003.bin',
    'Données été/Ünïcødé 数据/файл-α.bin',
    'Données été/naïve café.bin',
    'MetaData/catalog.dat',
  ];
  names.forEach((n, i) => files.push([n, randomBytes(opaque(i))]));
  const vhdData = (o.vhdMiB ?? 16) * MiB;
  const data = Buffer.alloc(vhdData);
  // Non-zero: the first 4 MiB, a run straddling 8 MiB, single pages further on; the rest stays zero.
  randomBytes(4 * MiB).copy(data, 0);
  randomBytes(MiB + 3 * 512).copy(data, 8 * MiB - 512 * 7);
  for (const at of [12 * MiB + 512 * 3, 13 * MiB, vhdData - 1024]) if (at + 512 <= vhdData) randomBytes(512).copy(data, at);
  const vhd = 'DPM/Volumes/vol-0001/Replica.vhd';
  files.push([vhd, Buffer.concat([data, handWrittenVhdFooter(vhdData)])]);
  const empty = 'MARS/Scratch/empty.marker';
  files.push([empty, Buffer.alloc(0)]);
  for (const [rel, bytes] of files) {
    const abs = path.join(root, ...rel.split('/'));
    await fs.mkdir(path.dirname(abs), { recursive: true });
    await fs.writeFile(abs, bytes);
  }
  return { root, files: files.map(([r]) => r).sort(), vhd, empty };
}

export interface TreeEntry {
  type: 'file' | 'dir';
  size: number;
  mtimeMs: number;
  md5?: string;
}

/** Every entry under `root` (folders too) with size and mtime, and the MD5 of every file: to prove nothing changed. */
export async function snapshotTree(root: string): Promise<Map<string, TreeEntry>> {
  const out = new Map<string, TreeEntry>();
  const walk = async (dir: string, rel: string) => {
    for (const e of await fs.readdir(dir, { withFileTypes: true })) {
      const abs = path.join(dir, e.name);
      const r = rel ? `${rel}/${e.name}` : e.name;
      const st = await fs.lstat(abs);
      if (e.isDirectory()) {
        out.set(r, { type: 'dir', size: 0, mtimeMs: st.mtimeMs });
        await walk(abs, r);
      } else {
        out.set(r, { type: 'file', size: st.size, mtimeMs: st.mtimeMs, md5: createHash('md5').update(await fs.readFile(abs)).digest('hex') });
      }
    }
  };
  await walk(root, '');
  return out;
}
