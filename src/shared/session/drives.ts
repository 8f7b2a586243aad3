/** The drives section of offline-seed.json, owned by the drives domain. Never holds a BitLocker key. */

import { z } from 'zod';

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
  keyChecked: z.boolean(),
  preparedAt: z.string(),
});
export type PreparedDriveRecord = z.infer<typeof preparedDriveSchema>;

export const drivesSectionSchema = z.looseObject({
  drives: z.array(preparedDriveSchema).optional(),
  /** Files of the staging still to copy (0 when every file is on a verified drive). */
  remainingFiles: z.number().int().nonnegative().optional(),
  updatedAt: z.string().optional(),
});
export type DrivesSection = z.infer<typeof drivesSectionSchema>;
