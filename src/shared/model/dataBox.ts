/**
 * The Data Box route's shapes (Data Box Disk orders, as Azure Backup's offline seeding for MARS, DPM 2019 UR2+ and
 * MABS v3 UR2+ uses them: https://learn.microsoft.com/azure/backup/offline-backup-azure-data-box).
 */

import * as z from 'zod';

/**
 * A custom passkey: "a 12 to 32-character alphanumeric key that has at least one numeric and one special
 * character. The allowed special characters are @?_+"
 * (https://learn.microsoft.com/azure/databox/data-box-disk-deploy-ordered#order-data-box-disk).
 */
export const passkeyRules = { min: 12, max: 32, allowed: /^[A-Za-z0-9@?_+]+$/, digit: /[0-9]/, special: /[@?_+]/ } as const;

/** Which rule a custom passkey breaks, or null. */
export function passkeyRuleBroken(p: string): 'length' | 'characters' | 'digit' | 'special' | null {
  if (p.length < passkeyRules.min || p.length > passkeyRules.max) return 'length';
  if (!passkeyRules.allowed.test(p)) return 'characters';
  if (!passkeyRules.digit.test(p)) return 'digit';
  if (!passkeyRules.special.test(p)) return 'special';
  return null;
}

/** Order names: 3 to 24 characters, `^[-\w\.]+$` (the jobName parameter of the Microsoft.DataBox REST spec). */
export const dataBoxJobNameSchema = z.string().min(3).max(24).regex(/^[-\w.]+$/);

/** "8 TB SSDs (7 TB usable capacity)", at most five disks per order (data-box-disk-deploy-ordered). */
export const dataBoxDisk = { usableTB: 7, maxDisks: 5 } as const;

export const dataBoxOrderInputSchema = z.object({
  jobName: dataBoxJobNameSchema,
  resourceGroup: z.string().min(1),
  /** The Azure region of the order (the storage account's). */
  location: z.string().min(1),
  storageAccountId: z.string().startsWith('/subscriptions/'),
  /** The size of the initial backup in TB, which decides the number of disks. */
  dataSizeTB: z.number().positive(),
  contact: z.object({ name: z.string().min(1), phone: z.string().min(1), emails: z.array(z.email()).min(1) }),
  address: z.object({
    street: z.string().min(1),
    city: z.string().min(1),
    postalCode: z.string().min(1),
    country: z.string().length(2),
    company: z.string().optional(),
    stateOrProvince: z.string().optional(),
  }),
  /** A custom passkey (checked against `passkeyRules`); absent: Azure generates one. */
  passkey: z.string().optional(),
});
export type DataBoxOrderInput = z.infer<typeof dataBoxOrderInputSchema>;

export const readinessCheckSchema = z.object({
  /** owner, provider, storageAccount, storageKind, sku, subscription, region, size */
  id: z.enum(['owner', 'provider', 'storageAccount', 'storageKind', 'sku', 'subscription', 'region', 'size']),
  ok: z.boolean(),
  /** Facts for the sentence (account, kind, disks, TB…). */
  params: z.record(z.string(), z.union([z.string(), z.number()])),
});
export type ReadinessCheck = z.infer<typeof readinessCheckSchema>;

export const dataBoxStageSchema = z.object({ name: z.string(), displayName: z.string(), status: z.string(), time: z.string().optional() });

export const dataBoxStatusSchema = z.object({
  jobName: z.string(),
  resourceGroup: z.string(),
  status: z.string(),
  isCancellable: z.boolean(),
  isDeletable: z.boolean(),
  stages: z.array(dataBoxStageSchema),
  disks: z.array(z.object({ serialNumber: z.string(), status: z.string(), percentComplete: z.number(), bytesCopied: z.number() })),
  logs: z.array(z.object({ serialNumber: z.string(), errorLogLink: z.string(), verboseLogLink: z.string() })),
  returnLabel: z.string().optional(),
  /**
   * What the service asks of the customer now (details.actions: MoveToCleanUpDevice, Resume, Restart,
   * ReachOutToOperation), answered with mitigate; empty when it asks nothing.
   */
  actions: z.array(z.string()),
  /** Whether the order reached a final status (Completed*, Cancelled, Aborted, Failed_*). */
  final: z.boolean(),
});
export type DataBoxStatus = z.infer<typeof dataBoxStatusSchema>;

/** The disk rules Offline Seed checks, each with its source in diskCheck.ts. */
export const diskRuleIds = ['missingFolder', 'rootData', 'ownFolder', 'pageBlobAlignment', 'containerName', 'blobName', 'pathLength', 'fileCount', 'containerCount', 'freeSpace'] as const;
export const diskViolationSchema = z.object({ rule: z.enum(diskRuleIds), file: z.string(), detail: z.string().optional() });
export type DiskViolation = z.infer<typeof diskViolationSchema>;

export const uploadLogEntrySchema = z.object({ serialNumber: z.string(), status: z.string(), blobPath: z.string(), filePath: z.string(), size: z.number() });
export type UploadLogEntry = z.infer<typeof uploadLogEntrySchema>;

/**
 * The regions whose pickup steps Microsoft documents for returning Data Box Disk ("Tutorial: Return Azure Data Box
 * Disk", https://learn.microsoft.com/azure/databox/data-box-disk-deploy-picked-up, the page of 2023-01-23): UPS in the
 * US and Canada; DHL Express in the EU and the UK, Australia and South Africa (with a return code from Azure Data Box
 * Operations); Quantium Solutions in Japan and Korea; SingPost in Singapore; FedEx in China; in India and Brazil,
 * Azure Data Box Operations arranges the pickup or the drop-off.
 */
export const pickupRegions = ['usCanada', 'europe', 'australia', 'japan', 'korea', 'singapore', 'china', 'india', 'southAfrica', 'brazil', 'other'] as const;
export type PickupRegion = (typeof pickupRegions)[number];

const europe = new Set(['AT', 'BE', 'BG', 'HR', 'CY', 'CZ', 'DK', 'EE', 'FI', 'FR', 'DE', 'GR', 'HU', 'IE', 'IT', 'LV', 'LT', 'LU', 'MT', 'NL', 'PL', 'PT', 'RO', 'SK', 'SI', 'ES', 'SE', 'GB', 'NO', 'CH']);
const byCountry: Record<string, PickupRegion> = { US: 'usCanada', CA: 'usCanada', AU: 'australia', JP: 'japan', KR: 'korea', SG: 'singapore', CN: 'china', IN: 'india', ZA: 'southAfrica', BR: 'brazil' };

/** The pickup region of a shipping address's country (ISO 3166 alpha-2). */
export function pickupRegionOf(country: string): PickupRegion {
  const c = country.trim().toUpperCase();
  if (europe.has(c)) return 'europe';
  return byCountry[c] ?? 'other';
}

/**
 * The certificate repair Microsoft documents for the agent's "cannot add a second certificate" bug
 * (src/core/databox/certificateRepair.ts): its steps, for progress, and its outcome. `uploadNeeded`: in a public cloud
 * the .cer waits for the operator's portal upload.
 */
export const certificateRepairPhases = ['certificate', 'application', 'upload', 'registry'] as const;
export type CertificateRepairPhase = (typeof certificateRepairPhases)[number];
const repairFound = { thumbprint: z.string(), subject: z.string(), application: z.string(), applicationId: z.string(), cerPath: z.string() };
export const certificateRepairResultSchema = z.discriminatedUnion('outcome', [
  z.object({ outcome: z.literal('repaired'), ...repairFound, upload: z.enum(['already', 'uploaded', 'portal']), valueName: z.string(), registryLocation: z.string() }),
  z.object({ outcome: z.literal('uploadNeeded'), ...repairFound, portalUrl: z.string() }),
]);
export type CertificateRepairResult = z.infer<typeof certificateRepairResultSchema>;

/** The answers mitigate takes (CustomerResolutionCode of the Microsoft.DataBox REST spec, None aside). */
export const mitigateActions = ['MoveToCleanUpDevice', 'Resume', 'Restart', 'ReachOutToOperation'] as const;
export type MitigateAction = (typeof mitigateActions)[number];
