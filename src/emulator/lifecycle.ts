/**
 * The Import/Export service's clocks on the local Azure: what happens to a job as days pass on the emulator clock.
 *
 * Documented facts this follows:
 * - A job left in Creating expires two weeks after it was created if no tracking number was entered
 *   ("If the tracking number is not updated within 2 weeks of creating the job, the job expires",
 *   https://learn.microsoft.com/azure/import-export/storage-import-export-data-to-blobs, step 5). PUT and PATCH do not
 *   restart that clock.
 * - Drives of a job in Shipping that have not arrived two weeks later are NeverReceived, and a job in Shipping with no
 *   answer 30 days after that is Closed ("Retrieving state information for an Import/Export job",
 *   https://github.com/MicrosoftDocs/azure-docs/blob/c3ffff9378f56ddcc3f1dc14d89b8bd5de84c470/articles/storage/common/storage-import-export-retrieving-state-info-for-a-job.md).
 * - After receipt a job goes Received → Transferring (a drive has begun processing) → Packaging (all drives
 *   processed) → Completed (no errors) or Closed (errors), and the drives end ShippedBack; "the service strives to
 *   complete the copy in 7 to 10 days after the disks are received"
 *   (https://learn.microsoft.com/azure/import-export/storage-import-export-view-drive-status).
 *
 * The exact days inside that window (Transferring one day after receipt, Packaging after seven, shipped back after
 * nine) are the local Azure's choice, not Microsoft's. Everything here is a pure function of the stored job and the
 * clock, applied before every request and after `advance`, so `emulator advance --days N` moves jobs through it.
 */

import { randomInt } from 'node:crypto';
import type { DriveOutcome, Receipt, StoredJob } from './state';

export const dayMs = 24 * 3600e3;
/** A job left in Creating this long after its creation is deleted. */
export const creatingLifetimeMs = 14 * dayMs;
/** Drives not arrived this long after the job went to Shipping are NeverReceived. */
export const shippingWaitMs = 14 * dayMs;
/** …and this much later, with no answer, the job moves from Shipping to Closed. */
export const shippingCloseMs = 30 * dayMs;
/** After receipt: when the first drive starts processing, when all are processed, when they are shipped back. */
export const processingMs = { transferring: 1 * dayMs, packaging: 7 * dayMs, shippedBack: 9 * dayMs } as const;

/** A job that changed state on the clock (`to` is `Deleted` when it expired). */
export interface Transition {
  job: string;
  resourceGroup: string;
  from: string;
  to: string;
}

/** When the job was created (emulator clock ms), for state files of every age. */
export function createdAtOf(j: StoredJob): number {
  return j.createdAtMs ?? (Date.parse(j.body.systemData.createdAt ?? '') || j.touchedAt || 0);
}

/** When the job went to Shipping (emulator clock ms). */
function shippedAtOf(j: StoredJob): number {
  return j.shippedAtMs ?? j.touchedAt ?? (Date.parse(j.body.systemData.lastModifiedAt ?? '') || 0);
}

/** The dates (ISO, emulator clock) a receipt moves the job on. */
export function receiptTimeline(r: Receipt): { received: string; transferring: string; packaging: string; shippedBack: string } {
  const at = (ms: number) => new Date(r.receivedAtMs + ms).toISOString();
  return { received: at(0), transferring: at(processingMs.transferring), packaging: at(processingMs.packaging), shippedBack: at(processingMs.shippedBack) };
}

/** Shows the job as it stands `elapsed` ms after receipt: job and drive states, progress, logs, return package. */
function showProcessing(j: StoredJob, r: Receipt, elapsed: number): void {
  const p = j.body.properties;
  const n = Math.max(1, r.drives.length);
  const span = processingMs.packaging - processingMs.transferring;
  let percentSum = 0;
  for (const [i, outcome] of r.drives.entries()) {
    const d = p.driveList?.find((x) => x.driveId === outcome.driveId);
    if (!d) continue;
    const start = processingMs.transferring + (i / n) * span;
    const done = processingMs.transferring + ((i + 1) / n) * span;
    if (elapsed < start) {
      d.state = 'Received';
      delete d.copyStatus;
      d.percentComplete = 0;
      d.bytesSucceeded = 0;
    } else if (elapsed < done) {
      const pct = Math.floor(((elapsed - start) / (done - start)) * 100);
      d.state = 'Transferring';
      d.copyStatus = 'InProgress';
      d.percentComplete = pct;
      d.bytesSucceeded = Math.floor((outcome.bytesSucceeded * pct) / 100);
    } else {
      d.state = elapsed >= processingMs.shippedBack ? 'ShippedBack' : outcome.state;
      d.copyStatus = outcome.copyStatus;
      d.percentComplete = 100;
      d.bytesSucceeded = outcome.bytesSucceeded;
      for (const k of ['errorLogUri', 'verboseLogUri', 'manifestUri'] as const) {
        const v = outcome[k];
        if (v) d[k] = v;
      }
    }
    percentSum += d.percentComplete ?? 0;
  }
  p.percentComplete = elapsed >= processingMs.packaging ? 100 : Math.floor(percentSum / n);
  if (elapsed < processingMs.transferring) p.state = 'Received';
  else if (elapsed < processingMs.packaging) p.state = 'Transferring';
  else if (elapsed < processingMs.shippedBack) p.state = 'Packaging';
  else {
    p.state = r.endsAs;
    p.returnPackage = { ...r.returnPackage };
  }
}

/**
 * Applies the clocks to every job at `now`: expiry of Creating, the Shipping deadlines, the processing after
 * receipt. Mutates `jobs` in place (expired jobs are removed) and returns what changed state.
 */
export function applyClock(jobs: StoredJob[], now: number): Transition[] {
  const out: Transition[] = [];
  for (let i = jobs.length - 1; i >= 0; i--) {
    const j = jobs[i]!;
    const p = j.body.properties;
    const before = p.state;
    const note = (to: string) => out.push({ job: j.body.name, resourceGroup: j.resourceGroup, from: before, to });
    if (p.state === 'Creating' && now - createdAtOf(j) > creatingLifetimeMs) {
      jobs.splice(i, 1);
      note('Deleted');
      continue;
    }
    if (j.receipt) {
      showProcessing(j, j.receipt, now - j.receipt.receivedAtMs);
    } else if (p.state === 'Shipping') {
      const waited = now - shippedAtOf(j);
      if (waited > shippingWaitMs) for (const d of p.driveList ?? []) if (d.state === 'Specified') d.state = 'NeverReceived';
      if (waited > shippingWaitMs + shippingCloseMs) p.state = 'Closed';
    }
    if (p.state !== before) note(p.state);
  }
  return out.reverse();
}

/** A date as the service's examples write package ship dates: `8/11/2017 9:05:00 PM` (UTC). */
export function serviceDate(ms: number): string {
  const d = new Date(ms);
  const h = d.getUTCHours();
  const two = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCMonth() + 1}/${d.getUTCDate()}/${d.getUTCFullYear()} ${h % 12 === 0 ? 12 : h % 12}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} ${h < 12 ? 'AM' : 'PM'}`;
}

/**
 * Records what the datacenter found when the drives arrived, at `now`: the job becomes Received (drives that did
 * not arrive NeverReceived) and moves on from there with the clock. The return package is the documented
 * PackageInformation (carrier, tracking number, drive count, ship date), shown once the drives are shipped back.
 */
export function recordReceipt(now: number, job: StoredJob, o: { endsAs: 'Completed' | 'Closed'; drives: DriveOutcome[]; returnCarrier: string }): Receipt {
  const receipt: Receipt = {
    receivedAtMs: now,
    endsAs: o.endsAs,
    drives: o.drives,
    returnPackage: {
      carrierName: o.returnCarrier,
      trackingNumber: `${randomInt(100000, 999999)}${randomInt(100000, 999999)}`,
      driveCount: o.drives.length,
      shipDate: serviceDate(now + processingMs.shippedBack),
    },
  };
  job.receipt = receipt;
  const p = job.body.properties;
  for (const d of p.driveList ?? []) d.state = o.drives.some((x) => x.driveId === d.driveId) ? 'Received' : 'NeverReceived';
  p.state = 'Received';
  p.percentComplete = 0;
  job.body.systemData = { ...job.body.systemData, lastModifiedAt: new Date(now).toISOString() };
  return receipt;
}
