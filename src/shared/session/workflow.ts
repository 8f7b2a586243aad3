/** The workflow section of offline-seed.json, owned by the workflow domain: the import jobs of this staging location. */

import { z } from 'zod';
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

export const workflowSectionSchema = z.looseObject({
  jobs: z.array(importJobRecordSchema).optional(),
});
export type WorkflowSection = z.infer<typeof workflowSectionSchema>;
