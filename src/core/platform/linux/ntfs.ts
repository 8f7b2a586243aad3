/** Linux preparation tools: wipe, mkfs.ntfs on the whole block device, mount through ntfs-3g (FUSE), unmount. */

import { promises as fs } from 'node:fs';
import path from 'node:path';
import { run } from '../exec';

function failed(what: string, r: { code: number; stderr: string }): Error {
  return Object.assign(new Error(`${what} failed (exit ${r.code}): ${r.stderr.trim().split('\n').slice(-1)[0] ?? ''}`), { exitCode: r.code });
}

/** Erases signatures, then makes one NTFS file system on the whole device (the kernel here reads no partition tables). */
export async function formatNtfs(device: string, label: string): Promise<void> {
  const w = await run('wipefs', ['-a', '-f', device]);
  if (w.code !== 0) throw failed('wipefs', w);
  const m = await run('mkfs.ntfs', ['-Q', '-F', '-L', label.slice(0, 32), device]);
  if (m.code !== 0) throw failed('mkfs.ntfs', m);
}

/**
 * Mounts an NTFS device at `dir` with ntfs-3g. With `owner` (the elevated helper mounting for an unelevated caller),
 * the folders it creates for the mount and every file of the volume belong to that user (ntfs-3g's uid/gid options;
 * as root, ntfs-3g allows other users by default).
 */
export async function mountNtfs(device: string, dir: string, owner?: { uid: number; gid: number }): Promise<void> {
  const first = await fs.mkdir(dir, { recursive: true });
  if (owner && first) {
    for (let d = dir; ; d = path.dirname(d)) {
      await fs.chown(d, owner.uid, owner.gid);
      if (d === first || d === path.dirname(d)) break;
    }
  }
  const options = ['big_writes', ...(owner ? [`uid=${owner.uid}`, `gid=${owner.gid}`] : [])].join(',');
  const r = await run('ntfs-3g', ['-o', options, device, dir]);
  if (r.code !== 0) throw failed('ntfs-3g', r);
}

/** Mount points of `device` from /proc/self/mounts. */
export async function mountPointsOf(device: string): Promise<string[]> {
  const text = await fs.readFile('/proc/self/mounts', 'utf8');
  return text
    .split('\n')
    .map((l) => l.split(' '))
    .filter((f) => f[0] === device)
    .map((f) => f[1]!.replace(/\\040/g, ' '));
}

/** Unmounts a FUSE or kernel mount; quiet when it is not mounted. Flushes first. */
export async function unmount(dir: string): Promise<void> {
  await run('sync', []);
  const f = await run('fusermount', ['-u', dir]);
  if (f.code === 0) return;
  const u = await run('umount', [dir]);
  if (u.code !== 0 && !/not mounted|no mount point|not found/i.test(u.stderr)) throw failed('umount', u);
}

/** The file system type blkid sees on `device` (`ntfs`, `BitLocker`, ...), or null. */
export async function fsTypeOf(device: string): Promise<string | null> {
  const r = await run('blkid', ['-p', '-o', 'value', '-s', 'TYPE', device]);
  return r.code === 0 ? r.stdout.trim() || null : null;
}

/** Whether `key` unlocks the BitLocker volume on `device` (`cryptsetup open --type bitlk --test-passphrase`). */
export async function bitLockerKeyUnlocks(device: string, key: string): Promise<boolean> {
  const r = await run('cryptsetup', ['open', '--type', 'bitlk', '--test-passphrase', '--key-file', '-', device], { input: key });
  return r.code === 0;
}
