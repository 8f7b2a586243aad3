/**
 * A Data Box Disk order for offline backup, end to end: readiness checks, validateInputs then create, status with the
 * stage timeline, the passkey (stored 0600 in a 0700 folder, never logged), mark shipped, upload logs, cancel, delete.
 *
 * Facts: https://learn.microsoft.com/azure/backup/offline-backup-azure-data-box (prerequisites: Owner, vault and
 * order in the same subscription, a StorageV2 account since the data lands as page blobs);
 * https://learn.microsoft.com/azure/databox/data-box-disk-deploy-ordered (7 TB usable per disk, at most five disks,
 * the passkey rules, cancel only until processed); shapes from the Microsoft.DataBox REST spec 2022-12-01.
 */

import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { CustomerResolutionCode, DataBoxDiskCopyLogDetails, DataBoxDiskCopyProgress, DataBoxDiskJobDetails, DataBoxDiskJobSecrets, DiskScheduleAvailabilityRequest, JobResource } from '@azure/arm-databox';
import { decodeJwt } from 'jose';
import { armScope } from '../azure/clouds';
import { OfflineSeedError } from '../../shared/errors';
import { dataBoxDisk, dataBoxOrderInputSchema, passkeyRuleBroken, type DataBoxOrderInput, type DataBoxStatus, type ReadinessCheck, type UploadLogEntry } from '../../shared/model/dataBox';
import { writeFileAtomic } from '../session/sessionFile';
import { readDataBoxLog } from '../formats/dataBoxLog';
import { dataBoxCall, type DataBoxConnection } from './client';

const finalStatuses = new Set(['Completed', 'CompletedWithErrors', 'CompletedWithWarnings', 'Cancelled', 'Aborted', 'Failed_IssueReportedAtCustomer', 'Failed_IssueDetectedAtAzureDC']);

/** Disks an order of `tb` terabytes needs (7 TB usable each). */
export function disksFor(tb: number): number {
  return Math.max(1, Math.ceil(tb / dataBoxDisk.usableTB));
}

/** The Owner built-in role's id (https://learn.microsoft.com/azure/role-based-access-control/built-in-roles#owner). */
const ownerRoleId = '8e3af657-a8ff-443c-a75c-2fe8c4bcb635';

/**
 * Whether the signed-in operator is Owner of the subscription, directly or through a group, at the subscription or
 * above it (a management group or the root): "the user is subscription Owner"
 * (https://learn.microsoft.com/azure/backup/offline-backup-azure-data-box#prerequisites). Read through ARM's role
 * assignments with `assignedTo('{object id}')`; a refusal to read them counts as not Owner.
 */
async function ownerCheck(c: DataBoxConnection): Promise<ReadinessCheck> {
  const token = (await c.credential.getToken(armScope(c.cloud)))?.token;
  const claims = token ? (decodeJwt(token) as { oid?: string; upn?: string; preferred_username?: string; unique_name?: string }) : {};
  const who = claims.upn ?? claims.preferred_username ?? claims.unique_name ?? claims.oid ?? '?';
  const subscription = `/subscriptions/${c.subscriptionId}`.toLowerCase();
  const params = { who, subscription: c.subscriptionId };
  if (!claims.oid) return { id: 'owner', ok: false, params };
  let assignments;
  try {
    assignments = await c.arm.listRoleAssignments(`/subscriptions/${c.subscriptionId}`, claims.oid, 'shipping', 'assignedTo');
  } catch (e) {
    if (e instanceof OfflineSeedError) return { id: 'owner', ok: false, params };
    throw e;
  }
  const covers = (scope: string) => {
    const x = scope.toLowerCase().replace(/\/$/, '');
    return x === '' || x === subscription || x.startsWith('/providers/microsoft.management/managementgroups/');
  };
  return { id: 'owner', ok: assignments.some((a) => a.roleDefinitionId.toLowerCase().endsWith(ownerRoleId) && covers(a.scope)), params };
}

/**
 * Azure's own answer on the subscription's type (Data Box takes EA, MCA, CSP, Sponsorship and MPN subscriptions,
 * https://learn.microsoft.com/azure/databox/data-box-disk-deploy-ordered): validateInputs'
 * ValidateSubscriptionIsAllowedToCreateJob, which Offline Seed does not second-guess from the offer.
 */
async function subscriptionCheck(c: DataBoxConnection, location: string): Promise<ReadinessCheck> {
  const r = await dataBoxCall('checkDataBoxOrder', () =>
    c.client.service.validateInputsByResourceGroup(c.resourceGroup, location, { validationCategory: 'JobCreationValidation', individualRequestDetails: [{ validationType: 'ValidateSubscriptionIsAllowedToCreateJob' }] }),
  );
  const answer = (r.individualResponseDetails ?? [])[0] as { status?: string; error?: { message?: string } } | undefined;
  return { id: 'subscription', ok: answer?.status === 'Valid', params: { subscription: c.subscriptionId, reason: answer?.error?.message ?? r.status ?? '' } };
}

/**
 * The region's schedule and transport for Data Box Disk (regionConfiguration): at least one date Microsoft can
 * schedule the order on, and how the disks may travel (Microsoft-managed or customer-managed shipping).
 */
async function regionCheck(c: DataBoxConnection, location: string, tb: number, country: string): Promise<ReadinessCheck> {
  const r = await dataBoxCall('readDataBoxOrder', () =>
    c.client.service.regionConfigurationByResourceGroup(c.resourceGroup, location, {
      scheduleAvailabilityRequest: { skuName: 'DataBoxDisk', storageLocation: location, country, expectedDataSizeInTeraBytes: tb } as DiskScheduleAvailabilityRequest,
      transportAvailabilityRequest: { skuName: 'DataBoxDisk' },
    }),
  );
  const dates = (r.scheduleAvailabilityResponse?.availableDates ?? []).map((d) => new Date(d).toISOString().slice(0, 10)).sort();
  const transports = (r.transportAvailabilityResponse?.transportAvailabilityDetails ?? []).map((t) => String(t.shipmentType ?? '')).filter(Boolean);
  return { id: 'region', ok: dates.length > 0, params: { location, date: dates[0] ?? '', transports: transports.join(', ') } };
}

/**
 * The checks before ordering, each with the facts its sentence needs: the operator Owner of the subscription,
 * Microsoft.DataBox registered, the storage account in this subscription, of kind StorageV2, the subscription allowed
 * to order, Data Box Disk available and schedulable for its region, the data fitting one order.
 */
export async function readinessChecks(c: DataBoxConnection, o: { storageAccountId: string; dataSizeTB: number; country: string }): Promise<{ checks: ReadinessCheck[]; location?: string }> {
  const checks: ReadinessCheck[] = [await ownerCheck(c)];
  const provider = await c.getResource<{ registrationState?: string }>(`/subscriptions/${c.subscriptionId}/providers/Microsoft.DataBox`, '2021-04-01', 'readDataBoxOrder');
  const registered = provider?.registrationState === 'Registered';
  checks.push({ id: 'provider', ok: registered, params: { namespace: 'Microsoft.DataBox' } });
  const account = o.storageAccountId.split('/').pop() ?? o.storageAccountId;
  const sameSubscription = o.storageAccountId.toLowerCase().startsWith(`/subscriptions/${c.subscriptionId.toLowerCase()}/`);
  const sa = sameSubscription ? await c.getResource<{ kind?: string; location?: string }>(o.storageAccountId, '2023-01-01', 'listStorageAccounts') : null;
  checks.push({ id: 'storageAccount', ok: sa !== null, params: { account, subscription: c.subscriptionId } });
  if (sa) checks.push({ id: 'storageKind', ok: sa.kind === 'StorageV2', params: { account, kind: sa.kind ?? '?' } });
  const disks = disksFor(o.dataSizeTB);
  // availableSkus, validateInputs and regionConfiguration are actions a subscription's reader may not call: without
  // the Owner role they wait, and the Owner check says what to do.
  if (sa?.location && registered && checks[0]!.ok) {
    const skus = await dataBoxCall('readDataBoxOrder', async () => {
      const out = [];
      for await (const s of c.client.service.listAvailableSkusByResourceGroup(c.resourceGroup, sa.location!, { transferType: 'ImportToAzure', country: o.country, location: sa.location! })) out.push(s);
      return out;
    });
    const disk = skus.find((s) => s.sku?.name === 'DataBoxDisk');
    checks.push({ id: 'sku', ok: disk?.enabled === true, params: { location: sa.location, reason: disk?.disabledReason ?? 'NotListed' } });
    checks.push(await subscriptionCheck(c, sa.location));
    if (disk?.enabled === true) checks.push(await regionCheck(c, sa.location, o.dataSizeTB, o.country));
  }
  checks.push({ id: 'size', ok: disks <= dataBoxDisk.maxDisks, params: { tb: o.dataSizeTB, disks, max: dataBoxDisk.maxDisks, usable: dataBoxDisk.usableTB } });
  return { checks, ...(sa?.location ? { location: sa.location } : {}) };
}

/** The order body (JobsCreate.json's shape, DataBoxDisk details). */
function orderBody(i: DataBoxOrderInput): JobResource {
  const details: DataBoxDiskJobDetails = {
    jobDetailsType: 'DataBoxDisk',
    contactDetails: { contactName: i.contact.name, phone: i.contact.phone, emailList: i.contact.emails },
    shippingAddress: { streetAddress1: i.address.street, city: i.address.city, postalCode: i.address.postalCode, country: i.address.country, addressType: 'Commercial', ...(i.address.company ? { companyName: i.address.company } : {}), ...(i.address.stateOrProvince ? { stateOrProvince: i.address.stateOrProvince } : {}) },
    dataImportDetails: [{ accountDetails: { dataAccountType: 'StorageAccount', storageAccountId: i.storageAccountId } }],
    expectedDataSizeInTeraBytes: i.dataSizeTB,
    ...(i.passkey ? { passkey: i.passkey } : {}),
  };
  return { location: i.location, sku: { name: 'DataBoxDisk' }, transferType: 'ImportToAzure', details };
}

/** Checks the input (the passkey rules first, so a bad passkey never leaves the machine), validateInputs, then creates. */
export async function placeOrder(c: DataBoxConnection, input: DataBoxOrderInput, o: { pollMs?: number } = {}): Promise<DataBoxStatus> {
  if (input.passkey !== undefined) {
    const broken = passkeyRuleBroken(input.passkey);
    if (broken) throw new OfflineSeedError({ code: `databox:errors.passkey.${broken}`, exitCode: 2 });
  }
  const parsed = dataBoxOrderInputSchema.safeParse(input);
  if (!parsed.success) {
    const field = parsed.error.issues[0]?.path.join('.') ?? '';
    throw new OfflineSeedError({ code: 'databox:errors.badOrderField', params: { field }, exitCode: 2 });
  }
  const i = parsed.data;
  const body = orderBody(i);
  const details = body.details as DataBoxDiskJobDetails;
  const validation = await dataBoxCall('checkDataBoxOrder', () =>
    c.client.service.validateInputsByResourceGroup(c.resourceGroup, i.location, {
      validationCategory: 'JobCreationValidation',
      individualRequestDetails: [
        { validationType: 'ValidateDataTransferDetails', dataImportDetails: details.dataImportDetails, deviceType: 'DataBoxDisk', transferType: 'ImportToAzure' },
        { validationType: 'ValidateAddress', shippingAddress: details.shippingAddress!, deviceType: 'DataBoxDisk' },
        { validationType: 'ValidateSubscriptionIsAllowedToCreateJob' },
        { validationType: 'ValidateSkuAvailability', deviceType: 'DataBoxDisk', transferType: 'ImportToAzure', country: i.address.country, location: i.location },
        { validationType: 'ValidateCreateOrderLimit', deviceType: 'DataBoxDisk' },
      ],
    }),
  );
  if (validation.status !== 'AllValidToProceed') {
    const bad = (validation.individualResponseDetails ?? []).find((r) => (r as { status?: string }).status === 'Invalid' || (r as { validationStatus?: string }).validationStatus === 'Invalid');
    throw new OfflineSeedError({ code: 'databox:errors.validationFailed', params: { check: bad?.validationType ?? validation.status ?? '', reason: bad?.error?.message ?? '' }, step: 'shipping' });
  }
  const job = await dataBoxCall('orderDataBox', () => c.client.jobs.beginCreateAndWait(c.resourceGroup, i.jobName, body, { updateIntervalInMs: o.pollMs ?? 2000 }));
  void job;
  return orderStatus(c, i.jobName);
}

/** The order with its stage timeline, per-disk copy progress and upload log links. */
export async function orderStatus(c: DataBoxConnection, jobName: string): Promise<DataBoxStatus> {
  const j = await dataBoxCall('readDataBoxOrder', () => c.client.jobs.get(c.resourceGroup, jobName, { expand: 'details' }));
  const d = (j.details ?? {}) as Partial<DataBoxDiskJobDetails>;
  const status = j.status ?? 'Unknown';
  return {
    jobName: j.name ?? jobName,
    resourceGroup: c.resourceGroup,
    status,
    isCancellable: j.isCancellable === true,
    isDeletable: j.isDeletable === true,
    stages: (d.jobStages ?? []).map((s) => ({ name: s.stageName ?? '', displayName: s.displayName ?? s.stageName ?? '', status: s.stageStatus ?? 'None', ...(s.stageTime ? { time: new Date(s.stageTime).toISOString() } : {}) })),
    disks: (d.copyProgress ?? []).map((p: DataBoxDiskCopyProgress) => ({ serialNumber: p.serialNumber ?? '', status: p.status ?? '', percentComplete: p.percentComplete ?? 0, bytesCopied: p.bytesCopied ?? 0 })),
    logs: (d.copyLogDetails ?? [])
      .filter((l): l is DataBoxDiskCopyLogDetails => l.copyLogDetailsType === 'DataBoxDisk')
      .map((l) => ({ serialNumber: l.diskSerialNumber ?? '', errorLogLink: l.errorLogLink ?? '', verboseLogLink: l.verboseLogLink ?? '' })),
    ...(d.reverseShipmentLabelSasKey ? { returnLabel: d.reverseShipmentLabelSasKey } : {}),
    actions: (d.actions ?? []).filter((a) => a !== 'None'),
    final: finalStatuses.has(status),
  };
}

/** Where an order's secrets are kept: `<dataDir>/databox/<subscription>/<order>.json`, folder 0700, file 0600. */
export function secretsFile(dataDir: string, subscriptionId: string, jobName: string): string {
  return path.join(dataDir, 'databox', subscriptionId, `${jobName}.json`);
}

export interface StoredSecrets {
  file: string;
  /** Serial numbers of the disks whose BitLocker keys were stored. */
  disks: string[];
  passkeyUserDefined: boolean;
}

/**
 * Reads the passkey and the disks' BitLocker keys (listCredentials) and stores them 0600 in a 0700 folder. The
 * secrets are never returned, printed or logged: the caller gets where they are. Before the disks are processed,
 * Azure has no passkey yet: one sentence says so.
 */
export async function storeCredentials(c: DataBoxConnection, dataDir: string, jobName: string): Promise<StoredSecrets> {
  const list = await dataBoxCall('readDataBoxSecrets', async () => {
    const out = [];
    for await (const x of c.client.jobs.listCredentials(c.resourceGroup, jobName)) out.push(x);
    return out;
  });
  const s = list.find((x) => x.jobSecrets?.jobSecretsType === 'DataBoxDisk')?.jobSecrets as DataBoxDiskJobSecrets | undefined;
  if (!s?.passKey) throw new OfflineSeedError({ code: 'databox:errors.noPasskeyYet', params: { job: jobName }, step: 'shipping' });
  const file = secretsFile(dataDir, c.subscriptionId, jobName);
  await fs.mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  await fs.chmod(path.dirname(file), 0o700);
  const disks = (s.diskSecrets ?? []).map((d) => ({ serialNumber: d.diskSerialNumber ?? '', bitLockerKey: d.bitLockerKey ?? '' }));
  await writeFileAtomic(file, JSON.stringify({ jobName, passkey: s.passKey, isPasskeyUserDefined: s.isPasskeyUserDefined === true, disks }, null, 2) + '\n', 0o600);
  return { file, disks: disks.map((d) => d.serialNumber), passkeyUserDefined: s.isPasskeyUserDefined === true };
}

/** Self-managed return shipping: tells Azure the carrier and tracking number (Jobs_MarkDevicesShipped). */
export async function markShipped(c: DataBoxConnection, jobName: string, carrierName: string, trackingId: string): Promise<DataBoxStatus> {
  if (!carrierName.trim() || !trackingId.trim()) throw new OfflineSeedError({ code: 'databox:errors.needCarrier', exitCode: 2 });
  await dataBoxCall('changeDataBoxOrder', () => c.client.jobs.markDevicesShipped(jobName, c.resourceGroup, { deliverToDcPackageDetails: { carrierName, trackingId } }));
  return orderStatus(c, jobName);
}

/**
 * Answers what the service asks (Jobs_Mitigate with a customerResolutionCode): only an action the order offers now
 * (details.actions), e.g. MoveToCleanUpDevice once the upload errors were reviewed.
 */
export async function mitigateOrder(c: DataBoxConnection, jobName: string, action: string): Promise<DataBoxStatus> {
  const before = await orderStatus(c, jobName);
  if (!before.actions.includes(action)) {
    throw new OfflineSeedError({ code: 'databox:errors.actionNotOffered', params: { job: jobName, action, offered: before.actions.join(', ') || '—' }, exitCode: 2 });
  }
  await dataBoxCall('changeDataBoxOrder', () => c.client.mitigate(jobName, c.resourceGroup, { customerResolutionCode: action as CustomerResolutionCode }));
  return orderStatus(c, jobName);
}

export async function cancelOrder(c: DataBoxConnection, jobName: string, reason: string): Promise<DataBoxStatus> {
  const before = await orderStatus(c, jobName);
  if (!before.isCancellable) throw new OfflineSeedError({ code: 'databox:errors.notCancellable', params: { job: jobName, status: before.status }, step: 'shipping' });
  await dataBoxCall('changeDataBoxOrder', () => c.client.jobs.cancel(c.resourceGroup, jobName, { reason: reason || 'Cancelled with Offline Seed' }));
  return orderStatus(c, jobName);
}

/** Deletes a completed or canceled order (and the personal data it holds); the local secrets file goes with it. */
export async function deleteOrder(c: DataBoxConnection, dataDir: string, jobName: string, o: { pollMs?: number } = {}): Promise<void> {
  const before = await orderStatus(c, jobName);
  if (!before.isDeletable) throw new OfflineSeedError({ code: 'databox:errors.notDeletable', params: { job: jobName, status: before.status }, step: 'complete' });
  await dataBoxCall('changeDataBoxOrder', () => c.client.jobs.beginDeleteAndWait(c.resourceGroup, jobName, { updateIntervalInMs: o.pollMs ?? 2000 }));
  await fs.rm(secretsFile(dataDir, c.subscriptionId, jobName), { force: true });
}

/** Every disk's upload logs (error and verbose), read from the storage account and parsed per file. */
export async function uploadLogs(c: DataBoxConnection, jobName: string, storageAccount: { id: string; name: string; blobEndpoint?: string }): Promise<{ status: DataBoxStatus; entries: UploadLogEntry[] }> {
  const status = await orderStatus(c, jobName);
  const service = await c.blobs(storageAccount);
  const prefix = new URL(service.url).pathname.split('/').filter(Boolean);
  const entries: UploadLogEntry[] = [];
  for (const l of status.logs) {
    const seen = new Map<string, UploadLogEntry>();
    for (const link of [l.verboseLogLink, l.errorLogLink]) {
      if (!link) continue;
      const parts = new URL(link).pathname.split('/').filter(Boolean).map(decodeURIComponent);
      if (prefix.every((p, i) => parts[i] === p)) parts.splice(0, prefix.length);
      const [container, ...blob] = parts;
      const xml = (await dataBoxCall('readBlob', () => service.getContainerClient(container ?? '').getBlobClient(blob.join('/')).downloadToBuffer())).toString('utf8');
      // The error log's status wins for a file both logs list.
      for (const e of readDataBoxLog(xml).entries) seen.set(e.filePath, { serialNumber: l.serialNumber, status: e.status, blobPath: e.blobPath, filePath: e.filePath, size: e.size });
    }
    entries.push(...seen.values());
  }
  return { status, entries };
}
