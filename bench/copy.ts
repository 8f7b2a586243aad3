/**
 * bench:copy — our copy (write + per-block MD5 in one pass, fsync) onto an NTFS loop device mounted with ntfs-3g,
 * (image and sources on /dev/shm unless BENCH_DIR is set) against `cp` then `md5sum`, `cp` alone and `dd` of the same bytes (the device's limit); our read-back verify
 * against `md5sum` of the same files. Page caches are dropped before every run. Needs root, ntfs-3g, losetup.
 *
 * Usage: npm run bench:copy [-- --mib 1024 --files 16]
 */

import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promises as fs, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { copyWithBlockHashes, verifyBlocks, type BlockCopyResult } from '../src/core/copy/blockCopy';
import { checkBaselines } from './baselines';

const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const totalMiB = arg('mib', 1024);
const fileCount = arg('files', 16);
const MiB = 1024 * 1024;

const sh = (cmd: string, args: string[]) => execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
const dropCaches = () => {
  spawnSync('sync');
  try {
    writeFileSync('/proc/sys/vm/drop_caches', '3');
  } catch {
    // not allowed here: runs read from the page cache
  }
};

async function main() {
  // RAM-backed (tmpfs) image and sources: the host disk is shared and noisy; this measures our pipeline, FUSE and NTFS.
  const base = process.env.BENCH_DIR ?? ((await fs.stat('/dev/shm').catch(() => null)) ? '/dev/shm' : os.tmpdir());
  const dir = await fs.mkdtemp(path.join(base, 'os-bench-copy-'));
  const image = path.join(dir, 'drive.img');
  const mnt = path.join(dir, 'mnt');
  const src = path.join(dir, 'src');
  let device = '';
  const mounted = () => spawnSync('fusermount', ['-u', mnt]);
  try {
    await fs.mkdir(src);
    await fs.mkdir(mnt);
    const files: string[] = [];
    const per = Math.floor((totalMiB * MiB) / fileCount);
    const chunk = randomBytes(16 * MiB);
    for (let i = 0; i < fileCount; i++) {
      const f = path.join(src, `pack-${String(i).padStart(6, '0')}.osp`);
      const h = await fs.open(f, 'w');
      for (let w = 0; w < per; w += chunk.length) await h.write(randomBytes(1), 0, 1, w).then(() => h.write(chunk, 0, Math.min(chunk.length, per - w), w));
      await h.close();
      files.push(f);
    }
    const bytes = per * fileCount;
    // Allocated up front: a sparse image would make whichever run comes first pay for the host's block allocation.
    sh('fallocate', ['-l', String(bytes + 512 * MiB), image]);
    device = sh('losetup', ['-f', '--show', image]);
    const fresh = () => {
      mounted();
      sh('mkfs.ntfs', ['-Q', '-F', device]);
      sh('ntfs-3g', ['-o', 'big_writes', device, mnt]);
      dropCaches();
    };
    const time = async (fn: () => Promise<void> | void) => {
      const t0 = performance.now();
      await fn();
      return (performance.now() - t0) / 1000;
    };
    const rate = (s: number) => bytes / MiB / s;

    fresh();
    const cp = await time(() => {
      sh('cp', [...files, mnt]);
      sh('sync', []);
    });
    fresh();
    const results: BlockCopyResult[] = [];
    const ours = await time(async () => {
      // As copyToDrive does: files written without a per-file fsync, then flushed together before the manifest.
      for (const f of files) results.push(await copyWithBlockHashes(f, path.join(mnt, path.basename(f)), { sync: false }));
      for (const f of files) {
        const h = await fs.open(path.join(mnt, path.basename(f)), 'r+');
        await h.sync();
        await h.close();
      }
      sh('sync', []);
    });
    dropCaches();
    const verify = await time(async () => {
      for (const [i, f] of files.entries()) {
        const p = await verifyBlocks(path.join(mnt, path.basename(f)), results[i]!.length, results[i]!.blocks);
        if (p) throw new Error(`verify failed on ${f}: ${p.kind}`);
      }
    });
    const rssMiB = process.resourceUsage().maxRSS / 1024;
    dropCaches();
    const md5sum = await time(() => void sh('md5sum', files.map((f) => path.join(mnt, path.basename(f)))));

    fresh();
    const cpMd5 = await time(() => {
      sh('cp', [...files, mnt]);
      sh('sync', []);
      sh('md5sum', files.map((f) => path.join(mnt, path.basename(f))));
    });
    fresh();
    const dd = await time(() => {
      for (const f of files) sh('dd', [`if=${f}`, `of=${path.join(mnt, path.basename(f))}`, 'bs=4M', 'conv=fsync', 'status=none']);
    });
    mounted();

    const row = (name: string, s: number, extra = '') => `${name.padEnd(34)} ${s.toFixed(2).padStart(7)} s  ${rate(s).toFixed(1).padStart(7)} MiB/s  ${extra}`;
    const lines = [
      `bench:copy — ${fileCount} files, ${(bytes / MiB).toFixed(0)} MiB, NTFS (ntfs-3g) on ${device}, ${os.cpus().length} cores`,
      row('ours: copy + block MD5 + fsync, sync', ours, `${(cp / ours).toFixed(2)}× cp, ${(cpMd5 / ours).toFixed(2)}× cp+md5sum (targets ≥0.9, ≥1.5)`),
      row('cp + sync', cp),
      row('cp + sync, then md5sum', cpMd5),
      row('dd bs=4M conv=fsync (device limit)', dd),
      row('ours: verify (read back, block MD5s)', verify, `${(md5sum / verify).toFixed(2)}× md5sum (target ≥0.9)`),
      row('md5sum of the copied files', md5sum),
      `peak RSS of this process: ${rssMiB.toFixed(0)} MiB (target ≤300)`,
    ];
    process.stdout.write(lines.join('\n') + '\n');
  } finally {
    mounted();
    if (device) spawnSync('losetup', ['-d', device]);
    await fs.rm(dir, { recursive: true, force: true });
  }
}

checkBaselines();
await main();
