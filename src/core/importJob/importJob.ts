/**
 * Creates the import job(s) for the drives prepared from a staging location, and reads where to ship them.
 *
 * Idempotent: a rerun after a crash finds the job already created (same name, same drives) and reuses it.
 * More than ten drives make several jobs named `<name>-1`, `<name>-2`, … (ten drives per job:
 * https://learn.microsoft.com/azure/import-export/storage-import-export-requirements).
 */

import type { JobResponse, Location, PutJobParameters } from '@azure/arm-storageimportexport';
import { OfflineSeedError } from '../../shared/errors';
import type { Session } from '../../shared/session/index';
import type { ImportJobRecord } from '../../shared/session/workflow';
import type { CreatedImportJob, ImportJobSummary } from '../../shared/model/importJob';
import type { DatacenterAddress } from '../../shared/model/address';
import { maxDrivesPerJob } from '../../shared/rules/driveEligibility';
import { isRecoveryPassword } from '../../shared/rules/recoveryPassword';
import { updateSession } from '../session/sessionFile';
import type { WorkflowAzure } from '../azure/workflowAzure';
import { azureError, isNotFound, restFailure } from '../azure/failures';
import type { PreparedDrive } from '../formats/journal';

export const diagnosticsPath = 'waimportexport';

export interface PlannedJob {
  name: string;
  drives: PreparedDrive[];
}

/** Splits the drives into jobs of at most ten, suffixing `-1`, `-2` when there is more than one. */
export function planImportJobs(baseName: string, drives: PreparedDrive[]): PlannedJob[] {
  if (drives.length <= maxDrivesPerJob) return [{ name: baseName, drives }];
  const out: PlannedJob[] = [];
  for (let i = 0; i < drives.length; i += maxDrivesPerJob) {
    out.push({ name: `${baseName}-${out.length + 1}`, drives: drives.slice(i, i + maxDrivesPerJob) });
  }
  return out;
}

export function storageAccountIdOf(session: Session): string {
  return `/subscriptions/${session.subscriptionId}/resourceGroups/${session.resourceGroup}/providers/Microsoft.Storage/storageAccounts/${session.storageAccount}`;
}

/** The job body of the documented CreateJob example, for our drives. */
export function jobBody(
  session: Session,
  drives: PreparedDrive[],
  storageAccount: { id: string; location: string },
): PutJobParameters {
  return {
    location: storageAccount.location,
    tags: { offlineSeedSession: session.sessionId },
    properties: {
      storageAccountId: storageAccount.id,
      jobType: 'Import',
      diagnosticsPath,
      logLevel: 'Verbose',
      backupDriveManifest: true,
      driveList: drives.map((d) => ({
        driveId: d.driveId,
        bitLockerKey: d.bitLockerKey,
        manifestFile: d.manifestFile,
        manifestHash: d.manifestHash,
      })),
    },
  };
}

const sameSet = (a: string[], b: string[]) => a.length === b.length && [...a].sort().join('\n') === [...b].sort().join('\n');

export interface CreateJobsOptions {
  session: Session;
  stagingDir: string;
  drives: PreparedDrive[];
  /** The storage account's resource id and region (from Azure, or from the local cloud profile). */
  storageAccount: { id: string; location: string };
  /** Called once per job as it is created or found. */
  onJob?(job: ImportJobSummary, created: boolean): void;
}

/** Creates (or finds) the jobs for `drives` and records them in the session; returns what to ship where. */
export async function createImportJobs(azure: WorkflowAzure, o: CreateJobsOptions): Promise<CreatedImportJob[]> {
  if (o.drives.length === 0) {
    throw new OfflineSeedError({
      code: 'workflow:errors.noDrives',
      params: { staging: o.stagingDir },
      step: 'importJob',
    });
  }
  // A key without the recovery-password checksum cannot unlock the drive at the datacenter: no job is created with it.
  const badKey = o.drives.find((d) => !isRecoveryPassword(d.bitLockerKey));
  if (badKey) {
    throw new OfflineSeedError({
      code: 'workflow:errors.recoveryPasswordInvalid',
      params: { driveId: badKey.driveId, file: badKey.driveInfoFile },
      step: 'importJob',
    });
  }
  const rg = o.session.resourceGroup;
  const out: CreatedImportJob[] = [];
  for (const plan of planImportJobs(o.session.importJobName, o.drives)) {
    const driveIds = plan.drives.map((d) => d.driveId);
    let job: JobResponse | null = null;
    try {
      job = await withRegistration(azure, () => azure.importExport.jobs.get(plan.name, rg));
    } catch (e) {
      if (!isNotFound(e)) throw azureError(e, 'readJob', 'importJob', { job: plan.name });
    }
    let created = false;
    if (job) {
      const existing = (job.properties?.driveList ?? []).map((d) => d.driveId ?? '');
      if (!sameSet(existing, driveIds) || job.properties?.storageAccountId?.toLowerCase() !== o.storageAccount.id.toLowerCase()) {
        throw new OfflineSeedError({
          code: 'workflow:errors.jobNameTaken',
          params: { job: plan.name },
          step: 'importJob',
        });
      }
    } else {
      try {
        job = await azure.importExport.jobs.create(plan.name, rg, jobBody(o.session, plan.drives, o.storageAccount));
        created = true;
      } catch (e) {
        throw azureError(e, 'createJob', 'importJob', { job: plan.name });
      }
    }
    const summary = { ...(await summarizeJob(azure, job, rg)), created };
    await recordJob(o.stagingDir, {
      name: plan.name,
      resourceGroup: rg,
      subscriptionId: azure.subscriptionId,
      location: summary.location,
      driveIds,
      createdAt: summary.createdAt ?? new Date().toISOString(),
    });
    o.onJob?.(summary, created);
    out.push(summary);
  }
  return out;
}

/**
 * Runs `call`; when Azure answers that the subscription is not registered for Microsoft.ImportExport,
 * registers it (as the portal does when a first job is created) and runs `call` once more.
 */
async function withRegistration<T>(azure: WorkflowAzure, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (e) {
    if (restFailure(e)?.code !== 'MissingSubscriptionRegistration' || !azure.registerProvider) throw e;
    await azure.registerProvider('Microsoft.ImportExport');
    return call();
  }
}

/** Adds or refreshes a job in the session's workflow section, keeping what is already known about it. */
export async function recordJob(stagingDir: string, record: ImportJobRecord): Promise<void> {
  await updateSession(stagingDir, (s) => {
    const jobs = [...(s.workflow?.jobs ?? [])];
    const i = jobs.findIndex((j) => j.name === record.name);
    if (i === -1) jobs.push(record);
    else jobs[i] = { ...jobs[i]!, ...record, createdAt: jobs[i]!.createdAt, shipping: record.shipping ?? jobs[i]!.shipping };
    return { ...s, state: s.state === 'copied' || s.state === 'drivesPrepared' ? 'jobCreated' : s.state, workflow: { ...s.workflow, jobs } };
  });
}

const locationKey = (id: string) => id.split('/').pop()!.toLowerCase().replace(/\s+/g, '');

/**
 * The datacenter address and carriers for a job: the job's own shippingInformation and location, or the
 * first alternate location when the job's location lists only others (it is temporarily closed).
 */
export async function summarizeJob(azure: WorkflowAzure, job: JobResponse, resourceGroup: string): Promise<ImportJobSummary> {
  const locationName = job.location ?? '';
  let location: Location | null = null;
  let alternate: Location | null = null;
  if (locationName) {
    try {
      location = await azure.importExport.locations.get(locationName);
    } catch (e) {
      if (!isNotFound(e)) throw azureError(e, 'readLocation', 'importJob', { location: locationName });
    }
  }
  const alternates = location?.alternateLocations ?? [];
  const ownKey = location?.id ? locationKey(location.id) : locationKey(locationName);
  if (location && alternates.length > 0 && !alternates.some((a: string) => locationKey(a) === ownKey)) {
    try {
      alternate = await azure.importExport.locations.get(locationKey(alternates[0]!));
    } catch (e) {
      throw azureError(e, 'readLocation', 'importJob', { location: alternates[0]! });
    }
  }
  const source = alternate ?? location;
  const info = job.properties?.shippingInformation;
  let shipTo: DatacenterAddress | null = null;
  if (alternate) shipTo = addressOf(alternate);
  else if (info?.streetAddress1) shipTo = addressOf({ ...info, additionalShippingInformation: info.additionalInformation });
  else if (location) shipTo = addressOf(location);
  // A rehearsal datacenter of the local Azure (its profile lists them) is marked so that every view says so.
  const shownKey = source?.id ? locationKey(source.id) : locationKey(locationName);
  if (shipTo && azure.rehearsalDatacenters?.some((k) => k.toLowerCase() === shownKey)) shipTo = { ...shipTo, rehearsal: true };
  return {
    name: job.name ?? '',
    resourceGroup,
    state: job.properties?.state ?? 'Creating',
    location: locationName,
    driveIds: (job.properties?.driveList ?? []).map((d) => d.driveId ?? ''),
    shipTo,
    supportedCarriers: source?.supportedCarriers ?? [],
    ...(alternate ? { alternateLocation: alternate.name ?? alternates[0]! } : {}),
    ...(job.systemData?.createdAt ? { createdAt: new Date(job.systemData.createdAt).toISOString() } : {}),
  };
}

function addressOf(p: {
  recipientName?: string;
  streetAddress1?: string;
  streetAddress2?: string;
  city?: string;
  stateOrProvince?: string;
  postalCode?: string;
  countryOrRegion?: string;
  phone?: string;
  additionalShippingInformation?: string;
}): DatacenterAddress {
  const opt = (k: keyof DatacenterAddress, v: string | undefined) => (v ? { [k]: v } : {});
  return {
    recipientName: p.recipientName ?? '',
    streetAddress1: p.streetAddress1 ?? '',
    ...opt('streetAddress2', p.streetAddress2),
    city: p.city ?? '',
    ...opt('stateOrProvince', p.stateOrProvince),
    postalCode: p.postalCode ?? '',
    countryOrRegion: p.countryOrRegion ?? '',
    ...opt('phone', p.phone),
    ...opt('additionalInformation', p.additionalShippingInformation),
  };
}
