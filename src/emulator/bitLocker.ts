/**
 * How the local datacenter checks a drive's BitLocker key in a rehearsal. Linux cannot create BitLocker volumes,
 * so Offline Seed leaves a marker at the drive root instead; the marker is Offline Seed's own format, not
 * Microsoft's: `OfflineSeedBitLocker.json` = `{ "driveId": "<DriveId>", "keyCheck": "<hex SHA-256 of the UTF-8
 * text '<DriveId>:<recovery password>'>" }`. This is the datacenter's own reading of that format (it shares no code
 * with src/core), tested against the golden markers in test/fixtures/formats.
 */

import { createHash, timingSafeEqual } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';

export const markerFileName = 'OfflineSeedBitLocker.json';

export interface DriveMarker {
  driveId: string;
  keyCheck: string;
}

/** The marker at the drive root; null when there is none or it is not a marker (a volume without BitLocker). */
export async function readDriveMarker(driveRoot: string): Promise<DriveMarker | null> {
  let value: unknown;
  try {
    value = JSON.parse(await fs.readFile(path.join(driveRoot, markerFileName), 'utf8'));
  } catch {
    return null;
  }
  if (!value || typeof value !== 'object') return null;
  const { driveId, keyCheck } = value as Record<string, unknown>;
  if (typeof driveId !== 'string' || typeof keyCheck !== 'string' || !/^[0-9a-fA-F]{64}$/.test(keyCheck)) return null;
  return { driveId, keyCheck: keyCheck.toLowerCase() };
}

/**
 * Whether `key` is a BitLocker recovery password at all: 48 digits in 8 groups of 6, each group divisible by 11 and
 * at most 720885 (65535 × 11), as ProtectKeyWithNumericalPassword states the format
 * (https://learn.microsoft.com/windows/win32/secprov/protectkeywithnumericalpassword-win32-encryptablevolume).
 * A key that fails this unlocks no BitLocker volume. This is the datacenter's own check (src/core has its own).
 */
export function isRecoveryPassword(key: string): boolean {
  const groups = key.split('-');
  return groups.length === 8 && groups.every((g) => /^\d{6}$/.test(g) && Number(g) % 11 === 0 && Number(g) <= 720885);
}

/** Whether the job's key for `driveId` unlocks the drive the marker describes. */
export function unlocks(marker: DriveMarker, driveId: string, recoveryPassword: string): boolean {
  if (!isRecoveryPassword(recoveryPassword)) return false;
  const expected = createHash('sha256').update(Buffer.from(`${driveId}:${recoveryPassword}`, 'utf8')).digest();
  return timingSafeEqual(expected, Buffer.from(marker.keyCheck, 'hex'));
}
