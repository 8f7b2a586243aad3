/**
 * The wizard's current job: what the operator chose and typed for one seeding job, and how far each step got.
 * Kept in the app's data folder (one file, ours) so that a reload or a restart comes back to the same job; the
 * recent ones can be switched to. The staging location's own session file stays the record of what was done.
 */

import * as z from 'zod';
import { stepIdSchema, stepIds, type StepId } from '../errors';

export const routeSchema = z.enum(['importExport', 'dataBox']);
export type Route = z.infer<typeof routeSchema>;

/**
 * Each route's steps, in order: Import/Export's nine, and the Data Box route's sign-in then its own eight. The
 * wizard's sidebar (src/renderer/steps.ts) and the recent-jobs count follow them.
 */
export const routeStepIds = {
  importExport: ['signIn', 'certificate', 'staging', 'drives', 'copy', 'importJob', 'shipping', 'monitor', 'complete'],
  dataBox: ['signIn', 'dataBoxReadiness', 'dataBoxOrder', 'dataBoxTrack', 'dataBoxDisks', 'dataBoxAgent', 'dataBoxReturn', 'dataBoxLogs', 'dataBoxCleanup'],
} as const satisfies Record<Route, readonly StepId[]>;

export const stepStatusSchema = z.enum(['notStarted', 'inProgress', 'done', 'needsAttention']);
export type StepStatus = z.infer<typeof stepStatusSchema>;

const text = z.string().max(4096);

/** What the Session panel shows. `cloud` is a public cloud's name or the local rehearsal's profile path. */
export const jobSummarySchema = z
  .object({
    cloud: text,
    subscriptionId: text,
    resourceGroup: text,
    storageAccount: text,
    container: text,
    importJobName: text,
    stagingLocation: text,
    /** Who wrote the staging location: the backup agent (shipped as it is) or Offline Seed (its own format). */
    stagingKind: z.enum(['agent', 'offlineSeed']),
    driveCount: z.number().int().min(0).max(10_000),
    /** The route chosen on step 1 by agent version: Import/Export (older agents) or Data Box (current ones); absent = Import/Export. */
    route: routeSchema,
    /** The Data Box order's name (Data Box route). */
    dataBoxOrder: text,
  })
  .partial()
  .strict();
export type JobSummary = z.infer<typeof jobSummarySchema>;

/** A field's value as a page keeps it: text, a choice, a list of choices. */
export const fieldValueSchema = z.union([z.string().max(65_536), z.boolean(), z.array(z.string().max(4096)).max(256)]);
export type FieldValue = z.infer<typeof fieldValueSchema>;

export const jobIdSchema = z.string().regex(/^[a-z0-9-]{1,64}$/);

export const wizardJobSchema = z
  .object({
    id: jobIdSchema,
    createdAt: z.string().datetime(),
    updatedAt: z.string().datetime(),
    summary: jobSummarySchema,
    /** Steps not named here have not started. */
    status: z.partialRecord(stepIdSchema, stepStatusSchema),
    /** Every step's fields, keyed `<step>.<field>`. */
    fields: z.record(z.string().regex(/^[A-Za-z0-9_.-]{1,100}$/), fieldValueSchema).refine((f) => Object.keys(f).length <= 500),
    /** The step the operator was on. */
    step: stepIdSchema,
  })
  .strict();
export type WizardJob = z.infer<typeof wizardJobSchema>;

/** What the renderer may change in the current job (its id and dates are core's). */
export const wizardJobChangeSchema = wizardJobSchema.pick({ summary: true, status: true, fields: true, step: true }).strict();
export type WizardJobChange = z.infer<typeof wizardJobChangeSchema>;

/** One line of the recent-jobs list. */
export const recentJobSchema = z
  .object({
    id: jobIdSchema,
    createdAt: z.string().datetime(),
    updatedAt: z.string().datetime(),
    importJobName: text.optional(),
    stagingLocation: text.optional(),
    /** The Data Box order's name (Data Box route). */
    dataBoxOrder: text.optional(),
    route: routeSchema,
    /** How many of its route's steps are done, out of `total` (the route's step count). */
    done: z.number().int().min(0).max(stepIds.length),
    total: z.number().int().min(1).max(stepIds.length),
  })
  .strict();
export type RecentJob = z.infer<typeof recentJobSchema>;

/** The whole file: the current job and the recent ones, newest first (the current one included). */
export const wizardJobsFileSchema = z
  .object({
    current: jobIdSchema,
    jobs: z.array(wizardJobSchema).min(1),
  })
  .strict();
export type WizardJobsFile = z.infer<typeof wizardJobsFileSchema>;

/** Steps whose outcome belongs to the machine and the account, not to one job: a new job keeps them. */
export const accountSteps = ['signIn', 'certificate'] as const satisfies ReadonlyArray<z.infer<typeof stepIdSchema>>;
/** Summary entries that belong to the account: a new job keeps them. */
export const accountSummaryKeys = ['cloud', 'subscriptionId', 'resourceGroup', 'storageAccount'] as const satisfies ReadonlyArray<keyof JobSummary>;
