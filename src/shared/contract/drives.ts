/** Requests and events of the drives domain (wizard steps 4–5, docs/architecture.md): the drive list, the packing plan, preparation and copy. */

import { z } from 'zod';
import { driveBuses } from '../rules/driveEligibility';
import { preparedDriveSchema } from '../session/drives';
import type { Capabilities } from './app';
import { defineEvents, defineRequests } from './define';

const path = z.string().min(1).max(4096);

export const driveInfoSchema = z.object({
  id: z.string(),
  kind: z.enum(['disk', 'loop', 'dir']),
  device: z.string(),
  model: z.string(),
  serial: z.string(),
  sizeBytes: z.number(),
  bus: z.enum(driveBuses),
  media: z.enum(['HDD', 'SSD', 'Unknown']),
  isSystem: z.boolean(),
  isBoot: z.boolean(),
  readOnly: z.boolean(),
  removable: z.boolean(),
  volumes: z.array(
    z.object({
      mountPoints: z.array(z.string()),
      fsType: z.string().nullable(),
      label: z.string().nullable(),
      sizeBytes: z.number().nullable(),
      bitLocker: z.enum(['on', 'off', 'unknown']).optional(),
    }),
  ),
  diskNumber: z.number().optional(),
});

export const driveProblemSchema = z.object({
  level: z.enum(['error', 'warning']),
  name: z.string(),
  key: z.string(),
  params: z.record(z.string(), z.union([z.string(), z.number()])),
});

export const judgedDriveSchema = z.object({
  drive: driveInfoSchema,
  eligibility: z.object({ eligible: z.boolean(), errors: z.array(driveProblemSchema), warnings: z.array(driveProblemSchema), hidden: z.boolean() }),
  /** This staging location already journaled the drive: it is resumed, not erased. */
  resumed: z.boolean(),
});

export const drivesRequests = defineRequests({
  /** The drives of this machine judged for this staging location (plus `dir:` folders given). */
  'drives.list': {
    arg: z.object({ stagingDir: path, folders: z.array(path).max(20).optional() }).strict(),
    result: z.object({
      drives: z.array(judgedDriveSchema),
      shippable: z.object({ files: z.number(), bytes: z.number(), largest: z.number() }),
    }),
  },
  /** How the staging spreads over the chosen drives (first-fit decreasing). */
  'drives.plan': {
    arg: z.object({ stagingDir: path, drives: z.array(z.string().min(1).max(4096)).min(1).max(25) }).strict(),
    result: z.object({
      driveCount: z.number(),
      jobCount: z.number(),
      totalBytes: z.number(),
      drives: z.array(z.object({ capacity: z.number(), used: z.number(), files: z.number(), chosen: z.boolean() })),
      unplaceable: z.array(z.string()),
    }),
  },
  /** Prepares (erasing drives whose id is in `confirmations`), copies and verifies; a `copy` job. */
  'drives.prepare': {
    arg: z.object({ stagingDir: path, drives: z.array(z.string().min(1).max(4096)).min(1).max(25), confirmations: z.array(z.string().max(4096)).max(25) }).strict(),
    result: z.object({ jobId: z.string() }),
    // Windows: formatting and BitLocker; elsewhere: block devices. A `dir:` volume on Linux needs no elevation.
    privileged: ({ drives }: { drives: string[] }, c: Capabilities) => c.platform === 'win32' || drives.some((d) => !/^dir:/i.test(d)),
  },
  /** The drives recorded in the session, with their verification. */
  'drives.results': {
    arg: z.object({ stagingDir: path }).strict(),
    result: z.object({ drives: z.array(preparedDriveSchema), remainingFiles: z.number().nullable() }),
  },
});

export const drivesEvents = defineEvents({});
