/**
 * The Data Box order stages and per-disk copy statuses as Azure spells them, and the catalog key of each one's name in
 * the user's language (`databox:stageNames`, `databox:copyStatusNames`); a value Azure adds later gets the `unknown`
 * name, and the label keeps Azure's spelling beside it (src/shared/i18n/stateLabel.ts).
 *
 * Values: the StageName and CopyStatus enums of the Microsoft.DataBox REST spec
 * (https://github.com/Azure/azure-rest-api-specs/tree/main/specification/databox/resource-manager/Microsoft.DataBox/DataBox,
 * `databox.json`, the same lists in the SDKs generated from it). English names: the portal's statuses in "Tutorial:
 * Order Azure Data Box Disk", Track the order (Ordered, Processed, Dispatched;
 * https://learn.microsoft.com/azure/databox/data-box-disk-deploy-ordered#track-the-order) and "Tutorial: Verify data
 * upload from Azure Data Box Disk" (Picked up, Received, Completed;
 * https://learn.microsoft.com/azure/databox/data-box-disk-deploy-upload-verify), "Data copy in progress" as the spec's
 * examples show DataCopy's displayName, Canceled as "Use the Azure portal to administer your Azure Data Box"
 * (https://learn.microsoft.com/azure/databox/data-box-portal-admin#cancel-an-order) shows it. The other names are ours,
 * from the spec's description of each value.
 */

import type { ErrorCode, KeyAt } from '../i18n/resources';
import { stateLabel, type Say } from '../i18n/stateLabel';

/** StageName: the import line, its side exits, then the self-managed shipping and export stages. */
export const dataBoxStages = [
  'DeviceOrdered',
  'DevicePrepared',
  'Dispatched',
  'Delivered',
  'PickedUp',
  'AtAzureDC',
  'DataCopy',
  'Completed',
  'CompletedWithErrors',
  'CompletedWithWarnings',
  'Cancelled',
  'Failed_IssueReportedAtCustomer',
  'Failed_IssueDetectedAtAzureDC',
  'Aborted',
  'Created',
  'AwaitingShipmentDetails',
  'ReadyToReceiveAtAzureDC',
  'ShippedToAzureDC',
  'ReadyToDispatchFromAzureDC',
  'PreparingToShipFromAzureDC',
  'ShippedToCustomer',
] as const;
export type DataBoxStage = (typeof dataBoxStages)[number];

/**
 * The statuses an order's next step has a sentence for (`databox:status.next.*` on the command line,
 * `databox:wizard.next.*` in the wizard); any other status gets the `other` sentence naming it.
 */
export const dataBoxStagesWithNextStep = [
  'DeviceOrdered',
  'DevicePrepared',
  'Dispatched',
  'Delivered',
  'PickedUp',
  'AtAzureDC',
  'DataCopy',
  'Completed',
  'CompletedWithErrors',
  'CompletedWithWarnings',
  'Cancelled',
] as const satisfies readonly DataBoxStage[];

/** The status `status` as one with a next-step sentence, or undefined. */
export const nextStepStage = (status: string): (typeof dataBoxStagesWithNextStep)[number] | undefined => dataBoxStagesWithNextStep.find((k) => k === status);

/** CopyStatus: one disk's upload in the datacenter (copyProgress[].status). */
export const dataBoxCopyStatuses = [
  'NotStarted',
  'InProgress',
  'Completed',
  'CompletedWithErrors',
  'Failed',
  'NotReturned',
  'HardwareError',
  'DeviceFormatted',
  'DeviceMetadataModified',
  'StorageAccountNotAccessible',
  'UnsupportedData',
  'DriveNotReceived',
  'UnsupportedDrive',
  'OtherServiceError',
  'OtherUserError',
  'DriveNotDetected',
  'DriveCorrupted',
  'MetadataFilesModifiedOrRemoved',
] as const;
export type DataBoxCopyStatus = (typeof dataBoxCopyStatuses)[number];

/** The name of an order's status or of one of its stages (the spec's enums are extensible and matched without case). */
export const dataBoxStageNameKey = (stage: string): KeyAt<'databox:stageNames'> => {
  const known = dataBoxStages.find((s) => s.toLowerCase() === stage.toLowerCase());
  return known ? `databox:stageNames.${known}` : 'databox:stageNames.unknown';
};

/**
 * An order's status or one of its stages as the user reads it: its name in the user's language, with Azure's value
 * beside a name that differs from it ("Zugestellt (API: Delivered)"), by `stateLabel`'s rule. The command line and
 * `localizeError` name an order's status through it; the wizard's `useStageLabel` pairs the same key and value.
 */
export const dataBoxStageLabel = (say: Say, value: string): string => stateLabel(say, dataBoxStageNameKey(value), value);

/** The name of one disk's copy status. */
export const dataBoxCopyStatusNameKey = (status: string): KeyAt<'databox:copyStatusNames'> => {
  const known = dataBoxCopyStatuses.find((s) => s.toLowerCase() === status.toLowerCase());
  return known ? `databox:copyStatusNames.${known}` : 'databox:copyStatusNames.unknown';
};

/**
 * The errors whose `status` parameter is an order's status as Azure spells it. Whoever throws them keeps Azure's value;
 * `localizeError` (src/shared/i18n/index.ts) names it as the status is named everywhere else, for every front end.
 */
export const dataBoxStatusErrors: readonly ErrorCode[] = [
  'databox:errors.notCancellable',
  'databox:errors.notDeletable',
  'databox:errors.uploadProblems',
  'databox:errors.emulatorNotDispatched',
  'databox:errors.emulatorNotShipped',
];
