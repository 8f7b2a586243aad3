/**
 * The local Azure's Data Box datacenter: it "delivers" the disks of an order as local folders with the precreated
 * layout and later "receives" them: applies the upload rules, imports into Azurite and writes the upload logs.
 *
 * Layout and rules, from Microsoft's pages:
 * - precreated folders `BlockBlob/{Archive,Cold,Cool,Hot}`, `PageBlob`, `AzureFile`; a folder under BlockBlob or
 *   PageBlob is a container; every file in PageBlob is uploaded as a page blob and must be 512-byte aligned;
 *   empty folders are not uploaded; "Do not copy data directly into the disks"
 *   (https://learn.microsoft.com/azure/databox/data-box-disk-deploy-copy-data,
 *   https://learn.microsoft.com/azure/databox/data-box-disk-limits);
 * - the upload logs, `<DriveLog Version="2018-10-01">` `_error.xml` and `_verbose.xml` under
 *   `databoxlogs-<order>/waies/`, statuses ContainerRenamed, InvalidPageBlobUploadAsBlockBlob (into a container
 *   prefixed `databoxdisk-invalid-pb-`), InvalidWorkitem
 *   (https://learn.microsoft.com/azure/databox/data-box-disk-troubleshoot-upload).
 * What the pages leave open is the emulator's choice and says so: a delivered disk is a folder named after its
 * serial number (already unlocked: BitLocker is not emulated); files outside the precreated folders are logged
 * InvalidWorkitem and not uploaded; Azure Files (AzureFile) is not emulated and is reported as skipped.
 */

import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { OfflineSeedError } from '../shared/errors';
import { blobServiceClient } from './datacenter';
import type { EmulatorContext } from './context';
import { currentStatus, dataBoxJobsOf, tickDataBox, type StoredDataBoxJob } from './dataBoxJobs';
import { dataBoxLogXml, type DataBoxLoggedBlob } from './dataBoxLog';

export const blockBlobTiers = ['Archive', 'Cold', 'Cool', 'Hot'] as const;
/** The folders at the root of a delivered disk. */
export const precreatedFolders = ['BlockBlob', 'PageBlob', 'AzureFile'] as const;

const pageSize = 512;
/** The largest Put Page request: 4 MiB. */
const maxPutPage = 4 * 1024 * 1024;

export interface DeliverResult {
  jobName: string;
  disks: Array<{ serialNumber: string; path: string }>;
}

export interface ReceivedDataBoxDisk {
  serialNumber: string;
  path: string;
  /** Completed, CompletedWithErrors. */
  status: string;
  bytesCopied: number;
  blobs: Array<{ blobPath: string; filePath: string; status: string; length: number }>;
  /** Files the emulator does not import (Azure Files). */
  skipped: string[];
  errorLogLink: string;
  verboseLogLink: string;
}

export interface DataBoxReceiveResult {
  jobName: string;
  status: string;
  disks: ReceivedDataBoxDisk[];
  /** Folders that are not a disk of the order: returned unprocessed. */
  unprocessed: string[];
  /** The action the order waits for (details.actions), when something was not uploaded. */
  awaiting?: string;
}

function findJob(ctx: EmulatorContext, name: string, rg: string): StoredDataBoxJob {
  const job = dataBoxJobsOf(ctx).find((j) => j.name.toLowerCase() === name.toLowerCase() && j.resourceGroup.toLowerCase() === rg.toLowerCase());
  if (!job) throw new OfflineSeedError({ code: 'databox:errors.emulatorNoJob', params: { job: name } });
  return job;
}

/** Writes one folder per disk of the order under `into`, with the precreated layout; the order must be dispatched. */
export async function deliverDisks(ctx: EmulatorContext, o: { jobName: string; resourceGroup: string; into: string }): Promise<DeliverResult> {
  if (tickDataBox(ctx)) await ctx.store.save();
  const job = findJob(ctx, o.jobName, o.resourceGroup);
  const status = currentStatus(job);
  if (status !== 'Dispatched' && status !== 'Delivered') throw new OfflineSeedError({ code: 'databox:errors.emulatorNotDispatched', params: { job: job.name, status } });
  const disks: DeliverResult['disks'] = [];
  for (const d of job.disks) {
    const root = path.join(o.into, d.serialNumber);
    for (const t of blockBlobTiers) await fs.mkdir(path.join(root, 'BlockBlob', t), { recursive: true });
    await fs.mkdir(path.join(root, 'PageBlob'), { recursive: true });
    await fs.mkdir(path.join(root, 'AzureFile'), { recursive: true });
    disks.push({ serialNumber: d.serialNumber, path: root });
  }
  if (status === 'Dispatched') {
    job.status = undefined;
    job.stageTimes.Delivered = ctx.store.now();
  }
  await ctx.store.save();
  return { jobName: job.name, disks };
}

/** Container names: 3–63 lowercase letters, digits and hyphens, starting with a letter or digit, no double hyphens. */
export function validContainerName(n: string): boolean {
  return n.length >= 3 && n.length <= 63 && /^[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9]))*$/.test(n);
}

/** Blob names: 1 to 1,024 characters and at most 254 path segments. */
function validBlobName(n: string): boolean {
  return n.length >= 1 && n.length <= 1024 && n.split('/').length <= 254;
}

async function walk(dir: string): Promise<string[]> {
  const out: string[] = [];
  const entries = await fs.readdir(dir, { withFileTypes: true }).catch(() => []);
  for (const e of entries) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...(await walk(p)));
    else if (e.isFile()) out.push(p);
  }
  return out;
}

/** `\PageBlob\c\a.vhd`, the FilePath form of the logs. */
const logPath = (rel: string[]) => '\\' + rel.join('\\');

/**
 * Receives the disks of an order that is delivered or picked up: AtAzureDC, DataCopy, then Completed,
 * CompletedWithWarnings (only renames or blobs uploaded another way), or, when something was not uploaded, DataCopy
 * waiting for the customer's MoveToCleanUpDevice (then CompletedWithErrors).
 */
export async function receiveDataBoxDisks(ctx: EmulatorContext, o: { jobName: string; resourceGroup: string; diskPaths: string[]; accountKey: string; caPem: string }): Promise<DataBoxReceiveResult> {
  if (tickDataBox(ctx)) await ctx.store.save();
  const job = findJob(ctx, o.jobName, o.resourceGroup);
  const status = currentStatus(job);
  if (status !== 'Delivered' && status !== 'PickedUp') throw new OfflineSeedError({ code: 'databox:errors.emulatorNotShipped', params: { job: job.name, status } });
  if (o.diskPaths.length === 0) throw new OfflineSeedError({ code: 'databox:errors.emulatorNoDisks', params: { job: job.name } });
  for (const p of o.diskPaths) {
    const s = await fs.stat(p).catch(() => null);
    if (!s?.isDirectory()) throw new OfflineSeedError({ code: 'databox:errors.emulatorDiskNotFound', params: { path: p } });
  }
  const st = ctx.store.state;
  const now = () => ctx.store.now();
  if (job.stageTimes.PickedUp === undefined) job.stageTimes.PickedUp = now();
  job.status = 'AtAzureDC';
  job.stageTimes.AtAzureDC = now();
  await ctx.store.save();
  job.status = 'DataCopy';
  job.stageTimes.DataCopy = now();
  job.copyProgress = job.disks.map((d) => ({ serialNumber: d.serialNumber, bytesCopied: 0, percentComplete: 0, status: 'NotStarted' }));
  await ctx.store.save();

  const blobs = blobServiceClient(ctx.blobEndpoint(), st.storageAccountName, o.accountKey, o.caPem);
  const made = new Set<string>();
  const container = async (name: string) => {
    const c = blobs.getContainerClient(name);
    if (!made.has(name)) {
      await c.createIfNotExists();
      made.add(name);
    }
    return c;
  };
  const logContainer = `databoxlogs-${job.name.toLowerCase().replace(/[^a-z0-9-]/g, '-').replace(/-+/g, '-')}`.slice(0, 63).replace(/-$/, '');

  const results: ReceivedDataBoxDisk[] = [];
  const unprocessed: string[] = [];
  let warnings = false;
  let errors = false;
  for (const root of o.diskPaths) {
    const disk = job.disks.find((d) => d.serialNumber === path.basename(root));
    const progress = job.copyProgress.find((p) => p.serialNumber === disk?.serialNumber);
    if (!disk || !progress || results.some((r) => r.serialNumber === disk.serialNumber)) {
      unprocessed.push(root);
      continue;
    }
    progress.status = 'InProgress';
    const files = await walk(root);
    const total = (await Promise.all(files.map((f) => fs.stat(f).then((s) => s.size)))).reduce((a, b) => a + b, 0);
    const logged: DataBoxLoggedBlob[] = [];
    const skipped: string[] = [];
    let copied = 0;
    for (const file of files) {
      const rel = path.relative(root, file).split(path.sep);
      const size = (await fs.stat(file)).size;
      const top = rel[0]!;
      if (top === 'AzureFile') {
        skipped.push(logPath(rel));
        continue;
      }
      if (rel.length === 1 || (top !== 'PageBlob' && top !== 'BlockBlob')) {
        logged.push({ status: 'InvalidWorkitem', blobPath: '', filePath: logPath(rel), length: size, kind: 'BlockBlob' });
        continue;
      }
      // BlockBlob/<tier>/<container>/…, PageBlob/<container>/…; loose files go to $root.
      const inner = top === 'BlockBlob' && (blockBlobTiers as readonly string[]).includes(rel[1]!) ? rel.slice(2) : rel.slice(1);
      let containerName = inner.length > 1 ? inner[0]! : '$root';
      const blobName = (inner.length > 1 ? inner.slice(1) : inner).join('/');
      let statusOf = 'Completed';
      if (containerName !== '$root' && !validContainerName(containerName)) {
        containerName = `databox-${createHash('sha1').update(containerName).digest('hex')}`;
        statusOf = 'ContainerRenamed';
      }
      if (!validBlobName(blobName)) {
        logged.push({ status: 'InvalidWorkitem', blobPath: `${containerName}/${blobName}`, filePath: logPath(rel), length: size, kind: top === 'PageBlob' ? 'PageBlob' : 'BlockBlob' });
        continue;
      }
      let asPage = top === 'PageBlob';
      if (asPage && size % pageSize !== 0) {
        asPage = false;
        containerName = `databoxdisk-invalid-pb-${containerName.replace(/^\$/, '')}`.slice(0, 63).replace(/-$/, '');
        statusOf = 'InvalidPageBlobUploadAsBlockBlob';
      }
      const c = await container(containerName);
      const entry: DataBoxLoggedBlob = { status: statusOf, blobPath: `${containerName}/${blobName}`, filePath: logPath(rel), length: size, kind: asPage ? 'PageBlob' : 'BlockBlob', ranges: [] };
      logged.push(entry);
      try {
        if (asPage) {
          const pb = c.getPageBlobClient(blobName);
          await pb.create(size);
          const h = await fs.open(file, 'r');
          try {
            for (let off = 0; off < size; off += maxPutPage) {
              const len = Math.min(maxPutPage, size - off);
              const buf = Buffer.alloc(len);
              await h.read(buf, 0, len, off);
              entry.ranges!.push({ offset: off, length: len });
              // A page of zeros is what a new page blob already holds: the service skips it too.
              if (buf.some((b) => b !== 0)) await pb.uploadPages(buf, off, len);
              copied += len;
            }
          } finally {
            await h.close();
          }
        } else {
          await c.getBlockBlobClient(blobName).uploadFile(file);
          entry.ranges!.push({ offset: 0, length: size });
          copied += size;
        }
      } catch {
        entry.status = 'StorageRequestFailed';
      }
      progress.bytesCopied = copied;
      progress.percentComplete = total ? Math.floor((copied / total) * 100) : 100;
    }
    const failed = logged.some((b) => b.status === 'InvalidWorkitem' || b.status === 'StorageRequestFailed');
    const renamed = logged.some((b) => b.status !== 'Completed');
    const diskStatus = failed || renamed ? 'CompletedWithErrors' : 'Completed';
    if (failed) errors = true;
    else if (renamed) warnings = true;
    const stamp = new Date(now()).toISOString().replace(/[-:]/g, '').replace(/\..*$/, '');
    const base = `waies/ri-${job.name}-${createHash('sha1').update(job.name).digest('hex').slice(0, 8)}_${disk.serialNumber}_${stamp}`;
    const lc = await container(logContainer);
    const upload = async (kind: 'error' | 'verbose') => {
      const xml = dataBoxLogXml(disk.serialNumber, diskStatus, logged, kind === 'error');
      await lc.getBlockBlobClient(`${base}_${kind}.xml`).uploadData(Buffer.from(xml), { blobHTTPHeaders: { blobContentType: 'application/xml' } });
      return `${ctx.blobEndpoint()}/${logContainer}/${base}_${kind}.xml`;
    };
    const errorLogLink = await upload('error');
    const verboseLogLink = await upload('verbose');
    progress.status = failed ? 'CompletedWithErrors' : 'Completed';
    progress.percentComplete = 100;
    job.copyLogDetails.push({ copyLogDetailsType: 'DataBoxDisk', diskSerialNumber: disk.serialNumber, errorLogLink, verboseLogLink });
    await ctx.store.save();
    results.push({ serialNumber: disk.serialNumber, path: root, status: diskStatus, bytesCopied: copied, blobs: logged.map((b) => ({ blobPath: b.blobPath, filePath: b.filePath, status: b.status, length: b.length })), skipped, errorLogLink, verboseLogLink });
  }
  // Disks of the order that did not come back are not copied.
  for (const p of job.copyProgress) if (p.status === 'NotStarted') errors = true;
  const final = errors ? 'CompletedWithErrors' : warnings ? 'CompletedWithWarnings' : 'Completed';
  if (errors) {
    // Something was not uploaded: the order waits in DataCopy for the customer to review the errors (mitigate
    // MoveToCleanUpDevice), or 14 days on the clock (dataBoxJobs.ts awaitingAction).
    job.awaitingAction = { action: 'MoveToCleanUpDevice', since: now(), final };
  } else {
    job.status = final;
    job.stageTimes[final] = now();
  }
  await ctx.store.save();
  return { jobName: job.name, status: job.status ?? final, disks: results, unprocessed, ...(job.awaitingAction ? { awaiting: job.awaitingAction.action } : {}) };
}
