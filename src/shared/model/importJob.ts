/** An import job as the operator needs it to ship: state, drives, datacenter address and carriers. */

import * as z from 'zod';
import { jobStates } from '../rules/jobStates';
import { datacenterAddressSchema } from './address';
import { openEnum } from './openEnum';

/** A job state as the API spells it: a documented one, or one Azure added later (kept and shown verbatim). */
export const reportedJobStateSchema = openEnum(jobStates);

export const importJobSummarySchema = z.object({
  name: z.string(),
  resourceGroup: z.string(),
  state: reportedJobStateSchema,
  /** The job's Azure region. */
  location: z.string(),
  driveIds: z.array(z.string()),
  shipTo: datacenterAddressSchema.nullable(),
  supportedCarriers: z.array(z.string()),
  /** Set when the job's location is closed and an alternate location's address is used instead. */
  alternateLocation: z.string().optional(),
  createdAt: z.string().optional(),
});
export type ImportJobSummary = z.infer<typeof importJobSummarySchema>;

/** A job after the import job step: `created` false when a rerun found it already there. */
export const createdImportJobSchema = importJobSummarySchema.extend({ created: z.boolean() });
export type CreatedImportJob = z.infer<typeof createdImportJobSchema>;

/** A staging location and where in Azure its import goes: what the review and the completion step both name. */
export const stagingTargetSchema = z.object({
  location: z.string(),
  cloud: z.string(),
  subscriptionId: z.string(),
  resourceGroup: z.string(),
  storageAccount: z.string(),
  container: z.string(),
});

/** What creating the import jobs of a staging location will do (the wizard's "Review + create"). */
export const importJobReviewSchema = stagingTargetSchema.extend({
  jobs: z.array(z.object({ name: z.string(), driveIds: z.array(z.string()), created: z.boolean() })),
});
export type ImportJobReview = z.infer<typeof importJobReviewSchema>;
