/** Errors of copying onto a drive: the drive filled up, or it went away. */

import { OfflineSeedError } from '../../shared/errors';

const goneCodes = new Set(['EIO', 'ENOENT', 'ENOTCONN', 'ENXIO', 'ENODEV', 'ESTALE', 'EROFS']);

export function isDriveFull(e: unknown): boolean {
  const c = (e as NodeJS.ErrnoException | null)?.code;
  return c === 'ENOSPC' || c === 'EFBIG' || c === 'EDQUOT';
}

export function isDriveGone(e: unknown): boolean {
  return goneCodes.has((e as NodeJS.ErrnoException | null)?.code ?? '');
}

/** The drive was removed or stopped answering mid-copy. */
export function driveGoneError(drive: string, driveId: string, cause: unknown): OfflineSeedError {
  const code = (cause as NodeJS.ErrnoException | null)?.code ?? 'EIO';
  return new OfflineSeedError({
    code: 'drives:errors.driveGone',
    params: { drive, driveId, reason: code },
    step: 'copy',
    detail: { drive, driveId, errno: code },
    cause,
  });
}
