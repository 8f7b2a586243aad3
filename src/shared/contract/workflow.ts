/** Requests and events of the workflow domain: import job, shipping, monitor, verify (wizard steps 6–9, docs/architecture.md). */

import { z } from 'zod';
import { defineEvents, defineRequests } from './define';

const path = z.string().min(1).max(4096);
const jobName = z.string().min(2).max(80);

export const datacenterAddressSchema = z.object({
  recipientName: z.string(),
  streetAddress1: z.string(),
  streetAddress2: z.string().optional(),
  city: z.string(),
  stateOrProvince: z.string().optional(),
  postalCode: z.string(),
  countryOrRegion: z.string(),
  phone: z.string().optional(),
  additionalInformation: z.string().optional(),
});

export const importJobSummarySchema = z.object({
  name: z.string(),
  resourceGroup: z.string(),
  /** As the API spells it. */
  state: z.string(),
  location: z.string(),
  driveIds: z.array(z.string()),
  shipTo: datacenterAddressSchema.nullable(),
  supportedCarriers: z.array(z.string()),
  alternateLocation: z.string().optional(),
  createdAt: z.string().optional(),
  created: z.boolean().optional(),
});

export const deadlineSchema = z.object({
  kind: z.enum(['enterShipping', 'reachDatacenter']),
  due: z.string(),
  remainingMs: z.number(),
  status: z.enum(['ok', 'warning', 'passed']),
  days: z.number(),
  hours: z.number(),
});

export const shippingDetailsSchema = z.object({
  carrierName: z.string().max(100),
  trackingNumber: z.string().max(100),
  shipDate: z.string().max(20),
  driveCount: z.number().int(),
  returnAddress: z.object({
    recipientName: z.string().max(200),
    streetAddress1: z.string().max(200),
    streetAddress2: z.string().max(200).optional(),
    city: z.string().max(100),
    stateOrProvince: z.string().max(100).optional(),
    postalCode: z.string().max(20),
    countryOrRegion: z.string().max(100),
    phone: z.string().max(40),
    email: z.string().max(200),
  }),
  returnShipping: z.object({ carrierName: z.string().max(100), carrierAccountNumber: z.string().max(40) }),
});

const copyLogSchema = z.object({
  driveId: z.string(),
  status: z.string(),
  blobs: z.array(z.object({ blobPath: z.string(), filePath: z.string().optional(), status: z.string(), length: z.number().optional() })),
});

export const jobStatusSchema = z.object({
  name: z.string(),
  resourceGroup: z.string(),
  state: z.string(),
  outcome: z.enum(['pending', 'succeeded', 'failed']),
  terminal: z.boolean(),
  percentComplete: z.number(),
  bytesSucceeded: z.number(),
  location: z.string(),
  shipTo: datacenterAddressSchema.nullable(),
  supportedCarriers: z.array(z.string()),
  trackingNumber: z.string().optional(),
  carrierName: z.string().optional(),
  returnTrackingNumber: z.string().optional(),
  drives: z.array(
    z.object({
      driveId: z.string(),
      state: z.string(),
      copyStatus: z.string().optional(),
      percentComplete: z.number(),
      bytesSucceeded: z.number(),
      errorLogUri: z.string().optional(),
      verboseLogUri: z.string().optional(),
      manifestUri: z.string().optional(),
      log: copyLogSchema.optional(),
    }),
  ),
  deadline: deadlineSchema.nullable(),
  checkedAt: z.string(),
});

export const verifyReportSchema = z.object({
  container: z.string(),
  expectedBlobs: z.number(),
  checkedBlobs: z.number(),
  matched: z.number(),
  bytes: z.number(),
  problems: z.array(
    z.object({
      blobPath: z.string(),
      kind: z.enum(['missing', 'lengthMismatch', 'md5Mismatch']),
      expected: z.union([z.string(), z.number()]).optional(),
      actual: z.union([z.string(), z.number()]).optional(),
      driveId: z.string(),
    }),
  ),
  extra: z.array(z.string()),
  ok: z.boolean(),
});

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
          lastState: z.string().optional(),
          trackingNumber: z.string().optional(),
          shippingFile: z.string().optional(),
          packingSlip: z.string().optional(),
        }),
      ),
    }),
  },
  /** Step 6: creates the import job(s) from the journals (or finds them on a rerun) and says where to ship. */
  'workflow.createJobs': {
    arg: z.object({ stagingDir: path }).strict(),
    result: z.object({ jobs: z.array(importJobSummarySchema) }),
    privileged: true,
  },
  /** Step 7: what the shipping form needs for one job (address, carriers, drive count, deadline). */
  'workflow.shippingForm': {
    arg: z.object({ stagingDir: path, jobName }).strict(),
    result: z.object({ job: importJobSummarySchema, deadline: deadlineSchema.nullable(), trackingNumber: z.string().optional() }),
  },
  /** Step 7: sends the shipping details (state Shipping), stores them and the packing slip in staging. */
  'workflow.submitShipping': {
    arg: z.object({ stagingDir: path, jobName, details: shippingDetailsSchema }).strict(),
    result: z.object({ state: z.string(), file: z.string(), packingSlip: z.string() }),
    privileged: true,
  },
  /** Step 8 (read-only, helpdesk): job and drive states, progress, copy logs; by staging location or by name. */
  'workflow.status': {
    arg: z
      .object({
        stagingDir: path.optional(),
        jobName: jobName.optional(),
        resourceGroup: z.string().min(1).max(90).optional(),
        subscriptionId: z.string().uuid().optional(),
        /** The cloud chosen on the sign-in step (a public cloud name), for a lookup by name; else the app's default. */
        cloud: z.enum(['AzureCloud', 'AzureUSGovernment', 'AzureChinaCloud']).optional(),
        withLogs: z.boolean().default(true),
      })
      .strict(),
    result: z.object({ jobs: z.array(jobStatusSchema) }),
  },
  /** Step 9: test restore from the cloud into `toDir/<source folder name>`; a job (progress events, then job.end). */
  'workflow.restoreFromCloud': {
    arg: z.object({ stagingDir: path, toDir: path }).strict(),
    result: z.object({ jobId: z.string() }),
  },
  /** Step 9: every blob in the container against the manifests. */
  'workflow.verify': {
    arg: z.object({ stagingDir: path }).strict(),
    result: verifyReportSchema,
  },
});

export const workflowEvents = defineEvents({});
