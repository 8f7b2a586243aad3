/** Turns what the user typed after `--drive` (`E`, `/dev/sdb`, `/dev/loop3`, `dir:/path`) into a drive. */

import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { OfflineSeedError } from '../../shared/errors';
import type { DriveInfo } from '../../shared/rules/driveEligibility';
import { readBitLockerMarker } from './emulatedBitLocker';

/** Free bytes of the volume holding `dir`. */
export async function freeBytesOf(dir: string): Promise<number> {
  const s = await fs.statfs(dir);
  return Number(s.bavail) * Number(s.bsize);
}

function notFound(arg: string): OfflineSeedError {
  return new OfflineSeedError({
    code: 'drives:errors.driveNotFound',
    params: { drive: arg },
    step: 'drives',
    exitCode: 2,
  });
}

/** A `dir:` drive: an already mounted volume used as is; its id is kept in its marker, else derived from its path. */
export async function dirDrive(folder: string): Promise<DriveInfo> {
  const abs = path.resolve(folder);
  const st = await fs.stat(abs).catch(() => null);
  if (!st?.isDirectory()) throw notFound(`dir:${folder}`);
  const real = await fs.realpath(abs);
  const marker = await readBitLockerMarker(real);
  const serial = marker?.driveId ?? 'DIR-' + createHash('sha256').update(real).digest('hex').slice(0, 12).toUpperCase();
  let readOnly = false;
  try {
    await fs.access(real, fs.constants.W_OK);
  } catch {
    readOnly = true;
  }
  return {
    id: `dir:${real}`,
    kind: 'dir',
    device: real,
    model: 'Folder',
    serial,
    sizeBytes: await freeBytesOf(real),
    bus: 'Unknown',
    media: 'Unknown',
    isSystem: false,
    isBoot: false,
    readOnly,
    removable: false,
    volumes: [],
  };
}

/** Finds the drive `arg` names in `drives` (or makes the `dir:` drive). */
export async function resolveDrive(arg: string, drives: DriveInfo[]): Promise<DriveInfo> {
  const a = arg.trim();
  if (/^dir:/i.test(a)) {
    // `dir:` alone would be the current folder: never by accident.
    if (a.slice(4).trim() === '') throw new OfflineSeedError({ code: 'drives:errors.dirEmpty', step: 'drives', exitCode: 2 });
    return dirDrive(a.slice(4));
  }
  const letter = /^([A-Za-z]):?\\?$/.exec(a)?.[1];
  const found = letter
    ? drives.find((d) => d.id.toUpperCase() === letter.toUpperCase() || d.volumes.some((v) => v.mountPoints.some((m) => m.toUpperCase() === `${letter.toUpperCase()}:`)))
    : drives.find((d) => d.device === a || d.id === a);
  if (!found) throw notFound(a);
  return found;
}
