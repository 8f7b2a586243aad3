/** Requests and events of the drives domain (wizard steps 4–5, docs/architecture.md): the drive list, the packing plan, preparation and copy. */

import * as z from 'zod';
import { judgedDriveSchema } from '../model/drive';
import { preparedDriveSchema } from '../session/drives';
import { elevationPromptSchema, type Capabilities } from './app';
import { defineEvents, defineRequests } from './define';

const path = z.string().min(1).max(4096);

export const drivesRequests = defineRequests({
  /** The drives of this machine judged for this staging location (plus `dir:` folders given). */
  'drives.list': {
    arg: z.object({ stagingDir: path, folders: z.array(path).max(20).optional() }).strict(),
    result: z.object({
      drives: z.array(judgedDriveSchema),
      shippable: z.object({ files: z.number(), bytes: z.number(), largest: z.number() }),
      /** Preparing the listed drives in `drives` asks for elevation with this prompt; null: no drive will. */
      elevation: z.object({ prompt: elevationPromptSchema, drives: z.array(z.string()) }).nullable(),
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
    elevates: true,
  },
  /** The drives recorded in the session, with their verification. */
  'drives.results': {
    arg: z.object({ stagingDir: path }).strict(),
    result: z.object({ drives: z.array(preparedDriveSchema), remainingFiles: z.number().nullable() }),
  },
});

export const drivesEvents = defineEvents({});
