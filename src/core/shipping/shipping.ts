/**
 * Sends the shipping details of an import job to Azure and keeps them in the staging location.
 *
 * PATCH deliveryPackage, returnAddress, returnShipping and state Shipping (Jobs - Update,
 * https://learn.microsoft.com/rest/api/storageimportexport/jobs/update). The details go to
 * `staging/shipping/<job>.json` and a packing slip to `staging/shipping/<job>-packing-slip.pdf`.
 *
 * Microsoft's rule: each import job ships in its own package with its own tracking number ("No two Azure import jobs
 * can have the same tracking number… Don't combine drives prepared as part of different Azure import jobs in a single
 * package", https://learn.microsoft.com/azure/backup/backup-azure-backup-import-export; "Multiple jobs with the same
 * tracking number aren't supported", https://learn.microsoft.com/azure/import-export/storage-import-export-data-to-blobs).
 * No source says the service refuses a duplicate, so Offline Seed enforces the rule itself, before the PATCH: a
 * tracking number another job of the subscription (or resource group) already has is refused with that job's name.
 */

import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { JobResponse } from '@azure/arm-storageimportexport';
import { OfflineSeedError } from '../../shared/errors';
import type { Language } from '../../shared/i18n/languages';
import { canEnterShipping, parseJobState, type JobState } from '../../shared/rules/jobStates';
import { addressLines } from '../../shared/model/address';
import type { ImportJobSummary } from '../../shared/model/importJob';
import type { ShippingDetails } from '../../shared/model/shipping';
import { checkShippingDetails, normalizeShippingDetails, sameTrackingNumber, type ShippingProblem } from '../../shared/rules/shipping';
import { stagingLayout } from '../../shared/stagingLayout';
import type { Session } from '../../shared/session/index';
import { updateSession, writeFileAtomic } from '../session/sessionFile';
import type { WorkflowAzure } from '../azure/workflowAzure';
import { azureError, restFailure } from '../azure/failures';
import { summarizeJob } from '../importJob/importJob';
import { renderPackingSlip } from './packingSlip';
import { fileLimits, readFileLimited } from '../files/readLimited';

export const shippingFileOf = (jobName: string) => `${stagingLayout.shippingDir}/${jobName}.json`;
export const packingSlipFileOf = (jobName: string) => `${stagingLayout.shippingDir}/${jobName}-packing-slip.pdf`;

export class ShippingInvalidError extends OfflineSeedError {
  constructor(readonly problems: ShippingProblem[]) {
    super({
      code: 'workflow:errors.shippingInvalid',
      params: { count: problems.length },
      step: 'shipping',
      exitCode: 2,
    });
  }
}

/**
 * The job and what the shipping form needs to know about it, with the service's clock when it answered (the
 * response's Date header, as the monitor reads it): the ship date is checked against the service's day, which a
 * local rehearsal's clock may have moved past this machine's.
 */
export async function readJobForShipping(
  azure: WorkflowAzure,
  jobName: string,
  resourceGroup: string,
): Promise<{ job: JobResponse; summary: ImportJobSummary; serviceNow: Date | undefined }> {
  let job: JobResponse;
  let serverDate: string | undefined;
  try {
    job = await azure.importExport.jobs.get(jobName, resourceGroup, {
      onResponse: (raw) => {
        serverDate = raw.headers.get('date') ?? undefined;
      },
    });
  } catch (e) {
    if (restFailure(e)?.statusCode === 404) throw jobGone(jobName);
    throw azureError(e, 'readJob', 'shipping', { job: jobName });
  }
  const serviceNow = serverDate && !Number.isNaN(Date.parse(serverDate)) ? new Date(serverDate) : undefined;
  return { job, summary: await summarizeJob(azure, job, resourceGroup), serviceNow };
}

export function jobGone(jobName: string): OfflineSeedError {
  return new OfflineSeedError({
    code: 'workflow:errors.jobNotFound',
    params: { job: jobName },
    step: 'monitor',
  });
}

/**
 * Another job already using `trackingNumber`, or null: looked up in the subscription, else in the resource group
 * when the identity may only see that (an application scoped to it). Offline Seed's own check of Microsoft's
 * one-tracking-number-per-job rule; when neither list may be read, nothing more can be checked.
 */
export async function findTrackingNumberUse(azure: WorkflowAzure, trackingNumber: string, exceptJobId: string | undefined, resourceGroup: string): Promise<string | null> {
  const scan = async (jobs: AsyncIterable<JobResponse>) => {
    for await (const other of jobs) {
      if (exceptJobId && other.id?.toLowerCase() === exceptJobId.toLowerCase()) continue;
      const used = other.properties?.deliveryPackage?.trackingNumber;
      if (used && sameTrackingNumber(used, trackingNumber)) return other.name ?? '?';
    }
    return null;
  };
  const denied = (e: unknown) => restFailure(e)?.statusCode === 403;
  try {
    return await scan(azure.importExport.jobs.listBySubscription());
  } catch (e) {
    if (!denied(e)) throw azureError(e, 'listJobs', 'shipping');
  }
  try {
    return await scan(azure.importExport.jobs.listByResourceGroup(resourceGroup));
  } catch (e) {
    if (!denied(e)) throw azureError(e, 'listJobs', 'shipping');
  }
  return null;
}

export interface SubmitShippingOptions {
  stagingDir: string;
  session: Session;
  jobName: string;
  details: ShippingDetails;
  lang: Language;
  now?: Date;
}

export interface SubmitShippingResult {
  job: ImportJobSummary;
  details: ShippingDetails;
  /** Absolute paths. */
  file: string;
  packingSlip: string;
}

/** The job's state, or `workflow:errors.shippingTooLate` when it is past the point where shipping details may change. */
export function assertCanEnterShipping(jobName: string, rawState: string | undefined): JobState {
  const state = parseJobState(rawState);
  if (!state || !canEnterShipping(state)) {
    throw new OfflineSeedError({
      code: 'workflow:errors.shippingTooLate',
      // The state's API name, which the sentence shows by its translated name; an unknown one as it came (quotes and
      // braces dropped: it goes into a nested translation).
      params: { job: jobName, state: state ?? ((rawState ?? '').replace(/[^\p{L}\p{N} _-]/gu, '') || 'unknown') },
      step: 'shipping',
    });
  }
  return state;
}

/** Validates, checks the tracking number, PATCHes the job to Shipping, stores the details and the packing slip. */
export async function submitShipping(azure: WorkflowAzure, o: SubmitShippingOptions): Promise<SubmitShippingResult> {
  const rg = o.session.resourceGroup;
  const { job, summary, serviceNow } = await readJobForShipping(azure, o.jobName, rg);
  assertCanEnterShipping(o.jobName, job.properties?.state);
  const problems = checkShippingDetails(o.details, {
    supportedCarriers: summary.supportedCarriers,
    jobDriveCount: summary.driveIds.length,
    today: o.now ?? serviceNow ?? new Date(),
    jobCreated: summary.createdAt ? new Date(summary.createdAt) : undefined,
  });
  if (problems.length > 0) throw new ShippingInvalidError(problems);
  const details = normalizeShippingDetails(o.details, summary.supportedCarriers);

  const other = await findTrackingNumberUse(azure, details.trackingNumber, job.id, rg);
  if (other) throw trackingInUse(details.trackingNumber, other);

  const deliveryPackage = {
    carrierName: details.carrierName,
    trackingNumber: details.trackingNumber,
    driveCount: details.driveCount,
    shipDate: details.shipDate,
  };
  let updated: JobResponse;
  try {
    updated = await azure.importExport.jobs.update(o.jobName, rg, {
      deliveryPackage,
      returnAddress: details.returnAddress,
      returnShipping: details.returnShipping,
      state: 'Shipping',
    });
  } catch (e) {
    throw azureError(e, 'updateJob', 'shipping', { job: o.jobName });
  }

  const enteredAt = (o.now ?? new Date()).toISOString();
  const dir = path.join(o.stagingDir, stagingLayout.shippingDir);
  await fs.mkdir(dir, { recursive: true });
  const file = path.join(o.stagingDir, shippingFileOf(o.jobName));
  const slipFile = path.join(o.stagingDir, packingSlipFileOf(o.jobName));
  const stored = {
    job: o.jobName,
    resourceGroup: rg,
    subscriptionId: azure.subscriptionId,
    state: updated.properties?.state ?? 'Shipping',
    enteredAt,
    deliveryPackage,
    returnAddress: details.returnAddress,
    returnShipping: details.returnShipping,
    shipTo: summary.shipTo,
    driveIds: summary.driveIds,
  };
  await writeFileAtomic(file, JSON.stringify(stored, null, 2) + '\n');
  const pdf = await renderPackingSlip({
    jobName: o.jobName,
    storageAccount: o.session.storageAccount,
    driveIds: summary.driveIds,
    carrierName: details.carrierName,
    trackingNumber: details.trackingNumber,
    shipDate: details.shipDate,
    shipTo: summary.shipTo,
    returnAddress: returnAddressLines(details),
    otherJobs: (o.session.workflow?.jobs ?? []).map((j) => j.name).filter((n) => n !== o.jobName),
    lang: o.lang,
  });
  await writeFileAtomic(slipFile, pdf);

  await updateSession(o.stagingDir, (s) => {
    const jobs = [...(s.workflow?.jobs ?? [])];
    const i = jobs.findIndex((j) => j.name === o.jobName);
    const shipping = {
      carrierName: details.carrierName,
      trackingNumber: details.trackingNumber,
      shipDate: details.shipDate,
      driveCount: details.driveCount,
      enteredAt,
      file: shippingFileOf(o.jobName),
      packingSlip: packingSlipFileOf(o.jobName),
    };
    if (i === -1)
      jobs.push({ name: o.jobName, resourceGroup: rg, driveIds: summary.driveIds, createdAt: summary.createdAt ?? enteredAt, shipping, lastState: 'Shipping' });
    else jobs[i] = { ...jobs[i]!, shipping, lastState: 'Shipping' };
    const allShipped = jobs.every((j) => j.shipping);
    return { ...s, state: allShipped && s.state !== 'completed' ? 'shipping' : s.state, workflow: { ...s.workflow, jobs } };
  });
  return { job: { ...summary, state: updated.properties?.state ?? 'Shipping' }, details, file, packingSlip: slipFile };
}

function trackingInUse(tracking: string, other: string): OfflineSeedError {
  return new OfflineSeedError({
    code: 'workflow:errors.trackingNumberInUse',
    params: { tracking, job: other },
    step: 'shipping',
  });
}

/** The return address and return carrier as printed on the packing slip. */
export function returnAddressLines(d: ShippingDetails): string[] {
  return [...addressLines(d.returnAddress), `${d.returnShipping.carrierName} ${d.returnShipping.carrierAccountNumber}`];
}

/** The shipping details stored for a job in staging, or null. */
export async function readStoredShipping(stagingDir: string, jobName: string): Promise<Record<string, unknown> | null> {
  try {
    return JSON.parse(await readFileLimited(path.join(stagingDir, shippingFileOf(jobName)), fileLimits.smallJson, 'utf8')) as Record<string, unknown>;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
}
