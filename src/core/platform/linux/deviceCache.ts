/**
 * Emptying the buffer cache of the block device under a FUSE mount, so that a read-back reaches the medium.
 *
 * ntfs-3g (file system type `fuseblk`) reads its device through the kernel's buffer cache of that device: after a
 * copy, that cache holds what was written, and a drive that stored something else would still read back as good.
 * `blockdev --flushbufs` (the BLKFLSBUF ioctl, root only) writes out anything dirty and drops the rest. Kernel file
 * systems (ext4, xfs, ntfs3, …) need nothing: their direct reads go to the device. Anything else is not ours to
 * touch. An unelevated app has the elevated helper's `flush` call do this (src/core/elevation).
 */

import { promises as fs } from 'node:fs';
import path from 'node:path';
import { run } from '../exec';

export type DeviceCacheOutcome = 'dropped' | 'notNeeded' | 'notPossible';

/** The /proc/self/mounts entry whose mount point holds `p` (the deepest one). */
async function mountOf(p: string): Promise<{ source: string; mountPoint: string; type: string } | null> {
  const real = await fs.realpath(p).catch(() => path.resolve(p));
  const text = await fs.readFile('/proc/self/mounts', 'utf8').catch(() => '');
  const unescape = (s: string) => s.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8)));
  let best: { source: string; mountPoint: string; type: string } | null = null;
  for (const line of text.split('\n')) {
    const [source, mp, type] = line.split(' ');
    if (!source || !mp || !type) continue;
    const mountPoint = unescape(mp);
    const inside = real === mountPoint || real.startsWith(mountPoint.endsWith('/') ? mountPoint : mountPoint + '/');
    if (inside && (!best || mountPoint.length >= best.mountPoint.length)) best = { source: unescape(source), mountPoint, type };
  }
  return best;
}

/** Drops the device buffer cache under `p` where it stands between a read and the medium (Linux only). */
export async function dropDeviceCacheUnder(p: string): Promise<DeviceCacheOutcome> {
  if (process.platform !== 'linux') return 'notNeeded';
  const m = await mountOf(p);
  if (!m || m.type !== 'fuseblk' || !m.source.startsWith('/dev/')) return 'notNeeded';
  const r = await run('blockdev', ['--flushbufs', m.source]).catch(() => ({ code: -1 }));
  return r.code === 0 ? 'dropped' : 'notPossible';
}
