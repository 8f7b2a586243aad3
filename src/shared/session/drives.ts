/** The drives section of offline-seed.json, owned by the drives domain. Never holds a BitLocker key. */

import * as z from 'zod';

export const preparedDriveSchema = z.object({
  /** Hardware serial: the DriveId of the manifest, the journal and the import job. */
  driveId: z.string().min(1),
  /** What the user chose (`/dev/sdb`, `E`, `dir:/x`). */
  drive: z.string(),
  model: z.string(),
  sizeBytes: z.number().nonnegative(),
  bitLocker: z.enum(['emulated', 'windows', 'linuxBitLocker']),
  /** Where the key is: the DriveInfo file (0600), relative to the staging location. The key itself is never here. */
  bitLockerKeyRef: z.string(),
  journalFile: z.string(),
  manifestFile: z.string(),
  manifestHash: z.string().regex(/^[0-9A-F]{32}$/),
  files: z.number().int().nonnegative(),
  bytes: z.number().nonnegative(),
  verified: z.boolean(),
  /**
   * The read-back found nothing different but went through this computer's cache of the drive, which could not be
   * emptied (no root rights): the drive is not verified, and not found damaged either. Absent in older sessions.
   */
  readThroughCache: z.boolean().optional(),
  keyChecked: z.boolean(),
  preparedAt: z.string(),
});
export type PreparedDriveRecord = z.infer<typeof preparedDriveSchema>;

/**
 * What checking a prepared drive showed, named once for the wizard's results and the command line: every byte read
 * back and its key opens it; read back equal but its recorded BitLocker key does not open it; read back different
 * from what was written; or not verified, because the read-back could only reach this computer's cache of the drive.
 */
export type DriveCheck = 'verified' | 'keyFailed' | 'differs' | 'notVerified';

export function driveCheck(r: Pick<PreparedDriveRecord, 'verified' | 'keyChecked' | 'readThroughCache'>): DriveCheck {
  if (!r.verified) return r.readThroughCache ? 'notVerified' : 'differs';
  return r.keyChecked ? 'verified' : 'keyFailed';
}

export const drivesSectionSchema = z.looseObject({
  drives: z.array(preparedDriveSchema).optional(),
  /** Files of the staging still to copy (0 when every file is on a verified drive). */
  remainingFiles: z.number().int().nonnegative().optional(),
  updatedAt: z.string().optional(),
});
export type DrivesSection = z.infer<typeof drivesSectionSchema>;
