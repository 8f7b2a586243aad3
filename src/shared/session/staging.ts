/** The staging section of offline-seed.json, owned by the staging domain. */

import { z } from 'zod';

/** Figures of a staging run (also what the staging contract returns). */
export const stagingStatsSchema = z.object({
  files: z.number(),
  folders: z.number(),
  links: z.number(),
  skipped: z.number(),
  sourceBytes: z.number(),
  uniqueBytes: z.number(),
  storedBytes: z.number(),
  chunks: z.number(),
  packs: z.number(),
  resumedFiles: z.number(),
});

export const stagingSectionSchema = z.looseObject({
  /** Bytes per pack (upper bound, except a pack holding one larger chunk). */
  packSize: z.number().int().positive().optional(),
  /** Staging-relative path of the index, e.g. `index/index-000001.osi`. */
  index: z.string().optional(),
  startedAt: z.string().optional(),
  stagedAt: z.string().optional(),
  /** Figures of the last finished run. */
  stats: stagingStatsSchema.partial().optional(),
  /** Files left out with --skip-unreadable (first 100). */
  skipped: z.array(z.object({ source: z.string(), path: z.string(), reason: z.string() })).optional(),
});
export type StagingSection = z.infer<typeof stagingSectionSchema>;
