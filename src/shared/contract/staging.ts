/** Requests and events of the staging domain: wizard step 3, docs/architecture.md (inputs, publish settings, the staging job, restore). */

import * as z from 'zod';
import { stageInputSchema, stagingStatsSchema } from '../model/staging';
import { sessionStates } from '../session';
import { defineEvents, defineRequests } from './define';

const path = z.string().min(1).max(4096);

/** One problem with the input: a catalog key (`staging:validation.*` or `app:validation.*`) and its parameters. */
export const stageProblemSchema = z.object({ key: z.string(), params: z.record(z.string(), z.union([z.string(), z.number()])) });

export const stagingRequests = defineRequests({
  /** Checks the inputs against the rules and the disk; writes nothing. */
  'staging.validate': {
    arg: stageInputSchema,
    result: z.object({ problems: z.array(stageProblemSchema), sourceBytes: z.number().optional() }),
  },
  /** Reads a .publishsettings file for its subscriptions and cloud; the management certificate never leaves core. */
  'staging.readPublishSettings': {
    arg: z.object({ file: path }).strict(),
    result: z.object({
      schemaVersion: z.enum(['1.0', '2.0']),
      subscriptions: z.array(z.object({ id: z.string(), name: z.string(), cloud: z.string().nullable() })),
    }),
  },
  /** Starts (or resumes) staging as a job: progress events, then job.end. Invalid input is refused before the job. */
  'staging.start': {
    arg: z.object({ input: stageInputSchema, cloud: z.string().min(1).max(4096).optional(), tenantId: z.string().max(100).optional() }).strict(),
    result: z.union([z.object({ jobId: z.string() }), z.object({ problems: z.array(stageProblemSchema) })]),
  },
  /** What a staging location holds: the session state and the last run's figures (null when there is no session). */
  'staging.status': {
    arg: z.object({ stagingDir: path }).strict(),
    result: z
      .object({
        state: z.enum(sessionStates),
        importJobName: z.string(),
        sources: z.array(z.object({ path: z.string(), name: z.string() })),
        stats: stagingStatsSchema.partial().nullable(),
        shippable: z.object({ files: z.number(), bytes: z.number() }),
      })
      .nullable(),
  },
  /** Restores the sources from a staging location into `toDir/<source folder name>`, as a job. */
  'staging.restore': {
    arg: z.object({ stagingDir: path, toDir: path }).strict(),
    result: z.object({ jobId: z.string() }),
  },
});

export const stagingEvents = defineEvents({});
