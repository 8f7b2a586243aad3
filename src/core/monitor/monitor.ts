/**
 * Reads an import job's state, per-drive state, progress and copy logs — read-only, so helpdesk staff can
 * run it without admin rights or drive access — and polls it with backoff.
 */

import type { JobResponse } from '@azure/arm-storageimportexport';
import type { CopyLog, DriveStatus, JobStatus } from '../../shared/model/jobStatus';
import { jobDeadline } from '../../shared/rules/deadline';
import { nextPollDelay, statusFingerprint } from '../../shared/rules/polling';
import { isTerminalJobState, jobOutcome, parseJobState } from '../../shared/rules/jobStates';
import type { WorkflowAzure } from '../azure/workflowAzure';
import { azureError, isNotFound } from '../azure/failures';
import { parseCopyLog } from '../formats/copyLog';
import { summarizeJob } from '../importJob/importJob';
import { jobGone } from '../shipping/shipping';
import { OfflineSeedError } from '../../shared/errors';

export interface StatusOptions {
  jobName: string;
  resourceGroup: string;
  /** Fetch the copy logs from the diagnostics path. */
  withLogs?: boolean;
  /** When the deadline clock started, if the job does not say (from the session). */
  createdAt?: string;
  shippingEnteredAt?: string;
  /**
   * The job is recorded in a staging location's session, so it did exist: Azure not finding it means it was
   * deleted. Otherwise (a name typed by helpdesk staff) it means the name or resource group is wrong.
   */
  recorded?: boolean;
}

function nameNotFound(jobName: string, resourceGroup: string): OfflineSeedError {
  return new OfflineSeedError({
    code: 'workflow:errors.jobNameNotFound',
    params: { job: jobName, resourceGroup },
    exitCode: 1,
    step: 'monitor',
  });
}

/** One look at the job. Makes only GET requests (and blob reads of the copy logs). */
export async function getJobStatus(azure: WorkflowAzure, o: StatusOptions): Promise<JobStatus> {
  let serverDate: string | undefined;
  let job: JobResponse;
  try {
    job = await azure.importExport.jobs.get(o.jobName, o.resourceGroup, {
      onResponse: (raw) => {
        serverDate = raw.headers.get('date') ?? undefined;
      },
    });
  } catch (e) {
    if (isNotFound(e)) throw o.recorded ? jobGone(o.jobName) : nameNotFound(o.jobName, o.resourceGroup);
    throw azureError(e, 'readJob', 'monitor', { job: o.jobName });
  }
  const summary = await summarizeJob(azure, job, o.resourceGroup);
  const p = job.properties ?? {};
  const state = p.state ?? 'Creating';
  const known = parseJobState(state);
  const now = serverDate && !Number.isNaN(Date.parse(serverDate)) ? new Date(serverDate) : new Date();
  // Creating: two weeks from the job's creation, which later updates do not restart; Shipping: from when the
  // tracking number was entered.
  const since =
    known === 'Shipping'
      ? o.shippingEnteredAt ?? toIso(job.systemData?.lastModifiedAt) ?? o.createdAt
      : toIso(job.systemData?.createdAt) ?? o.createdAt ?? toIso(job.systemData?.lastModifiedAt);
  const drives: DriveStatus[] = [];
  for (const d of p.driveList ?? []) {
    const view: DriveStatus = {
      driveId: d.driveId ?? '',
      state: d.state ?? 'Specified',
      percentComplete: d.percentComplete ?? 0,
      bytesSucceeded: d.bytesSucceeded ?? 0,
      ...(d.copyStatus ? { copyStatus: d.copyStatus } : {}),
      ...(d.errorLogUri ? { errorLogUri: d.errorLogUri } : {}),
      ...(d.verboseLogUri ? { verboseLogUri: d.verboseLogUri } : {}),
      ...(d.manifestUri ? { manifestUri: d.manifestUri } : {}),
    };
    if (o.withLogs) {
      const log = await readCopyLog(azure, view);
      if (log) view.log = log;
    }
    drives.push(view);
  }
  let deadline = known && since ? jobDeadline(known, since, now) : null;
  // Drives become NeverReceived two weeks after shipping (https://learn.microsoft.com/azure/import-export/storage-import-export-view-drive-status): the service says the deadline passed,
  // whatever the clocks here say.
  if (deadline && known === 'Shipping' && drives.some((d) => d.state === 'NeverReceived')) {
    deadline = { ...deadline, status: 'passed', remainingMs: Math.min(0, deadline.remainingMs), days: 0, hours: 0 };
  }
  return {
    name: o.jobName,
    resourceGroup: o.resourceGroup,
    state,
    outcome: known ? jobOutcome(known, p.cancelRequested === true) : p.cancelRequested === true ? 'cancelled' : 'pending',
    terminal: known ? isTerminalJobState(known) : false,
    cancelRequested: p.cancelRequested === true,
    percentComplete: p.percentComplete ?? 0,
    bytesSucceeded: drives.reduce((n, d) => n + d.bytesSucceeded, 0),
    location: summary.location,
    shipTo: summary.shipTo,
    supportedCarriers: summary.supportedCarriers,
    ...(p.deliveryPackage?.trackingNumber ? { trackingNumber: p.deliveryPackage.trackingNumber, carrierName: p.deliveryPackage.carrierName } : {}),
    ...(p.returnPackage?.trackingNumber ? { returnTrackingNumber: p.returnPackage.trackingNumber } : {}),
    drives,
    deadline,
    checkedAt: now.toISOString(),
  };
}

function toIso(d: Date | string | undefined): string | undefined {
  if (!d) return undefined;
  const t = new Date(d);
  return Number.isNaN(t.getTime()) ? undefined : t.toISOString();
}

/** The verbose log lists every blob; the error log only the failed ones. Prefer verbose, merge the error log's statuses. */
async function readCopyLog(azure: WorkflowAzure, d: DriveStatus): Promise<CopyLog | null> {
  const read = async (uri: string | undefined) => {
    if (!uri) return null;
    try {
      const buf = await (await azure.blobs.blob(uri)).downloadToBuffer();
      return parseCopyLog(buf.toString('utf8'));
    } catch (e) {
      if (isNotFound(e)) return null;
      throw azureError(e, 'readBlob', 'monitor', { blob: uri });
    }
  };
  const verbose = await read(d.verboseLogUri);
  const error = await read(d.errorLogUri);
  if (!verbose) return error;
  if (!error) return verbose;
  const failed = new Map(error.blobs.map((b) => [b.blobPath, b]));
  return {
    driveId: verbose.driveId || error.driveId,
    status: error.status || verbose.status,
    blobs: [...verbose.blobs.map((b) => failed.get(b.blobPath) ?? b), ...error.blobs.filter((b) => !verbose.blobs.some((v) => v.blobPath === b.blobPath))],
  };
}

export interface WatchOptions extends StatusOptions {
  signal?: AbortSignal;
  minMs?: number;
  maxMs?: number;
  onUpdate(status: JobStatus, nextCheckMs: number | null): void;
  /** Waits `ms` or until aborted (injected so tests need no real time). */
  sleep?(ms: number, signal?: AbortSignal): Promise<void>;
}

/** Polls until the job reaches a final state (or the signal aborts); returns the last status. */
export async function watchJob(azure: WorkflowAzure, o: WatchOptions): Promise<JobStatus> {
  const sleep = o.sleep ?? defaultSleep;
  let delay: number | null = null;
  let last = '';
  for (;;) {
    const status = await getJobStatus(azure, o);
    const fp = statusFingerprint(status);
    delay = nextPollDelay(delay, fp !== last, o.minMs, o.maxMs);
    last = fp;
    o.onUpdate(status, status.terminal ? null : delay);
    if (status.terminal || o.signal?.aborted) return status;
    await sleep(delay, o.signal);
    if (o.signal?.aborted) return status;
  }
}

function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
