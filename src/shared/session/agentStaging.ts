/**
 * The section of offline-seed.json for a staging location the backup agent (DPM, MABS, MARS) wrote: where it is and
 * how its files become blobs. Such a session is kept in Offline Seed's data folder (or the folder given with
 * --work-dir), never in the staging location, which Offline Seed only reads.
 */

import * as z from 'zod';
import { blobTypeChoiceSchema, importDispositionSchema } from '../rules/agentStaging';

export const agentStagingSectionSchema = z.object({
  /** The staging location as the user gave it, made absolute (a local folder or a `\\server\share\...` path). */
  path: z.string().min(1),
  /** Put before every file's relative path to make its blob name (may be empty; default `<import job>/`). */
  blobPrefix: z.string(),
  blobType: blobTypeChoiceSchema,
  importDisposition: importDispositionSchema,
});
export type AgentStagingSection = z.infer<typeof agentStagingSectionSchema>;
