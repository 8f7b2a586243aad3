/** Staging: what the operator asks for, and the figures of a run (what the staging job returns and the session keeps). */

import * as z from 'zod';

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

/** What the staging page (and `offline-seed stage`) asks for. Values are checked by the rules, not here. */
export const stageInputSchema = z
  .object({
    stagingDir: z.string().max(4096),
    sources: z.array(z.string().max(4096)).max(64),
    importJobName: z.string().max(100),
    subscriptionId: z.string().max(100),
    resourceGroup: z.string().max(100),
    storageAccount: z.string().max(100),
    container: z.string().max(100),
    packSize: z.string().max(40).default('1GiB'),
    skipUnreadable: z.boolean().default(false),
  })
  .strict();
export type StageInput = z.output<typeof stageInputSchema>;
