/** Requests and events of the workflow domain: import job, shipping, monitor, verify (steps 6–9 of the wizard). */

import * as z from 'zod';
import { importJobSummarySchema, createdImportJobSchema, importJobReviewSchema, reportedJobStateSchema } from '../model/importJob';
import { deadlineSchema } from '../model/deadline';
import { jobStatusSchema } from '../model/jobStatus';
import { shippingDetailsSchema } from '../model/shipping';
import { verifyReportSchema } from '../model/verify';
import { completionSchema } from '../model/completion';
import { equivalentCommandSchema, rehearsalAdvanceSchema, rehearsalReceiveSchema } from '../model/rehearsal';
import { defineEvents, defineRequests } from './define';

const path = z.string().min(1).max(4096);
const jobName = z.string().min(2).max(80);

export const workflowRequests = defineRequests({
  /** The import jobs recorded in a staging location (no Azure call). */
  'workflow.jobs': {
    arg: z.object({ stagingDir: path }).strict(),
    result: z.object({
      container: z.string(),
      storageAccount: z.string(),
      jobs: z.array(
        z.object({
          name: z.string(),
          resourceGroup: z.string(),
          driveIds: z.array(z.string()),
          lastState: reportedJobStateSchema.optional(),
          trackingNumber: z.string().optional(),
          shippingFile: z.string().optional(),
          packingSlip: z.string().optional(),
        }),
      ),
    }),
  },
  /** Step 6, "Review + create": the jobs that creating would make, from the session and journals (no Azure call). */
  'workflow.reviewJobs': {
    arg: z.object({ stagingDir: path }).strict(),
    result: importJobReviewSchema,
  },
  /** Step 6: creates the import job(s) from the journals (or finds them on a rerun) and says where to ship. */
  'workflow.createJobs': {
    arg: z.object({ stagingDir: path }).strict(),
    result: z.object({ jobs: z.array(createdImportJobSchema) }),
  },
  /** Step 7: what the shipping form needs for one job (address, carriers, drive count, deadline). */
  'workflow.shippingForm': {
    arg: z.object({ stagingDir: path, jobName }).strict(),
    result: z.object({
      job: importJobSummarySchema,
      deadline: deadlineSchema.nullable(),
      trackingNumber: z.string().optional(),
      /** The service's clock when it answered (ISO): the ship date's "today". */
      serviceNow: z.string().optional(),
    }),
  },
  /** Step 7: sends the shipping details (state Shipping), stores them and the packing slip in staging. */
  'workflow.submitShipping': {
    arg: z.object({ stagingDir: path, jobName, details: shippingDetailsSchema }).strict(),
    result: z.object({ state: reportedJobStateSchema, file: z.string(), packingSlip: z.string() }),
  },
  /** Step 8 (read-only, helpdesk): job and drive states, progress, copy logs; by staging location or by name. */
  'workflow.status': {
    arg: z
      .object({
        stagingDir: path.optional(),
        jobName: jobName.optional(),
        resourceGroup: z.string().min(1).max(90).optional(),
        subscriptionId: z.string().uuid().optional(),
        /**
         * The cloud chosen on the sign-in step, for a lookup by name: a public cloud's name or the local rehearsal's
         * profile path; else the app's default.
         */
        cloud: z.string().min(1).max(4096).optional(),
        withLogs: z.boolean().default(true),
      })
      .strict(),
    result: z.object({ jobs: z.array(jobStatusSchema) }),
  },
  /**
   * Step 9: test restore from the cloud into the empty folder `toDir` (`toDir/<source folder name>`), then each source
   * compared with what came back; a job (progress events, then job.end), its outcome in `workflow.completion`.
   */
  'workflow.restoreFromCloud': {
    arg: z.object({ stagingDir: path, toDir: path }).strict(),
    result: z.object({ jobId: z.string() }),
  },
  /** Step 9: the jobs' histories and the last verify and test restore, as the session recorded them (no Azure call). */
  'workflow.completion': {
    arg: z.object({ stagingDir: path }).strict(),
    result: completionSchema,
  },
  /** Step 9: writes the completion report (HTML) into the session folder; its path and text. */
  'workflow.writeReport': {
    arg: z.object({ stagingDir: path }).strict(),
    result: z.object({ file: z.string(), html: z.string() }),
  },
  /** Step 9: every blob in the container against the manifests. */
  'workflow.verify': {
    arg: z.object({ stagingDir: path }).strict(),
    result: verifyReportSchema,
  },
  /** Local rehearsal: the local datacenter receives the shipped jobs' drive folders (as `offline-seed emulator receive`). */
  'workflow.rehearsalReceive': {
    arg: z.object({ stagingDir: path, jobName: jobName.optional() }).strict(),
    result: z.object({ receipts: z.array(rehearsalReceiveSchema), commands: z.array(equivalentCommandSchema), days: z.number() }),
  },
  /** Local rehearsal: the local Azure's clock moves `days` ahead (as `offline-seed emulator advance`). */
  'workflow.rehearsalAdvance': {
    arg: z.object({ stagingDir: path, days: z.number().int().min(0).max(3650) }).strict(),
    result: rehearsalAdvanceSchema.extend({ command: equivalentCommandSchema }),
  },
});

export const workflowEvents = defineEvents({});
