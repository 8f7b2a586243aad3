/**
 * Requests of step 3 for a staging location the backup agent (DPM, MABS, MARS) wrote: the job's identity and blob
 * settings checked against the rules and the folder, then the session recorded in Offline Seed's data folder.
 */

import * as z from 'zod';
import { agentStagingInputSchema, agentStagingSummarySchema } from '../model/agentStaging';
import { defineEvents, defineRequests } from './define';
import { stageProblemSchema } from './staging';

export const agentStagingRequests = defineRequests({
  /** Checks the inputs and lists the staging location; writes nothing. */
  'agentStaging.check': {
    arg: z.object({ input: agentStagingInputSchema }).strict(),
    result: z.object({ problems: z.array(stageProblemSchema), summary: agentStagingSummarySchema.nullable() }),
  },
  /** Records the session (in the data folder, never in the staging location); refuses invalid input with its problems. */
  'agentStaging.open': {
    arg: z.object({ input: agentStagingInputSchema, cloud: z.string().min(1).max(4096).optional(), tenantId: z.string().max(100).optional() }).strict(),
    result: z.union([z.object({ summary: agentStagingSummarySchema }), z.object({ problems: z.array(stageProblemSchema) })]),
  },
});

export const agentStagingEvents = defineEvents({});
