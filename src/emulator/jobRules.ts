/** The Import/Export service's checks on job bodies (PUT and PATCH), as pure functions returning the ARM error to send. */

import { checkImportJobName } from '../shared/rules/azureNames';
import { isObject } from './http';
import type { Drive, JobProperties } from './state';

export interface RuleError {
  status: number;
  code: string;
  message: string;
  target?: string;
}

const bad = (code: string, message: string, target?: string, status = 400): RuleError => ({ status, code, message, target });

export const maxDrivesPerJob = 10;
export const patchableProperties = ['cancelRequested', 'state', 'returnAddress', 'returnShipping', 'deliveryPackage', 'logLevel', 'backupDriveManifest', 'driveList'] as const;
const returnAddressRequired = ['recipientName', 'streetAddress1', 'city', 'postalCode', 'countryOrRegion', 'phone', 'email'];

export function checkJobName(name: string): RuleError | null {
  return checkImportJobName(name) ? bad('InvalidJobName', `The job name '${name}' is invalid: use 2 to 64 lowercase letters, digits and hyphens, starting with a letter.`, 'jobName') : null;
}

function requireStrings(obj: unknown, fields: string[], target: string): RuleError | null {
  if (!isObject(obj)) return bad('InvalidRequestContent', `The property '${target}' must be an object.`, target);
  for (const f of fields) {
    const v = obj[f];
    if (typeof v !== 'string' || v.trim() === '') return bad('MissingRequiredProperty', `The property '${target}.${f}' is required.`, `${target}.${f}`);
  }
  return null;
}

export function checkReturnAddress(x: unknown): RuleError | null {
  const e = requireStrings(x, returnAddressRequired, 'returnAddress');
  if (e) return e;
  const email = (x as Record<string, string>).email!;
  return /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email) ? null : bad('InvalidRequestContent', `The property 'returnAddress.email' is not a valid e-mail address.`, 'returnAddress.email');
}

export function checkReturnShipping(x: unknown): RuleError | null {
  return requireStrings(x, ['carrierName', 'carrierAccountNumber'], 'returnShipping');
}

export function checkDeliveryPackage(x: unknown): RuleError | null {
  const e = requireStrings(x, ['carrierName', 'trackingNumber'], 'deliveryPackage');
  if (e) return e;
  const d = (x as Record<string, unknown>).driveCount;
  if (d !== undefined && (typeof d !== 'number' || !Number.isInteger(d) || d < 1 || d > maxDrivesPerJob)) {
    return bad('InvalidRequestContent', `The property 'deliveryPackage.driveCount' must be a whole number from 1 to ${maxDrivesPerJob}.`, 'deliveryPackage.driveCount');
  }
  return null;
}

/** Checks the driveList of an import job and returns the drives to store (state Specified). */
export function checkDriveList(x: unknown): RuleError | Drive[] {
  if (!Array.isArray(x) || x.length === 0) return bad('MissingRequiredProperty', "The property 'driveList' is required for an import job and must list at least one drive.", 'driveList');
  if (x.length > maxDrivesPerJob) return bad('TooManyDrives', `An import job can have at most ${maxDrivesPerJob} drives; this request lists ${x.length}. Split the drives across several jobs.`, 'driveList');
  const drives: Drive[] = [];
  for (const [i, d] of x.entries()) {
    const e = requireStrings(d, ['driveId', 'bitLockerKey', 'manifestFile', 'manifestHash'], `driveList[${i}]`);
    if (e) return e;
    const r = d as Record<string, unknown>;
    const driveId = (r.driveId as string).trim();
    if (/\s/.test(driveId)) return bad('InvalidRequestContent', `The drive id '${driveId}' must be the hardware serial number without spaces.`, `driveList[${i}].driveId`);
    if (drives.some((o) => o.driveId.toLowerCase() === driveId.toLowerCase())) return bad('DuplicateDriveId', `The drive '${driveId}' is listed more than once.`, `driveList[${i}].driveId`);
    if (!/^\d{6}(-\d{6}){7}$/.test(r.bitLockerKey as string)) return bad('InvalidBitLockerKey', `The BitLocker key of drive '${driveId}' must be the 48-digit recovery password (eight groups of six digits).`, `driveList[${i}].bitLockerKey`);
    if (!/^([0-9a-fA-F]{32}|[0-9a-fA-F]{64})$/.test(r.manifestHash as string)) return bad('InvalidManifestHash', `The manifest hash of drive '${driveId}' must be the Base16 MD5 of the manifest file.`, `driveList[${i}].manifestHash`);
    drives.push({
      driveId,
      bitLockerKey: r.bitLockerKey as string,
      manifestFile: r.manifestFile as string,
      manifestHash: (r.manifestHash as string).toUpperCase(),
      driveHeaderHash: typeof r.driveHeaderHash === 'string' ? r.driveHeaderHash : '',
      state: 'Specified',
    });
  }
  return drives;
}

/** Validates PUT properties; on success returns the properties to store (server-owned fields reset). */
export function checkPutProperties(p: unknown, storageAccountExists: (id: string) => boolean): RuleError | JobProperties {
  if (!isObject(p)) return bad('MissingRequiredProperty', "The property 'properties' is required.", 'properties');
  if (typeof p.storageAccountId !== 'string' || p.storageAccountId === '') return bad('MissingRequiredProperty', "The property 'storageAccountId' is required.", 'storageAccountId');
  if (!storageAccountExists(p.storageAccountId)) return bad('StorageAccountNotFound', `The storage account '${p.storageAccountId}' was not found in this subscription.`, 'storageAccountId');
  if (p.jobType !== 'Import' && p.jobType !== 'Export') return bad('InvalidJobType', "The property 'jobType' must be 'Import' or 'Export'.", 'jobType');
  const out: JobProperties = {
    storageAccountId: p.storageAccountId,
    jobType: p.jobType,
    state: 'Creating',
    cancelRequested: false,
    diagnosticsPath: typeof p.diagnosticsPath === 'string' && p.diagnosticsPath !== '' ? p.diagnosticsPath : 'waimportexport',
    logLevel: typeof p.logLevel === 'string' ? p.logLevel : 'Error',
    backupDriveManifest: p.backupDriveManifest === true,
    provisioningState: 'Succeeded',
    encryptionKey: isObject(p.encryptionKey) && p.encryptionKey.kekType === 'CustomerManaged' ? (p.encryptionKey as Record<string, string>) : { kekType: 'MicrosoftManaged' },
  };
  if (out.logLevel !== 'Error' && out.logLevel !== 'Verbose') return bad('InvalidRequestContent', "The property 'logLevel' must be 'Error' or 'Verbose'.", 'logLevel');
  if (p.jobType === 'Import') {
    const drives = checkDriveList(p.driveList);
    if (!Array.isArray(drives)) return drives;
    out.driveList = drives;
  } else if (!isObject(p.export)) {
    return bad('MissingRequiredProperty', "The property 'export' (the blob list) is required for an export job.", 'export');
  } else {
    out.export = p.export;
  }
  if (p.returnAddress !== undefined) {
    const e = checkReturnAddress(p.returnAddress);
    if (e) return e;
    out.returnAddress = p.returnAddress as Record<string, string>;
  }
  if (p.returnShipping !== undefined) {
    const e = checkReturnShipping(p.returnShipping);
    if (e) return e;
    out.returnShipping = p.returnShipping as Record<string, string>;
  }
  if (p.deliveryPackage !== undefined) {
    const e = checkDeliveryPackage(p.deliveryPackage);
    if (e) return e;
    out.deliveryPackage = p.deliveryPackage as Record<string, string | number>;
  }
  return out;
}

/** Which PATCH properties each job state still accepts. */
export function patchableIn(state: string): readonly string[] {
  if (state === 'Creating') return patchableProperties;
  if (state === 'Shipping') return ['state', 'returnAddress', 'returnShipping', 'deliveryPackage', 'logLevel', 'backupDriveManifest'];
  return [];
}
