/** What step 9 knows of a staging location once its jobs are done: the jobs' histories, the last verify and restore. */

import * as z from 'zod';
import { restoreRecordSchema, verifyRecordSchema } from '../session/workflow';
import { stagingTargetSchema } from './importJob';

export const completionSchema = stagingTargetSchema.extend({
  /** The staging location was written by the backup agent (restored by the agent, not by Offline Seed). */
  agentStaging: z.boolean(),
  jobs: z.array(
    z.object({
      name: z.string(),
      driveIds: z.array(z.string()),
      createdAt: z.string(),
      shippedAt: z.string().optional(),
      trackingNumber: z.string().optional(),
      lastState: z.string().optional(),
      seenStates: z.array(z.object({ state: z.string(), at: z.string() })),
      verifiedAt: z.string().optional(),
    }),
  ),
  verify: verifyRecordSchema.optional(),
  restore: restoreRecordSchema.optional(),
});
export type Completion = z.infer<typeof completionSchema>;
