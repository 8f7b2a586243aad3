/** A drive as the operating system (or a `dir:` folder) describes it, and how the drive rules judge it. */

import * as z from 'zod';
import type { KeyAt } from '../i18n/resources';

/** Bus as the operating system reports it. */
export const driveBuses = ['SATA', 'SAS', 'NVMe', 'USB', 'SCSI', 'Virtual', 'Unknown'] as const;
export type DriveBus = (typeof driveBuses)[number];

export const driveVolumeSchema = z.object({
  /** Linux mount point(s) or a Windows drive letter followed by a colon (`E:`). */
  mountPoints: z.array(z.string()),
  fsType: z.string().nullable(),
  label: z.string().nullable(),
  sizeBytes: z.number().nullable(),
  /** Windows only: BitLocker protection of this volume. */
  bitLocker: z.enum(['on', 'off', 'unknown']).optional(),
});
export type DriveVolume = z.infer<typeof driveVolumeSchema>;

/** One drive as enumerated on Linux, on Windows or given as `dir:/path`. */
export const driveInfoSchema = z.object({
  /** What the user types to pick it: `E`, `/dev/sdb`, `/dev/loop3`, `dir:/mnt/x`. */
  id: z.string(),
  kind: z.enum(['disk', 'loop', 'dir']),
  /** `/dev/sdb`, `\\.\PHYSICALDRIVE2` or the folder path. */
  device: z.string(),
  model: z.string(),
  /** Hardware serial number: the drive id in the journal and the import job. */
  serial: z.string(),
  sizeBytes: z.number(),
  bus: z.enum(driveBuses),
  media: z.enum(['HDD', 'SSD', 'Unknown']),
  isSystem: z.boolean(),
  isBoot: z.boolean(),
  readOnly: z.boolean(),
  removable: z.boolean(),
  volumes: z.array(driveVolumeSchema),
  /** Windows disk number, when known. */
  diskNumber: z.number().optional(),
  /**
   * Windows: the disk is offline or read-only (IsOffline / IsReadOnly, typically its SAN policy), which Set-Disk
   * clears; it is brought online and writable inside the confirmed erase, so it is offered, not refused.
   */
  sanPolicy: z.boolean().optional(),
});
export type DriveInfo = z.infer<typeof driveInfoSchema>;

/** The drive rules, each named by its catalog key `drives:eligibility.<name>`. */
export const driveProblemNames = ['systemDisk', 'holdsStaging', 'holdsSource', 'readOnly', 'nvme', 'tooLarge', 'tooSmall', 'vmOnVm', 'sanPolicy', 'usb', 'noSerial', 'hasData'] as const;
export type DriveProblemName = (typeof driveProblemNames)[number];

export const driveProblemSchema = z.object({
  level: z.enum(['error', 'warning']),
  name: z.enum(driveProblemNames),
  /** Catalog key: `drives:eligibility.<name>`. */
  key: z.custom<KeyAt<'drives:eligibility'>>((v) => typeof v === 'string' && v.startsWith('drives:eligibility.')),
  params: z.record(z.string(), z.union([z.string(), z.number()])),
});
export type DriveProblem = z.infer<typeof driveProblemSchema>;

export const eligibilitySchema = z.object({
  eligible: z.boolean(),
  errors: z.array(driveProblemSchema),
  warnings: z.array(driveProblemSchema),
  /** Hidden by default in the list ("show N hidden"): system disks. */
  hidden: z.boolean(),
});
export type Eligibility = z.infer<typeof eligibilitySchema>;

export const judgedDriveSchema = z.object({
  drive: driveInfoSchema,
  eligibility: eligibilitySchema,
  /** This staging location already journaled the drive: it is resumed, not erased. */
  resumed: z.boolean(),
});
export type JudgedDrive = z.infer<typeof judgedDriveSchema>;
