/** The workflow section of offline-seed.json, owned by the workflow domain: the import jobs of this staging location. */

import * as z from 'zod';
import { reportedJobStateSchema } from '../model/importJob';

export const shippingRecordSchema = z.object({
  carrierName: z.string(),
  trackingNumber: z.string(),
  shipDate: z.string(),
  driveCount: z.number().int(),
  /** When the details were sent to Azure (the reach-the-datacenter countdown starts here). */
  enteredAt: z.string(),
  /** staging-relative paths of the stored details and the packing slip. */
  file: z.string(),
  packingSlip: z.string().optional(),
});

export const importJobRecordSchema = z.object({
  name: z.string().min(2),
  resourceGroup: z.string().min(1),
  subscriptionId: z.string().optional(),
  location: z.string().optional(),
  driveIds: z.array(z.string()),
  createdAt: z.string(),
  shipping: shippingRecordSchema.optional(),
  /** Last state seen by the monitor, as the API spells it. */
  lastState: reportedJobStateSchema.optional(),
  verifiedAt: z.string().optional(),
  /** Each state the monitor saw, with when it first saw it (the service's clock), oldest first. */
  seenStates: z.array(z.object({ state: z.string(), at: z.string() })).optional(),
});
export type ImportJobRecord = z.infer<typeof importJobRecordSchema>;

/** The last check of every blob against the manifests (step 9), and how long it took. */
export const verifyRecordSchema = z.object({
  at: z.string(),
  seconds: z.number().nonnegative(),
  container: z.string(),
  blobs: z.number().int().nonnegative(),
  bytes: z.number().nonnegative(),
  problems: z.number().int().nonnegative(),
  ok: z.boolean(),
});
export type VerifyRecord = z.infer<typeof verifyRecordSchema>;

/** The last test restore from the cloud (step 9): where, how long, and whether each source came back identical. */
export const restoreRecordSchema = z.object({
  at: z.string(),
  seconds: z.number().nonnegative(),
  to: z.string(),
  files: z.number().int().nonnegative(),
  bytes: z.number().nonnegative(),
  sources: z.array(
    z.object({
      name: z.string(),
      source: z.string(),
      /** null when the source folder is not on this machine, so nothing could be compared. */
      identical: z.boolean().nullable(),
      differences: z.number().int().nonnegative(),
      /** The first differences (at most 20), for the report. */
      examples: z.array(z.object({ path: z.string(), reason: z.string() })),
    }),
  ),
});
export type RestoreRecord = z.infer<typeof restoreRecordSchema>;

export const workflowSectionSchema = z.looseObject({
  jobs: z.array(importJobRecordSchema).optional(),
  verify: verifyRecordSchema.optional(),
  restore: restoreRecordSchema.optional(),
});
export type WorkflowSection = z.infer<typeof workflowSectionSchema>;
