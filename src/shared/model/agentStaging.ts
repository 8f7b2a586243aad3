/** What the operator gives for a staging location the backup agent wrote, and what Offline Seed finds in it. */

import * as z from 'zod';

/** The job's identity and how files become blobs; values are checked by the rules (one sentence each), not here. */
export const agentStagingInputSchema = z
  .object({
    /** The folder (or `\\server\share\...`) the agent wrote: read, never written. */
    stagingDir: z.string().max(4096),
    /** Where Offline Seed keeps this location's session; by default a folder of the data folder keyed by the path. */
    workDir: z.string().max(4096).optional(),
    importJobName: z.string().max(100),
    subscriptionId: z.string().max(100),
    resourceGroup: z.string().max(100),
    storageAccount: z.string().max(100),
    container: z.string().max(100),
    /** Absent: `<import job>/`. Empty: blobs at the top of the container. */
    blobPrefix: z.string().max(1024).optional(),
    blobType: z.string().max(10).default('auto'),
    importDisposition: z.string().max(20).default('rename'),
  })
  .strict();
export type AgentStagingInput = z.input<typeof agentStagingInputSchema>;

/** What the staging location holds, as it will be shipped. */
export const agentStagingSummarySchema = z.object({
  stagingDir: z.string(),
  sessionDir: z.string(),
  files: z.number(),
  bytes: z.number(),
  largestFile: z.object({ relPath: z.string(), size: z.number() }).nullable(),
  pageBlobs: z.number(),
  /** Entries that are not regular files and are not shipped (the first ones). */
  skipped: z.array(z.string()),
  container: z.string(),
  blobPrefix: z.string(),
  importDisposition: z.string(),
});
export type AgentStagingSummary = z.infer<typeof agentStagingSummarySchema>;
