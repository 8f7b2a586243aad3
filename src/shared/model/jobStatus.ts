/** What the monitor shows of an import job: job and drive states, progress, copy logs, the countdown. */

import * as z from 'zod';
import { blobLogStatuses, driveLogStatuses, driveStates, jobOutcomes } from '../rules/jobStates';
import { datacenterAddressSchema } from './address';
import { deadlineSchema } from './deadline';
import { reportedJobStateSchema } from './importJob';
import { openEnum } from './openEnum';

/** One blob of a copy log (`<Blob Status="…">`). */
export const copyLogBlobSchema = z.object({
  blobPath: z.string(),
  filePath: z.string().optional(),
  status: openEnum(blobLogStatuses),
  length: z.number().optional(),
});
export type CopyLogBlob = z.infer<typeof copyLogBlobSchema>;

/** A drive's copy log (`<DriveLog>`): its status code and every blob's. */
export const copyLogSchema = z.object({
  driveId: z.string(),
  /** The drive status code (Completed, ManifestCorrupted, BitLockerKeyInvalid, …); empty when the log has none. */
  status: openEnum(driveLogStatuses),
  blobs: z.array(copyLogBlobSchema),
});
export type CopyLog = z.infer<typeof copyLogSchema>;

export const driveStatusSchema = z.object({
  driveId: z.string(),
  /** As the API spells it. */
  state: openEnum(driveStates),
  copyStatus: z.string().optional(),
  percentComplete: z.number(),
  bytesSucceeded: z.number(),
  errorLogUri: z.string().optional(),
  verboseLogUri: z.string().optional(),
  manifestUri: z.string().optional(),
  /** The copy log (error log, or verbose log when there is no error log), when fetched. */
  log: copyLogSchema.optional(),
});
export type DriveStatus = z.infer<typeof driveStatusSchema>;

export const jobStatusSchema = z.object({
  name: z.string(),
  resourceGroup: z.string(),
  /** As the API spells it. */
  state: reportedJobStateSchema,
  /** `cancelled` when the job was cancelled (cancelRequested), even though the service then shows it Completed. */
  outcome: z.enum(jobOutcomes),
  terminal: z.boolean(),
  /** The job's cancelRequested: someone asked the service to cancel it. */
  cancelRequested: z.boolean(),
  percentComplete: z.number(),
  bytesSucceeded: z.number(),
  location: z.string(),
  shipTo: datacenterAddressSchema.nullable(),
  supportedCarriers: z.array(z.string()),
  trackingNumber: z.string().optional(),
  carrierName: z.string().optional(),
  returnTrackingNumber: z.string().optional(),
  drives: z.array(driveStatusSchema),
  deadline: deadlineSchema.nullable(),
  /**
   * The states this job went through as far as Offline Seed knows, oldest first, each with when it began: the job's
   * creation, the shipping details' entry, else when a check first saw it (absent: passed between two checks).
   */
  history: z.array(z.object({ state: z.string(), since: z.string().optional() })).optional(),
  /** The service's clock when it answered (the response's Date header), used for the deadline. */
  checkedAt: z.string(),
});
export type JobStatus = z.infer<typeof jobStatusSchema>;
