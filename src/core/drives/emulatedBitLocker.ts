/**
 * Local rehearsal's stand-in for BitLocker: a marker file at the drive root that lets the local datacenter check
 * the job's bitLockerKey, plus recovery passwords shaped like real ones (shared/rules/recoveryPassword.ts).
 */

import { createHash, randomInt } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { OfflineSeedError } from '../../shared/errors';
import { isRecoveryPassword, recoveryGroupLimit } from '../../shared/rules/recoveryPassword';

/** The marker's file name at the drive root. */
export const bitLockerMarkerFile = 'OfflineSeedBitLocker.json';

export interface BitLockerMarker {
  driveId: string;
  /** Hex SHA-256 of `<driveId>:<recovery password>`. */
  keyCheck: string;
}

/** A new 48-digit recovery password: 8 dash-separated groups of 6 digits, each a multiple of 11 below 720896. */
export function generateRecoveryPassword(): string {
  const groups: string[] = [];
  for (let i = 0; i < 8; i++) groups.push(String(randomInt(0, recoveryGroupLimit / 11) * 11).padStart(6, '0'));
  return groups.join('-');
}

export { isRecoveryPassword };

/** Hex SHA-256 of utf8 `<driveId>:<key>`. */
export function bitLockerKeyCheck(driveId: string, key: string): string {
  return createHash('sha256').update(`${driveId}:${key}`, 'utf8').digest('hex');
}

/** Writes the marker for `driveId` and `key` at `driveRoot` (the key itself is not stored there). */
export async function writeBitLockerMarker(driveRoot: string, driveId: string, key: string): Promise<BitLockerMarker> {
  const marker: BitLockerMarker = { driveId, keyCheck: bitLockerKeyCheck(driveId, key) };
  const file = path.join(driveRoot, bitLockerMarkerFile);
  const tmp = `${file}.tmp`;
  await fs.writeFile(tmp, JSON.stringify(marker, null, 2) + '\n', { mode: 0o644 });
  const h = await fs.open(tmp, 'r+');
  try {
    await h.sync();
  } finally {
    await h.close();
  }
  await fs.rename(tmp, file);
  return marker;
}

/** Reads the marker at `driveRoot`; null when there is none or it is not a marker. */
export async function readBitLockerMarker(driveRoot: string): Promise<BitLockerMarker | null> {
  let raw: string;
  try {
    raw = await fs.readFile(path.join(driveRoot, bitLockerMarkerFile), 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
  try {
    const v = JSON.parse(raw) as Partial<BitLockerMarker>;
    if (typeof v.driveId === 'string' && typeof v.keyCheck === 'string' && /^[0-9a-f]{64}$/i.test(v.keyCheck)) return { driveId: v.driveId, keyCheck: v.keyCheck };
    return null;
  } catch {
    return null;
  }
}

/** Throws `drives:errors.emulatedKeyMismatch` unless the marker at `driveRoot` matches `driveId` and `key`. */
export async function checkEmulatedBitLockerKey(driveRoot: string, driveId: string, key: string): Promise<void> {
  const marker = await readBitLockerMarker(driveRoot);
  if (!marker || marker.driveId !== driveId || marker.keyCheck.toLowerCase() !== bitLockerKeyCheck(driveId, key)) {
    throw new OfflineSeedError({
      code: 'drives:errors.emulatedKeyMismatch',
      params: { drive: driveRoot, driveId },
      step: 'drives',
    });
  }
}
