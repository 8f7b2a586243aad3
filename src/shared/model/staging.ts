/** Figures of a staging run: what the staging job returns and the session keeps. */

import { z } from 'zod';

export const stagingStatsSchema = z.object({
  files: z.number(),
  folders: z.number(),
  links: z.number(),
  /** Files left out with --skip-unreadable. */
  skipped: z.number(),
  /** Bytes of all files. */
  sourceBytes: z.number(),
  /** Bytes of the distinct chunks. */
  uniqueBytes: z.number(),
  /** Bytes stored in packs (after zstd). */
  storedBytes: z.number(),
  chunks: z.number(),
  packs: z.number(),
  /** Files taken over from an interrupted run without reading them again. */
  resumedFiles: z.number(),
});
export type StagingStats = z.infer<typeof stagingStatsSchema>;
