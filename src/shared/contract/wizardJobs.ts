/** The wizard's current job (src/shared/model/wizardJob.ts): read it, save what changed, start a new one, switch. */

import * as z from 'zod';
import { defineEvents, defineRequests } from './define';
import { jobIdSchema, jobSummarySchema, recentJobSchema, wizardJobChangeSchema, wizardJobSchema } from '../model/wizardJob';

const currentResult = z.object({ job: wizardJobSchema, recent: z.array(recentJobSchema) });

export const wizardJobsRequests = defineRequests({
  /** The current job (a fresh one the first time) and the recent ones. */
  'wizardJobs.current': {
    arg: z.object({}).strict(),
    result: currentResult,
  },
  /** Replaces the current job's summary, step status, fields and step; `id` must still be the current job. */
  'wizardJobs.save': {
    arg: z.object({ id: jobIdSchema, change: wizardJobChangeSchema }).strict(),
    result: z.object({ saved: z.boolean() }),
  },
  /** Starts a new job, keeping the cloud, the account and the sign-in and certificate steps of the current one. */
  'wizardJobs.new': {
    arg: z.object({}).strict(),
    result: currentResult,
  },
  /** Makes a recent job the current one. */
  'wizardJobs.switch': {
    arg: z.object({ id: jobIdSchema }).strict(),
    result: currentResult,
  },
  /** What a staging location's session says about its job (cloud, account, names, drives), for the Session panel. */
  'wizardJobs.stagingSummary': {
    arg: z.object({ stagingDir: z.string().min(1).max(4096) }).strict(),
    result: z.object({ summary: jobSummarySchema }),
  },
});

export const wizardJobsEvents = defineEvents({});
