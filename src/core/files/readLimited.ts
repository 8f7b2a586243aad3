/**
 * Reading a small file whose size Offline Seed does not control (chosen by the operator, found in a staging
 * location or the data folder) without ever holding more of it than its kind can need.
 *
 * The limits are ours (no Microsoft tool documents one): each is far above the largest real file of its kind and
 * small enough that a wrong file (a 150 MB download, a disk image, `/dev/zero`, a FIFO) is refused after reading
 * at most `max + 1` bytes instead of being read whole.
 */

import { closeSync, fstatSync, openSync, readSync, promises as fs } from 'node:fs';
import { OfflineSeedError } from '../../shared/errors';

const MiB = 1024 * 1024;

/** The largest file of each kind Offline Seed reads. */
export const fileLimits = {
  /** A .publishsettings file: a management certificate and a few hundred bytes per subscription. */
  publishSettings: 4 * MiB,
  /** OfflineApplicationParams.xml: one application and one certificate. */
  applicationParams: 1 * MiB,
  /** offline-seed.json in a staging location: sources, options, job records. */
  session: 16 * MiB,
  /** A cloud profile (cloud.json) with its CA certificate, and the small JSON files of the data folder. */
  smallJson: 1 * MiB,
  /** A drive's *_DriveInfo_*.xml and the BitLocker marker: a few fields each. */
  driveInfo: 1 * MiB,
  /** The token cache: a few tokens per account. */
  tokenCache: 16 * MiB,
} as const;

export class FileTooLargeError extends OfflineSeedError {
  constructor(file: string, max: number) {
    super({ code: 'app:errors.fileTooLarge', params: { file, max }, exitCode: 2 });
  }
}

/**
 * The contents of `file`, or a FileTooLargeError when it holds more than `max` bytes. Other errors (ENOENT,
 * EACCES, EISDIR…) are the usual Node errors, so callers keep their own handling of them.
 */
export async function readFileLimited(file: string, max: number): Promise<Buffer>;
export async function readFileLimited(file: string, max: number, encoding: 'utf8'): Promise<string>;
export async function readFileLimited(file: string, max: number, encoding?: 'utf8'): Promise<Buffer | string> {
  const handle = await fs.open(file, 'r');
  try {
    const st = await handle.stat();
    if (st.isFile() && st.size > max) throw new FileTooLargeError(file, max);
    // A regular file's size (or `max` for a device, a FIFO, a /proc file that says 0), plus one byte to tell "more".
    const buf = Buffer.allocUnsafe((st.isFile() ? Math.min(st.size, max) : max) + 1);
    let total = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buf, total, buf.length - total, null);
      if (bytesRead === 0) break;
      total += bytesRead;
      if (total > max) throw new FileTooLargeError(file, max);
      if (total === buf.length) break;
    }
    const data = buf.subarray(0, total);
    return encoding ? data.toString(encoding) : Buffer.from(data);
  } finally {
    await handle.close();
  }
}

/** readFileLimited for the few places that must stay synchronous (resolving `--cloud`). */
export function readFileLimitedSync(file: string, max: number, encoding: 'utf8'): string {
  const fd = openSync(file, 'r');
  try {
    const st = fstatSync(fd);
    if (st.isFile() && st.size > max) throw new FileTooLargeError(file, max);
    const buf = Buffer.allocUnsafe((st.isFile() ? Math.min(st.size, max) : max) + 1);
    let total = 0;
    for (;;) {
      const n = readSync(fd, buf, total, buf.length - total, null);
      if (n === 0) break;
      total += n;
      if (total > max) throw new FileTooLargeError(file, max);
      if (total === buf.length) break;
    }
    return buf.subarray(0, total).toString(encoding);
  } finally {
    closeSync(fd);
  }
}
