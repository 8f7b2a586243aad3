/**
 * Microsoft.DataBox on the local Azure, for Data Box Disk orders: Jobs_Create (long-running: 202 + Location),
 * Jobs_Get (`$expand=details`), Jobs_List/ListByResourceGroup, Jobs_Cancel, Jobs_Delete, Jobs_ListCredentials,
 * Jobs_MarkDevicesShipped, Service_ListAvailableSkusByResourceGroup, Service_ValidateInputs(ByResourceGroup) and
 * Service_RegionConfiguration(ByResourceGroup).
 *
 * Shapes follow the REST spec, Azure/azure-rest-api-specs
 * specification/databox/resource-manager/Microsoft.DataBox/DataBox/stable/2022-12-01/databox.json and its examples
 * (JobsCreate.json, JobsGet.json, ValidateInputs.json, AvailableSkusPost.json, MarkDevicesShipped.json of 2021-12-01).
 * The spec names the stages but not their transitions; the order below is the portal's
 * (https://learn.microsoft.com/azure/databox/data-box-disk-deploy-ordered#track-the-order). Where the spec and the
 * docs are silent, a rule here is the emulator's own and says so.
 */

import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import type { EmulatorContext } from './context';
import { armError, isObject, json, jsonBody, type Reply, type Request } from './http';
import type { AccessClaims } from './tokens';

/** The api-versions the emulator answers: the one @azure/arm-databox 5.0.0 sends, and the newest stable of the spec. */
export const dataBoxVersions = ['2022-12-01', '2025-07-01'];

/** Stages of an import order, in the order the portal shows them (JobsCreate.json's jobStages). */
export const importStages = [
  ['DeviceOrdered', 'Ordered'],
  ['DevicePrepared', 'Processed'],
  ['Dispatched', 'Dispatched'],
  ['Delivered', 'Delivered'],
  ['PickedUp', 'Picked up'],
  ['AtAzureDC', 'Received'],
  ['DataCopy', 'Data copy in progress'],
  ['Completed', 'Completed'],
] as const;

/**
 * The emulator's clock for the stages Microsoft moves before the disks reach the customer (its own figures, not
 * Azure's): processed a day after the order, dispatched the next day, delivered two days later.
 */
export const stageDelaysMs = { DevicePrepared: 1 * 24 * 3600e3, Dispatched: 2 * 24 * 3600e3, Delivered: 4 * 24 * 3600e3 } as const;

/** Usable terabytes of one Data Box Disk and the most disks in one order (https://learn.microsoft.com/azure/databox/data-box-disk-deploy-ordered). */
export const diskUsableTB = 7;
export const maxDisksPerOrder = 5;

export interface DataBoxDisk {
  serialNumber: string;
  /** The disk's BitLocker recovery password (a secret: only listCredentials shows it). */
  bitLockerKey: string;
}

export interface DataBoxCopyProgress {
  serialNumber: string;
  bytesCopied: number;
  percentComplete: number;
  status: string;
}

export interface DataBoxCopyLog {
  copyLogDetailsType: 'DataBoxDisk';
  diskSerialNumber: string;
  errorLogLink: string;
  verboseLogLink: string;
}

/** One order as stored: the request's parts and the emulator's bookkeeping. */
export interface StoredDataBoxJob {
  resourceGroup: string;
  name: string;
  location: string;
  sku: string;
  tags: Record<string, string>;
  transferType: string;
  /** Emulator-clock ms of the order. */
  createdAt: number;
  /** details as sent (contactDetails, shippingAddress, dataImportDetails, preferences, …), without the passkey. */
  details: Record<string, unknown>;
  passkey: string;
  passkeyUserDefined: boolean;
  diskCount: number;
  /** Assigned when the order is processed. */
  disks: DataBoxDisk[];
  /** Emulator-clock ms at which each reached stage began. */
  stageTimes: Record<string, number>;
  /** The current stage once the clock no longer decides it (PickedUp and after, Cancelled). */
  status?: string;
  cancellationReason?: string;
  returnPackage?: { carrierName: string; trackingId: string };
  copyProgress: DataBoxCopyProgress[];
  copyLogDetails: DataBoxCopyLog[];
  systemData: Record<string, string>;
  /** The id in the Location of the create's 202. */
  operationId?: string;
  /**
   * The local Azure's choice: after an upload with errors the order waits in DataCopy for the customer to say the
   * errors were reviewed (details.actions MoveToCleanUpDevice, answered with mitigate), or completes by itself after
   * 14 days, as Microsoft describes for uploads with non-retryable errors ("Review copy errors from upload").
   */
  awaitingAction?: { action: string; since: number; final: string };
}

/**
 * The rehearsal's own control, not Azure's (`POST /_emulator/databox/restrict`): makes Microsoft.DataBox answer as it
 * does for a subscription that may not order, or a region without Data Box Disk. Every answer keeps the spec's shape:
 * validateInputs' ValidateSubscriptionIsAllowedToCreateJob `status: "Invalid"` with a CloudError; availableSkus lists
 * DataBoxDisk with `enabled: false` and a SkuDisabledReason; regionConfiguration's `availableDates` is empty.
 */
export interface DataBoxRestrictions {
  /** ValidateSubscriptionIsAllowedToCreateJob answers Invalid (e.g. a pay-as-you-go or free subscription). */
  subscriptionNotAllowed?: boolean;
  /** Locations where availableSkus lists DataBoxDisk disabled (reason Region) and ValidateSkuAvailability fails. */
  skuUnavailableIn?: string[];
  /** Locations where regionConfiguration has no date to schedule an order on. */
  noDatesIn?: string[];
}

/** Days an order waits for the customer's answer before it completes by itself. */
export const awaitingActionDays = 14;

/** The emulator's state holds the orders under `dataBoxJobs`. */
export function dataBoxJobsOf(ctx: EmulatorContext): StoredDataBoxJob[] {
  ctx.store.state.dataBoxJobs ??= [];
  return ctx.store.state.dataBoxJobs;
}

const finalStatuses = ['Completed', 'CompletedWithErrors', 'CompletedWithWarnings', 'Cancelled', 'Aborted'];

/** The stage an order is in now: the clock moves it to Delivered; events (shipping, receiving, cancel) do the rest. */
export function currentStatus(j: StoredDataBoxJob): string {
  if (j.status) return j.status;
  let s = 'DeviceOrdered';
  for (const name of ['DevicePrepared', 'Dispatched', 'Delivered']) if (j.stageTimes[name] !== undefined) s = name;
  return s;
}

/** Moves orders along the clock; returns whether anything changed. */
export function tickDataBox(ctx: EmulatorContext): boolean {
  const now = ctx.store.now();
  let changed = false;
  for (const j of dataBoxJobsOf(ctx)) {
    if (j.awaitingAction && now >= j.awaitingAction.since + awaitingActionDays * 864e5) {
      j.status = j.awaitingAction.final;
      j.stageTimes[j.status] = j.awaitingAction.since + awaitingActionDays * 864e5;
      delete j.awaitingAction;
      changed = true;
    }
    if (j.status) continue;
    for (const [stage, delay] of Object.entries(stageDelaysMs)) {
      if (j.stageTimes[stage] === undefined && now >= j.createdAt + delay) {
        j.stageTimes[stage] = j.createdAt + delay;
        changed = true;
        if (stage === 'DevicePrepared' && j.disks.length === 0) j.disks = Array.from({ length: j.diskCount }, () => newDisk());
      }
    }
  }
  return changed;
}

/** A disk serial number like the service's (12 hex characters, e.g. `184020D95632` in the upload-log samples). */
function newDisk(): DataBoxDisk {
  const serialNumber = randomBytes(6).toString('hex').toUpperCase();
  const bitLockerKey = Array.from({ length: 8 }, () => String(randomInt(0, 65536) * 11).padStart(6, '0')).join('-');
  return { serialNumber, bitLockerKey };
}

/** A generated passkey that meets the documented rules for a custom one. */
function newPasskey(): string {
  return `${randomBytes(12).toString('base64url').replace(/[-_]/g, 'x')}7@`;
}

/**
 * The rule for a custom passkey: "a 12 to 32-character alphanumeric key that has at least one numeric and one
 * special character. The allowed special characters are @?_+"
 * (https://learn.microsoft.com/azure/databox/data-box-disk-deploy-ordered#order-data-box-disk).
 */
export function passkeyProblem(p: string): string | null {
  if (p.length < 12 || p.length > 32) return 'The passkey must be 12 to 32 characters long.';
  if (!/^[A-Za-z0-9@?_+]+$/.test(p)) return 'The passkey may contain only letters, digits and the special characters @?_+.';
  if (!/[0-9]/.test(p)) return 'The passkey must contain at least one digit.';
  if (!/[@?_+]/.test(p)) return 'The passkey must contain at least one of the special characters @?_+.';
  return null;
}

/** Job names: `^[-\w\.]+$`, 3 to 24 characters (the jobName parameter of the spec). */
export function jobNameProblem(name: string): string | null {
  if (name.length < 3 || name.length > 24 || !/^[-\w.]+$/.test(name)) return `The job name '${name}' is invalid: it must be 3 to 24 characters of letters, digits, underscores, hyphens and periods.`;
  return null;
}

function stagesOf(j: StoredDataBoxJob) {
  const status = currentStatus(j);
  const reached = (s: string) => j.stageTimes[s] !== undefined;
  const stages: Array<Record<string, unknown>> = importStages.map(([stageName, displayName]) => {
    const t = j.stageTimes[stageName];
    let stageStatus = reached(stageName) ? 'Succeeded' : 'None';
    if (stageName === 'Completed' && finalStatuses.slice(0, 3).includes(status)) {
      return { stageName: status, displayName: status === 'Completed' ? 'Completed' : status === 'CompletedWithErrors' ? 'Completed with errors' : 'Completed with warnings', stageStatus: status === 'Completed' ? 'Succeeded' : status === 'CompletedWithErrors' ? 'SucceededWithErrors' : 'SucceededWithWarnings', stageTime: new Date(j.stageTimes[status]!).toISOString() };
    }
    if (stageName === 'DataCopy' && status === 'DataCopy') stageStatus = j.awaitingAction ? 'WaitingForCustomerActionForCleanUp' : 'InProgress';
    return { stageName, displayName, stageStatus, ...(t !== undefined ? { stageTime: new Date(t).toISOString() } : {}) };
  });
  if (status === 'Cancelled') stages.push({ stageName: 'Cancelled', displayName: 'Canceled', stageStatus: 'Cancelled', stageTime: new Date(j.stageTimes.Cancelled!).toISOString() });
  return stages;
}

function isCancellable(j: StoredDataBoxJob): boolean {
  // "You can only cancel when the disks are ordered and the order is being processed for shipment. Once the order
  // is processed, you can no longer cancel the order." (data-box-disk-deploy-ordered#cancel-the-order)
  return currentStatus(j) === 'DeviceOrdered';
}

function isDeletable(j: StoredDataBoxJob): boolean {
  return finalStatuses.includes(currentStatus(j));
}

export function showDataBoxJob(ctx: EmulatorContext, j: StoredDataBoxJob, expand: boolean): Record<string, unknown> {
  const sub = ctx.store.state.subscriptionId;
  const status = currentStatus(j);
  const { passkey: _p, ...sentDetails } = j.details;
  void _p;
  const details = {
    ...sentDetails,
    jobDetailsType: 'DataBoxDisk',
    jobStages: stagesOf(j),
    copyProgress: j.copyProgress,
    copyLogDetails: j.copyLogDetails,
    disksAndSizeDetails: Object.fromEntries(j.disks.map((d) => [d.serialNumber, 8])),
    deliveryPackage: j.stageTimes.Dispatched !== undefined ? { carrierName: 'UPS', trackingId: j.name.toUpperCase().replace(/[^A-Z0-9]/g, '').slice(0, 10) + '1Z', trackingUrl: '' } : { carrierName: '', trackingId: '', trackingUrl: '' },
    returnPackage: j.returnPackage ? { ...j.returnPackage, trackingUrl: '' } : { carrierName: '', trackingId: '', trackingUrl: '' },
    ...(j.stageTimes.Delivered !== undefined ? { reverseShipmentLabelSasKey: `${ctx.blobEndpoint()}/databoxlabels/${encodeURIComponent(j.name)}.pdf` } : {}),
    keyEncryptionKey: { kekType: 'MicrosoftManaged' },
    actions: j.awaitingAction ? [j.awaitingAction.action] : [],
  };
  return {
    id: `/subscriptions/${sub}/resourceGroups/${j.resourceGroup}/providers/Microsoft.DataBox/jobs/${j.name}`,
    name: j.name,
    type: 'Microsoft.DataBox/jobs',
    location: j.location,
    tags: j.tags,
    sku: { name: j.sku },
    identity: { type: 'None' },
    systemData: j.systemData,
    properties: {
      transferType: j.transferType,
      isCancellable: isCancellable(j),
      isDeletable: isDeletable(j),
      isShippingAddressEditable: status === 'DeviceOrdered',
      isPrepareToShipEnabled: status === 'Delivered',
      status,
      startTime: new Date(j.createdAt).toISOString(),
      ...(j.cancellationReason ? { cancellationReason: j.cancellationReason } : {}),
      ...(expand ? { details } : {}),
      deliveryType: 'NonScheduled',
      deliveryInfo: { scheduledDateTime: '0001-01-01T00:00:00+00:00' },
      isCancellableWithoutFee: isCancellable(j),
    },
  };
}

function validationError(message: string, target: string): Reply {
  return armError(400, 'InvalidInput', message, target);
}

const str = (x: unknown): x is string => typeof x === 'string' && x.trim().length > 0;

export function createDataBoxJobs(ctx: EmulatorContext) {
  const st = () => ctx.store.state;
  const jobs = () => dataBoxJobsOf(ctx);
  const storageId = () => `/subscriptions/${st().subscriptionId}/resourceGroups/${st().resourceGroup}/providers/Microsoft.Storage/storageAccounts/${st().storageAccountName}`;
  const restrictions = (): DataBoxRestrictions => st().dataBoxRestrictions ?? {};
  const listed = (list: string[] | undefined, location: unknown) => typeof location === 'string' && (list ?? []).some((l) => l.toLowerCase() === location.toLowerCase());
  /** Data Box Disk is offered in the rehearsal's one location, unless a restriction takes it away there. */
  const skuOfferedIn = (location: unknown) => typeof location === 'string' && location.toLowerCase() === st().location.toLowerCase() && !listed(restrictions().skuUnavailableIn, location);
  /** The kind of each storage account the emulator knows (the one StorageV2 account). */
  const accountKind = (id: string): string | null => (id.toLowerCase() === storageId().toLowerCase() ? 'StorageV2' : null);

  function find(rg: string, name: string) {
    return jobs().find((j) => j.resourceGroup.toLowerCase() === rg.toLowerCase() && j.name.toLowerCase() === name.toLowerCase());
  }

  function notFound(rg: string, name: string): Reply {
    return armError(404, 'ResourceNotFound', `The Resource 'Microsoft.DataBox/jobs/${name}' under resource group '${rg}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`);
  }

  /** The checks of a DataBoxDisk import order; null when it may be created. */
  function checkOrder(body: Record<string, unknown>): Reply | null {
    if (!str(body.location)) return validationError('The location is required.', 'location');
    if (!isObject(body.sku) || !str(body.sku.name)) return validationError('The sku.name is required.', 'sku.name');
    // Scope: Data Box Disk (the 80 TB Data Box and Heavy are retired, https://learn.microsoft.com/azure/databox/data-box-disk-overview).
    if (body.sku.name !== 'DataBoxDisk') return armError(400, 'SkuNotAvailable', `The SKU '${body.sku.name}' is not available on the local Azure; only DataBoxDisk orders are emulated.`, 'sku.name');
    const p = body.properties;
    if (!isObject(p)) return validationError('The properties are required.', 'properties');
    if (p.transferType !== 'ImportToAzure') return validationError("The transferType must be 'ImportToAzure' (ExportFromAzure is not emulated).", 'properties.transferType');
    const d = p.details;
    if (!isObject(d)) return validationError('The details are required.', 'properties.details');
    if (d.jobDetailsType !== 'DataBoxDisk') return validationError("The jobDetailsType must be 'DataBoxDisk' for the DataBoxDisk SKU.", 'properties.details.jobDetailsType');
    const c = d.contactDetails;
    if (!isObject(c) || !str(c.contactName) || !str(c.phone) || !Array.isArray(c.emailList) || c.emailList.length === 0 || !c.emailList.every(str)) {
      return validationError('The contactDetails need contactName, phone and at least one address in emailList.', 'properties.details.contactDetails');
    }
    const a = d.shippingAddress;
    if (!isObject(a) || !str(a.streetAddress1) || !str(a.country)) return validationError('The shippingAddress needs streetAddress1 and country.', 'properties.details.shippingAddress');
    const imports = d.dataImportDetails;
    if (!Array.isArray(imports) || imports.length !== 1) {
      // "A single storage account is supported with Data Box Disk." (https://learn.microsoft.com/azure/databox/data-box-disk-limits)
      return validationError('A Data Box Disk order needs exactly one dataImportDetails entry: a single storage account is supported.', 'properties.details.dataImportDetails');
    }
    const acc = isObject(imports[0]) && isObject(imports[0].accountDetails) ? imports[0].accountDetails : null;
    if (!acc || acc.dataAccountType !== 'StorageAccount' || !str(acc.storageAccountId)) {
      return validationError("The dataImportDetails need accountDetails with dataAccountType 'StorageAccount' and a storageAccountId.", 'properties.details.dataImportDetails');
    }
    const kind = accountKind(acc.storageAccountId);
    if (!kind) return armError(400, 'StorageAccountNotFound', `The storage account '${acc.storageAccountId}' was not found in this subscription.`, 'properties.details.dataImportDetails');
    // Azure Backup's offline seeding writes page blobs, which BlobStorage accounts cannot hold
    // (https://learn.microsoft.com/azure/backup/offline-backup-azure-data-box#prerequisites): the emulator's own product rule.
    if (kind === 'BlobStorage') return validationError('The storage account is a BlobStorage account; use a general-purpose v2 (StorageV2) account, which can hold page blobs.', 'properties.details.dataImportDetails');
    if (d.passkey !== undefined) {
      if (typeof d.passkey !== 'string') return validationError('The passkey must be a string.', 'properties.details.passkey');
      const problem = passkeyProblem(d.passkey);
      if (problem) return validationError(problem, 'properties.details.passkey');
    }
    if (d.preferredDisks !== undefined) {
      if (!isObject(d.preferredDisks) || !Object.values(d.preferredDisks).every((n) => Number.isInteger(n) && (n as number) > 0)) return validationError('preferredDisks maps a disk size in TB to a number of disks.', 'properties.details.preferredDisks');
    }
    if (d.expectedDataSizeInTeraBytes !== undefined && !(typeof d.expectedDataSizeInTeraBytes === 'number' && d.expectedDataSizeInTeraBytes > 0)) {
      return validationError('expectedDataSizeInTeraBytes must be a positive number.', 'properties.details.expectedDataSizeInTeraBytes');
    }
    if (diskCountFor(d) > maxDisksPerOrder) return validationError(`One order holds at most ${maxDisksPerOrder} disks (${maxDisksPerOrder * diskUsableTB} TB usable).`, 'properties.details.expectedDataSizeInTeraBytes');
    return null;
  }

  /** Disks for the order: preferredDisks when given, else the expected size over 7 TB usable per disk, else one. */
  function diskCountFor(d: Record<string, unknown>): number {
    if (isObject(d.preferredDisks)) return Object.values(d.preferredDisks).reduce<number>((n, x) => n + Number(x), 0);
    if (typeof d.expectedDataSizeInTeraBytes === 'number') return Math.max(1, Math.ceil(d.expectedDataSizeInTeraBytes / diskUsableTB));
    return 1;
  }

  function who(c: AccessClaims) {
    return { by: c.idtyp === 'user' ? (c.upn ?? c.oid) : c.appid, type: c.idtyp === 'user' ? 'User' : 'Application' };
  }

  async function create(req: Request, c: AccessClaims, rg: string, name: string): Promise<Reply> {
    const nameProblem = jobNameProblem(name);
    if (nameProblem) return armError(400, 'InvalidJobName', nameProblem, 'jobName');
    const body = jsonBody(req);
    if (!isObject(body)) return armError(400, 'InvalidRequestContent', 'The request content was invalid and could not be deserialized.');
    const problem = checkOrder(body);
    if (problem) return problem;
    if (find(rg, name)) {
      // "Existing job cannot be updated with this API and should instead be updated with the Update job API." (the spec's Jobs_Create)
      return armError(409, 'JobAlreadyExists', `A job named '${name}' already exists in resource group '${rg}'; use a new name or update it with PATCH.`);
    }
    const p = body.properties as Record<string, unknown>;
    const d = p.details as Record<string, unknown>;
    const now = ctx.store.now();
    const w = who(c);
    const iso = new Date(now).toISOString();
    const { passkey, ...details } = d;
    const job: StoredDataBoxJob = {
      resourceGroup: rg,
      name,
      location: String(body.location),
      sku: 'DataBoxDisk',
      tags: isObject(body.tags) ? (body.tags as Record<string, string>) : {},
      transferType: 'ImportToAzure',
      createdAt: now,
      details,
      passkey: typeof passkey === 'string' ? passkey : newPasskey(),
      passkeyUserDefined: typeof passkey === 'string',
      diskCount: diskCountFor(d),
      disks: [],
      stageTimes: { DeviceOrdered: now },
      copyProgress: [],
      copyLogDetails: [],
      systemData: { createdBy: w.by, createdByType: w.type, createdAt: iso, lastModifiedBy: w.by, lastModifiedByType: w.type, lastModifiedAt: iso },
    };
    job.operationId = randomUUID();
    jobs().push(job);
    await ctx.store.save();
    const version = req.url.searchParams.get('api-version') ?? dataBoxVersions[0]!;
    const op = `${ctx.baseUrl()}/subscriptions/${st().subscriptionId}/resourceGroups/${rg}/providers/Microsoft.DataBox/locations/${encodeURIComponent(job.location)}/operationResults/${job.operationId}?api-version=${version}`;
    return { status: 202, headers: { location: op, 'retry-after': '1' } };
  }

  function list(req: Request, rg: string | null): Reply {
    const skip = Number(req.url.searchParams.get('$skipToken') ?? '0');
    if (!Number.isInteger(skip) || skip < 0) return armError(400, 'InvalidSkipToken', 'The skip token is invalid; start the listing again.', '$skipToken');
    const all = jobs().filter((j) => rg === null || j.resourceGroup.toLowerCase() === rg.toLowerCase());
    const pageSize = 50;
    const page = all.slice(skip, skip + pageSize);
    let nextLink: string | undefined;
    if (skip + pageSize < all.length) {
      const u = new URL(req.url.pathname, ctx.baseUrl());
      u.searchParams.set('api-version', req.url.searchParams.get('api-version') ?? dataBoxVersions[0]!);
      u.searchParams.set('$skipToken', String(skip + pageSize));
      nextLink = u.toString();
    }
    const expand = req.url.searchParams.get('$expand') === 'details';
    return json(200, { value: page.map((j) => showDataBoxJob(ctx, j, expand)), ...(nextLink ? { nextLink } : {}) });
  }

  function skus(req: Request, location: string): Reply {
    const b = jsonBody(req);
    if (!isObject(b) || b.transferType !== 'ImportToAzure' && b.transferType !== 'ExportFromAzure' || !str(b.country) || !str(b.location)) {
      return validationError('availableSkus needs transferType, country and location.', 'availableSkuRequest');
    }
    const here = skuOfferedIn(b.location);
    const sku = (name: string, usable: string, maximum: string, enabled: boolean, disabledReason: string) => ({
      sku: { name },
      enabled,
      properties: { dataLocationToServiceLocationMap: [{ dataLocation: st().location, serviceLocation: st().location }], capacity: { usable, maximum }, costs: [], apiVersions: dataBoxVersions, disabledReason, countriesWithinCommerceBoundary: ['NL'] },
    });
    void location;
    return json(200, { value: [sku('DataBoxDisk', String(diskUsableTB * maxDisksPerOrder), String(8 * maxDisksPerOrder), here, here ? 'None' : 'Region'), sku('DataBox', '80', '100', false, 'Feature'), sku('DataBoxHeavy', '800', '1000', false, 'Feature')] });
  }

  function validateInputs(req: Request): Reply {
    const b = jsonBody(req);
    if (!isObject(b) || b.validationCategory !== 'JobCreationValidation' || !Array.isArray(b.individualRequestDetails)) {
      return validationError("validateInputs needs validationCategory 'JobCreationValidation' and individualRequestDetails.", 'validationRequest');
    }
    const ok = { code: 'Success', details: [], additionalInfo: [] };
    const out = b.individualRequestDetails.map((r: unknown) => {
      const x = isObject(r) ? r : {};
      const bad = (code: string, message: string) => ({ status: 'Invalid', validationType: x.validationType, error: { code, message, details: [], additionalInfo: [] } });
      switch (x.validationType) {
        case 'ValidateDataTransferDetails': {
          const imp = Array.isArray(x.dataImportDetails) && x.dataImportDetails.length === 1 && isObject(x.dataImportDetails[0]) && isObject(x.dataImportDetails[0].accountDetails) ? x.dataImportDetails[0].accountDetails : null;
          if (!imp || !str(imp.storageAccountId)) return bad('InvalidDataTransferDetails', 'Give exactly one storage account.');
          if (!accountKind(imp.storageAccountId)) return bad('StorageAccountNotFound', `The storage account '${imp.storageAccountId}' was not found in this subscription.`);
          return { status: 'Valid', validationType: x.validationType, error: ok };
        }
        case 'ValidateAddress': {
          const a = isObject(x.shippingAddress) ? x.shippingAddress : null;
          const valid = !!a && str(a.streetAddress1) && str(a.country) && str(a.postalCode);
          return { validationStatus: valid ? 'Valid' : 'Invalid', alternateAddresses: [], validationType: 'ValidateAddress', error: valid ? ok : { code: 'InvalidAddress', message: 'The shipping address needs a street, a postal code and a country.', details: [], additionalInfo: [] } };
        }
        case 'ValidateSkuAvailability':
          return x.deviceType === 'DataBoxDisk' && skuOfferedIn(x.location) ? { status: 'Valid', validationType: x.validationType, error: ok } : bad('SkuNotAvailable', `Data Box Disk is not available for ${String(x.location ?? '')} on the local Azure.`);
        case 'ValidateSubscriptionIsAllowedToCreateJob':
          return restrictions().subscriptionNotAllowed
            ? bad('SubscriptionNotAllowed', `Subscription '${st().subscriptionId}' is not allowed to create Data Box orders: its offer type is not supported (local rehearsal).`)
            : { status: 'Valid', validationType: x.validationType, error: ok };
        case 'ValidateCreateOrderLimit':
        case 'ValidatePreferences':
          return { status: 'Valid', validationType: x.validationType, error: ok };
        default:
          return bad('InvalidValidationType', `Unknown validationType '${String(x.validationType)}'.`);
      }
    });
    const allValid = out.every((o) => (o as { status?: string; validationStatus?: string }).status === 'Valid' || (o as { validationStatus?: string }).validationStatus === 'Valid');
    return json(200, { properties: { status: allValid ? 'AllValidToProceed' : 'InputsRevisitRequired', individualResponseDetails: out } });
  }

  function regionConfiguration(req: Request, location: string): Reply {
    const b = jsonBody(req);
    if (!isObject(b)) return validationError('regionConfiguration needs a request body.', 'regionConfigurationRequest');
    const out: Record<string, unknown> = {};
    if (isObject(b.scheduleAvailabilityRequest)) {
      const start = Math.floor(ctx.store.now() / 864e5) * 864e5;
      const where = str(b.scheduleAvailabilityRequest.storageLocation) ? b.scheduleAvailabilityRequest.storageLocation : location;
      out.scheduleAvailabilityResponse = { availableDates: listed(restrictions().noDatesIn, where) ? [] : Array.from({ length: 14 }, (_, i) => new Date(start + (i + 1) * 864e5).toISOString()) };
    }
    if (isObject(b.transportAvailabilityRequest)) out.transportAvailabilityResponse = { transportAvailabilityDetails: [{ shipmentType: 'MicrosoftManaged' }, { shipmentType: 'CustomerManaged' }] };
    if (isObject(b.datacenterAddressRequest)) {
      out.datacenterAddressResponse = { datacenterAddressType: 'DatacenterAddressLocation', contactPersonName: 'Local rehearsal datacenter', company: 'Offline Seed', street1: '1 Loopback Lane', city: 'Localhost', zip: '1000 AA', country: 'NL', phone: '0000000000', supportedCarriersForReturnShipment: ['UPS', 'DHL'], dataCenterAzureLocation: st().location };
    }
    return json(200, out);
  }

  /** Routes below /subscriptions/{sub}; `rest` is the path after it. Null when not a Data Box path. */
  return async function handle(req: Request, c: AccessClaims, rest: string): Promise<Reply | null> {
    void c;
    if (tickDataBox(ctx)) await ctx.store.save();
    if (/^\/providers\/Microsoft\.DataBox\/jobs$/i.test(rest) && req.method === 'GET') return list(req, null);
    const svc = /^(?:\/resourceGroups\/([^/]+))?\/providers\/Microsoft\.DataBox\/locations\/([^/]+)\/(availableSkus|validateInputs|regionConfiguration|operationResults\/[^/]+)$/i.exec(rest);
    if (svc) {
      const kind = svc[3]!.toLowerCase();
      if (kind.startsWith('operationresults/')) {
        // The create finished when it was accepted: polling the Location answers 200 with the job, which is what
        // the SDK's poller (Location without Azure-AsyncOperation: the resource's location) takes as the result.
        if (req.method !== 'GET') return armError(405, 'MethodNotAllowed', 'Operation results are read with GET.');
        const id = decodeURIComponent(kind.slice('operationresults/'.length));
        const done = jobs().find((j) => j.operationId === id);
        return done ? json(200, showDataBoxJob(ctx, done, false)) : armError(404, 'OperationNotFound', `No operation '${id}' on the local Azure.`);
      }
      if (req.method !== 'POST') return armError(405, 'MethodNotAllowed', `${svc[3]} is a POST action.`);
      if (kind === 'availableskus') return svc[1] ? skus(req, decodeURIComponent(svc[2]!)) : null;
      if (kind === 'validateinputs') return validateInputs(req);
      return regionConfiguration(req, decodeURIComponent(svc[2]!));
    }
    const m = /^\/resourceGroups\/([^/]+)\/providers\/Microsoft\.DataBox\/jobs(?:\/([^/]+)(?:\/(cancel|listCredentials|markDevicesShipped|mitigate))?)?$/i.exec(rest);
    if (!m) return null;
    const rg = decodeURIComponent(m[1]!);
    if (rg.toLowerCase() !== st().resourceGroup.toLowerCase()) return armError(404, 'ResourceGroupNotFound', `Resource group '${rg}' could not be found.`);
    if (!m[2]) return req.method === 'GET' ? list(req, rg) : armError(405, 'MethodNotAllowed', `The method '${req.method}' is not allowed on the jobs collection.`);
    const name = decodeURIComponent(m[2]);
    if (req.method === 'PUT' && !m[3]) return create(req, c, rg, name);
    const job = find(rg, name);
    if (!job) return notFound(rg, name);
    const action = m[3]?.toLowerCase();
    if (action) {
      if (req.method !== 'POST') return armError(405, 'MethodNotAllowed', `${m[3]} is a POST action.`);
      if (action === 'cancel') {
        const b = jsonBody(req);
        if (!isObject(b) || !str(b.reason)) return validationError('Cancel needs a reason.', 'cancellationReason.reason');
        if (!isCancellable(job)) return armError(409, 'InvalidJobState', `The job '${name}' is in status '${currentStatus(job)}' and can no longer be canceled; an order can be canceled only until it is processed.`);
        job.status = 'Cancelled';
        job.stageTimes.Cancelled = ctx.store.now();
        job.cancellationReason = b.reason;
        await ctx.store.save();
        return { status: 204 };
      }
      if (action === 'listcredentials') {
        const prepared = job.stageTimes.DevicePrepared !== undefined && currentStatus(job) !== 'Cancelled';
        // The passkey is generated when the disks are prepared (data-box-disk-deploy-ordered#track-the-order).
        const secrets = { jobSecretsType: 'DataBoxDisk', isPasskeyUserDefined: job.passkeyUserDefined, ...(prepared ? { passKey: job.passkey } : {}), diskSecrets: prepared ? job.disks.map((d) => ({ diskSerialNumber: d.serialNumber, bitLockerKey: d.bitLockerKey })) : [] };
        return json(200, { value: [{ jobName: job.name, jobSecrets: secrets }] });
      }
      if (action === 'mitigate') {
        // Mitigate: the answer must be one of the actions the order offers now (details.actions); 204 as the spec says.
        const b = jsonBody(req);
        const code = isObject(b) && typeof b.customerResolutionCode === 'string' ? b.customerResolutionCode : '';
        if (!code) return validationError('Mitigate needs a customerResolutionCode.', 'customerResolutionCode');
        if (!job.awaitingAction || job.awaitingAction.action !== code) return armError(409, 'InvalidJobState', `The job '${name}' is in status '${currentStatus(job)}' and does not wait for '${code}'.`);
        job.status = job.awaitingAction.final;
        job.stageTimes[job.status] = ctx.store.now();
        delete job.awaitingAction;
        await ctx.store.save();
        return { status: 204 };
      }
      // markDevicesShipped: the spec's 204; the emulator lets it through once the disks are delivered.
      const b = jsonBody(req);
      const pkg = isObject(b) && isObject(b.deliverToDcPackageDetails) ? b.deliverToDcPackageDetails : null;
      if (!pkg || !str(pkg.carrierName) || !str(pkg.trackingId)) return validationError('markDevicesShipped needs deliverToDcPackageDetails with carrierName and trackingId.', 'deliverToDcPackageDetails');
      if (currentStatus(job) !== 'Delivered') return armError(409, 'InvalidJobState', `The job '${name}' is in status '${currentStatus(job)}'; the disks can be marked shipped only once they are delivered.`);
      job.returnPackage = { carrierName: pkg.carrierName, trackingId: pkg.trackingId };
      job.status = 'PickedUp';
      job.stageTimes.PickedUp = ctx.store.now();
      await ctx.store.save();
      return { status: 204 };
    }
    if (req.method === 'GET') return json(200, showDataBoxJob(ctx, job, req.url.searchParams.get('$expand') === 'details'));
    if (req.method === 'DELETE') {
      if (!isDeletable(job)) return armError(409, 'InvalidJobState', `The job '${name}' is in status '${currentStatus(job)}'; only completed or canceled orders can be deleted.`);
      const all = jobs();
      all.splice(all.indexOf(job), 1);
      await ctx.store.save();
      return { status: 204 };
    }
    return armError(405, 'MethodNotAllowed', `The method '${req.method}' is not allowed on a Data Box job.`);
  };
}
