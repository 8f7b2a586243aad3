/** The staging section of offline-seed.json, owned by the staging domain. */

import * as z from 'zod';
import { stagingStatsSchema } from '../model/staging';

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
