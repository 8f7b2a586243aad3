/**
 * The local Azure's datacenter: receives prepared drives for a job in Shipping, checks BitLocker key, manifest hash,
 * drive id and every block's or page range's MD5, imports block blobs (with Content-MD5) and page blobs into
 * Azurite and writes the copy logs, then records what it found; the job moves through Received → Transferring →
 * Packaging → Completed or Closed on the emulator clock (lifecycle.ts).
 */

import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import https from 'node:https';
import { BlobServiceClient, StorageSharedKeyCredential, newPipeline, type ContainerClient, type RequestPolicyFactory } from '@azure/storage-blob';
import { OfflineSeedError } from '../shared/errors';
import { readDriveMarker, unlocks, type DriveMarker } from './bitLocker';
import type { EmulatorContext } from './context';
import { driveRelativeSegments, ManifestFormatError, readManifest, type Manifest, type ManifestEntry } from './manifest';
import { driveLogXml, logBlobName, logStamp, type LoggedBlob } from './driveLog';
import { receiptTimeline, recordReceipt } from './lifecycle';
import type { Drive, StoredJob } from './state';

export interface ReceivedBlob {
  blobPath: string;
  filePath: string;
  length: number;
  status: string;
}

export interface ReceivedDrive {
  driveId: string;
  /** The folder the drive was read from. */
  path: string;
  /** Drive state in the job once processed: Completed or CompletedMoreInfo (ShippedBack after that). */
  state: string;
  /** DriveLog status: Completed, CompletedWithErrors, ManifestCorrupted, BitLockerKeyInvalid, … */
  status: string;
  bytesSucceeded: number;
  errorLogUri?: string;
  verboseLogUri?: string;
  manifestUri?: string;
  blobs: ReceivedBlob[];
}

export interface ReceiveResult {
  jobName: string;
  /** The job's state now: Received. */
  state: string;
  /** The state the job ends in once the drives are shipped back: Completed (no errors) or Closed (errors). */
  endsAs: 'Completed' | 'Closed';
  /** When (emulator clock, ISO) the drives arrived, and when the job moves to Transferring, to Packaging, and to its end with the drives shipped back. */
  timeline: { received: string; transferring: string; packaging: string; shippedBack: string };
  drives: ReceivedDrive[];
  /** Drives of the job that did not arrive (state NeverReceived). */
  neverReceived: string[];
  /** Folders whose drive is not part of the job: returned unprocessed. */
  unprocessed: string[];
}

/**
 * A blob client that trusts the local Azure's CA (Azurite serves HTTPS with the emulator's certificate).
 *
 * storage-blob's `httpClient` option takes the old core-http shape, so the CA goes in through a first request
 * policy that sets the request's https agent (the compat layer passes `agent` through to core-rest-pipeline).
 */
export function blobServiceClient(endpoint: string, account: string, key: string, caPem: string): BlobServiceClient {
  const pipeline = newPipeline(new StorageSharedKeyCredential(account, key));
  const agent = new https.Agent({ ca: caPem, keepAlive: true });
  const trustLocalCa: RequestPolicyFactory = {
    create: (next) => ({
      sendRequest: (request) => {
        request.agent = agent;
        return next.sendRequest(request);
      },
    }),
  };
  pipeline.factories.unshift(trustLocalCa);
  return new BlobServiceClient(endpoint, pipeline);
}

/** The drive manifest, or null when the service would call its format invalid. */
function tryRead(xml: string): Manifest | null {
  try {
    return readManifest(xml);
  } catch (e) {
    if (e instanceof ManifestFormatError) return null;
    throw e;
  }
}

/** A manifest path (`\\a\\b`) on the drive mounted at `root`; null when it would leave the drive. */
function onDrive(root: string, manifestPath: string): string | null {
  const segments = driveRelativeSegments(manifestPath);
  return segments === null ? null : path.join(root, ...segments);
}

/** Drive statuses without an error: the job can still end Completed, and no error log is written. */
function warningsOnly(status: string): boolean {
  return status === 'Completed' || status === 'CompletedWithWarnings';
}

/**
 * The name a `rename` disposition gives a blob whose name is taken: `(2)`, `(3)`, … before the extension (the part
 * after the last dot) or at the end, as "Blob/ImportDisposition" of the manifest format describes. Offline Seed's
 * reading: the extension is looked for in the last path segment only, so a dot in a virtual folder is not one.
 */
export function renamedBlobName(name: string, n: number): string {
  const slash = name.lastIndexOf('/');
  const dot = name.lastIndexOf('.');
  return dot > slash && dot > slash + 1 ? `${name.slice(0, dot)} (${n})${name.slice(dot)}` : `${name} (${n})`;
}

/**
 * The block Id the service uses for a block the manifest leaves unnamed: `MD5/` and the Base64 of the block's MD5,
 * as the copy logs of "Azure Import/Export service log file format" show them.
 */
export function derivedBlockId(hashHex: string): string {
  return `MD5/${Buffer.from(hashHex, 'hex').toString('base64')}`;
}

/** Where the blob goes and the disposition's status, or null when no-overwrite skips it. */
async function resolveDisposition(c: ContainerClient, name: string, disposition: ManifestEntry['disposition'], type: ManifestEntry['type']): Promise<{ name: string; status: string } | null> {
  if (!(await c.getBlobClient(name).exists())) return { name, status: 'Created' };
  if (disposition === 'overwrite') {
    // A block blob cannot be written over a page blob or the other way round: the old one goes first.
    if ((await c.getBlobClient(name).getProperties()).blobType !== (type === 'PageBlob' ? 'PageBlob' : 'BlockBlob')) await c.getBlobClient(name).delete();
    return { name, status: 'Overwritten' };
  }
  if (disposition === 'no-overwrite') return null;
  for (let n = 2; ; n++) {
    const candidate = renamedBlobName(name, n);
    if (!(await c.getBlobClient(candidate).exists())) return { name: candidate, status: 'Renamed' };
  }
}

/**
 * Imports one blob of a drive as the service does, and returns its copy-log entry: the file's ranges are read and
 * checked against the manifest's MD5s; a block blob is committed only when every block is good (otherwise the good
 * ones stay Uncommitted and the rest is Cancelled); a page blob gets every good range and the bad ones are logged.
 * A blob that fails before anything is done (file missing, name invalid, ranges not laid out) has every range and
 * its disposition Cancelled.
 */
async function importBlob(root: string, b: ManifestEntry, container: (name: string) => Promise<ContainerClient>, onBytes: (n: number) => Promise<void>): Promise<LoggedBlob> {
  const page = b.type === 'PageBlob';
  const entry: LoggedBlob = {
    blobPath: b.blobPath,
    filePath: b.filePath,
    length: b.length,
    status: 'Completed',
    disposition: b.disposition,
    dispositionStatus: 'Cancelled',
    list: page ? 'PageRangeList' : 'BlockList',
    ranges: b.ranges.map((k) => ({ offset: k.offset, length: k.length, ...(page ? {} : { id: k.id ?? derivedBlockId(k.hash) }), md5: k.hash, status: 'Cancelled' })),
  };
  const file = onDrive(root, b.filePath);
  const slash = b.blobPath.indexOf('/');
  if (!file || slash <= 0 || slash === b.blobPath.length - 1) {
    entry.status = 'FileNameInvalid';
    return entry;
  }
  // Block blobs: the blocks tile the file from 0 to its Length, or the blob would be committed short.
  // Page blobs: ranges in order, not overlapping, inside the Length; the rest of the blob stays zero.
  let end = 0;
  let laidOut = true;
  for (const k of b.ranges) {
    laidOut &&= page ? k.offset >= end : k.offset === end;
    end = k.offset + k.length;
  }
  laidOut &&= page ? end <= b.length : end === b.length;
  const handle = await fs.open(file, 'r').catch(() => null);
  if (!handle) {
    entry.status = 'FileNotFound';
    return entry;
  }
  try {
    if (!laidOut) {
      entry.status = 'Failed';
      return entry;
    }
    const c = await container(b.blobPath.slice(0, slash));
    const target = await resolveDisposition(c, b.blobPath.slice(slash + 1), b.disposition, b.type);
    if (!target) {
      // no-overwrite: nothing is read or written; the blob stays as it was.
      entry.dispositionStatus = 'Skipped';
      entry.ranges = [];
      return entry;
    }
    entry.blobPath = `${b.blobPath.slice(0, slash)}/${target.name}`;
    const blocks = c.getBlockBlobClient(target.name);
    const pages = c.getPageBlobClient(target.name);
    if (page) await pages.create(b.length);
    const whole = createHash('md5');
    let failed = false;
    for (const [i, k] of b.ranges.entries()) {
      const range = entry.ranges[i]!;
      if (failed && !page) continue; // Cancelled: a prior block failed, the block list cannot be committed
      const buf = Buffer.alloc(k.length);
      const { bytesRead } = await handle.read(buf, 0, k.length, k.offset);
      const md5 = createHash('md5').update(buf.subarray(0, bytesRead)).digest();
      if (bytesRead < k.length) range.status = 'FileUnexpectedEnd';
      else if (md5.toString('hex').toUpperCase() !== k.hash) range.status = 'Corrupted';
      else {
        if (page) {
          if (k.length > 0) await pages.uploadPages(buf, k.offset, k.length, { transactionalContentMD5: md5 });
        } else {
          await blocks.stageBlock(range.id!, buf, k.length, { transactionalContentMD5: md5 });
          whole.update(buf);
        }
        range.status = 'Completed';
        await onBytes(k.length);
        continue;
      }
      failed = true;
    }
    if (failed) {
      entry.status = 'CompletedWithErrors';
      if (!page) {
        // Staged but never committed.
        for (const r of entry.ranges) if (r.status === 'Completed') r.status = 'Uncommitted';
        return entry;
      }
    } else if (!page) {
      await blocks.commitBlockList(
        entry.ranges.map((r) => r.id!),
        { blobHTTPHeaders: { blobContentMD5: whole.digest() } },
      );
    }
    entry.dispositionStatus = target.status;
    return entry;
  } catch {
    entry.status = 'BlobRequestFailed';
    return entry;
  } finally {
    await handle.close();
  }
}

export async function receiveDrives(ctx: EmulatorContext, o: { jobName: string; drivePaths: string[]; resourceGroup: string; accountKey: string; caPem: string }): Promise<ReceiveResult> {
  const st = ctx.store.state;
  const job: StoredJob | undefined = st.jobs.find((j) => j.body.name === o.jobName && j.resourceGroup.toLowerCase() === o.resourceGroup.toLowerCase());
  if (!job) {
    throw new OfflineSeedError({ code: 'emulator:errors.jobNotFound', params: { job: o.jobName }, step: 'monitor' });
  }
  const shown = job.body.properties;
  if (shown.state !== 'Shipping' || job.receipt) {
    throw new OfflineSeedError({ code: 'emulator:errors.jobNotShipping', params: { job: o.jobName, state: shown.state }, step: 'shipping' });
  }
  if (o.drivePaths.length === 0) {
    throw new OfflineSeedError({ code: 'emulator:errors.noDrives', params: { job: o.jobName }, step: 'shipping' });
  }
  for (const p of o.drivePaths) {
    const s = await fs.stat(p).catch(() => null);
    if (!s?.isDirectory()) {
      throw new OfflineSeedError({ code: 'emulator:errors.driveNotFound', params: { path: p }, step: 'shipping' });
    }
  }
  // The drives are read and imported now, while they are at hand; the job shows that work only as the clock moves
  // on (lifecycle.ts), so everything below writes to a working copy of the job's properties.
  const props = structuredClone(shown);
  const drives = props.driveList ?? [];
  let lastSave = 0;
  const save = async (force = false) => {
    if (force || Date.now() - lastSave > 300) {
      lastSave = Date.now();
      await ctx.store.save();
    }
  };

  // Match each folder to a drive of the job, by the id the drive carries (BitLocker marker, else manifest).
  const arrived: Array<{ drive: Drive; root: string; marker: DriveMarker | null }> = [];
  const unprocessed: string[] = [];
  for (const root of o.drivePaths) {
    const marker = await readDriveMarker(root);
    let id = marker?.driveId;
    if (!id) {
      const xml = await fs.readFile(path.join(root, 'DriveManifest.xml'), 'utf8').catch(() => null);
      id = xml ? tryRead(xml)?.driveId : undefined;
    }
    const drive = drives.find((d) => d.driveId.toLowerCase() === id?.toLowerCase() && !arrived.some((a) => a.drive === d));
    if (drive) arrived.push({ drive, root, marker });
    else unprocessed.push(root);
  }
  for (const d of drives) d.state = arrived.some((a) => a.drive === d) ? 'Received' : 'NeverReceived';
  props.state = 'Received';
  await save(true);

  const blobs = blobServiceClient(ctx.blobEndpoint(), st.storageAccountName, o.accountKey, o.caPem);
  const containers = new Map<string, ContainerClient>();
  const container = async (name: string) => {
    let c = containers.get(name);
    if (!c) {
      c = blobs.getContainerClient(name);
      await c.createIfNotExists();
      containers.set(name, c);
    }
    return c;
  };

  props.state = 'Transferring';
  props.percentComplete = 0;
  await save(true);
  const results: ReceivedDrive[] = [];
  let doneAll = 0;
  const totals = new Map<Drive, number>();

  for (const { drive, root, marker } of arrived) {
    drive.state = 'Transferring';
    drive.copyStatus = 'InProgress';
    drive.percentComplete = 0;
    drive.bytesSucceeded = 0;
    await save(true);
    const logged: LoggedBlob[] = [];
    let status = 'Completed';
    let manifest: Manifest | null = null;
    let manifestXml: Buffer | null = null;

    if (!marker) status = 'BitLockerNotActivated';
    else if (!unlocks(marker, drive.driveId, drive.bitLockerKey)) status = 'BitLockerKeyInvalid';
    if (status === 'Completed') {
      const mf = onDrive(root, drive.manifestFile);
      if (!mf) status = 'ManifestNameInvalid';
      else {
        manifestXml = await fs.readFile(mf).catch(() => null);
        if (!manifestXml) status = 'ManifestNotFound';
        else if (createHash('md5').update(manifestXml).digest('hex').toUpperCase() !== drive.manifestHash.toUpperCase()) status = 'ManifestCorrupted';
        else {
          manifest = tryRead(manifestXml.toString('utf8'));
          if (!manifest) status = 'ManifestFormatInvalid';
          else if (manifest.driveId.toLowerCase() !== drive.driveId.toLowerCase()) status = 'ManifestDriveIdMismatch';
        }
      }
    }

    if (status === 'Completed' && manifest) {
      const total = manifest.blobs.reduce((n, b) => n + b.length, 0);
      totals.set(drive, total);
      let done = 0;
      for (const b of manifest.blobs) {
        const entry = await importBlob(root, b, container, (n) => {
          done += n;
          drive.percentComplete = total ? Math.floor((done / total) * 100) : 100;
          props.percentComplete = Math.floor(((doneAll + done) / Math.max(1, [...totals.values()].reduce((x, y) => x + y, 0))) * 100);
          return save();
        });
        logged.push(entry);
        if (entry.status === 'Completed') drive.bytesSucceeded = (drive.bytesSucceeded ?? 0) + b.length;
      }
      doneAll += total;
      // Errors in a blob or a range; else warnings when a disposition renamed, skipped or overwrote a blob.
      if (logged.some((b) => b.status !== 'Completed')) status = 'CompletedWithErrors';
      else if (logged.some((b) => b.dispositionStatus !== 'Created')) status = 'CompletedWithWarnings';
    }

    // Copy logs into the diagnostics path, named as the service names them.
    const diag = props.diagnosticsPath ?? 'waimportexport';
    const stamp = logStamp(ctx.store.now());
    const upload = async (kind: 'error' | 'verbose' | 'manifest', body: string | Buffer) => {
      const { container: cn, name } = logBlobName(diag, job.body.name, drive.driveId, stamp, kind);
      const c = await container(cn);
      const data = typeof body === 'string' ? Buffer.from(body) : body;
      await c.getBlockBlobClient(name).uploadData(data, { blobHTTPHeaders: { blobContentType: 'application/xml' } });
      return `${ctx.blobEndpoint()}/${cn}/${name}`;
    };
    // "The error log is always generated in the event of an error": only then (warnings alone are in the verbose log).
    if (!warningsOnly(status)) drive.errorLogUri = await upload('error', driveLogXml(drive.driveId, status, logged, true));
    else delete drive.errorLogUri;
    if (props.logLevel === 'Verbose') drive.verboseLogUri = await upload('verbose', driveLogXml(drive.driveId, status, logged, false));
    if (props.backupDriveManifest && manifestXml) drive.manifestUri = await upload('manifest', manifestXml);

    drive.state = status === 'Completed' ? 'Completed' : 'CompletedMoreInfo';
    drive.copyStatus = status;
    drive.percentComplete = 100;
    await save(true);
    results.push({
      driveId: drive.driveId,
      path: root,
      state: drive.state,
      status,
      bytesSucceeded: drive.bytesSucceeded ?? 0,
      ...(drive.errorLogUri ? { errorLogUri: drive.errorLogUri } : {}),
      ...(drive.verboseLogUri ? { verboseLogUri: drive.verboseLogUri } : {}),
      ...(drive.manifestUri ? { manifestUri: drive.manifestUri } : {}),
      blobs: logged.map(({ blobPath, filePath, length, status: s }) => ({ blobPath, filePath, length, status: s })),
    });
  }

  const neverReceived = drives.filter((d) => d.state === 'NeverReceived').map((d) => d.driveId);
  const clean = neverReceived.length === 0 && results.every((r) => warningsOnly(r.status));
  const receipt = recordReceipt(ctx.store.now(), job, {
    endsAs: clean ? 'Completed' : 'Closed',
    drives: arrived.map(({ drive: d }) => ({
      driveId: d.driveId,
      state: d.state,
      copyStatus: d.copyStatus ?? 'Completed',
      bytesSucceeded: d.bytesSucceeded ?? 0,
      ...(d.errorLogUri ? { errorLogUri: d.errorLogUri } : {}),
      ...(d.verboseLogUri ? { verboseLogUri: d.verboseLogUri } : {}),
      ...(d.manifestUri ? { manifestUri: d.manifestUri } : {}),
    })),
    returnCarrier: String(props.returnShipping?.carrierName ?? props.deliveryPackage?.carrierName ?? 'DHL'),
  });
  await save(true);
  return { jobName: job.body.name, state: job.body.properties.state, endsAs: receipt.endsAs, timeline: receiptTimeline(receipt), drives: results, neverReceived, unprocessed };
}
