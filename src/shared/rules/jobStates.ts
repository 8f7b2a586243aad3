/**
 * The Import/Export job-state machine and the documented meaning of every job, drive and copy-log status.
 *
 * Facts: job and drive states, their order and meanings from "Review Import/Export job and drive status"
 * (https://learn.microsoft.com/azure/import-export/storage-import-export-view-drive-status) and "Retrieving state
 * information for an Import/Export job"
 * (https://github.com/MicrosoftDocs/azure-docs/blob/c3ffff9378f56ddcc3f1dc14d89b8bd5de84c470/articles/storage/common/storage-import-export-retrieving-state-info-for-a-job.md);
 * copy-log statuses from "Azure Import/Export service log file format"
 * (https://learn.microsoft.com/previous-versions/azure/dn529094(v=azure.100)).
 * Meanings are i18n keys in the `workflow` namespace; the API's spelling of a state is never translated
 * in machine output (`--json`).
 */

import type { KeyAt } from '../i18n/resources';

/** Job states as the API spells them, in their documented order (Faulted and Canceled sit outside the line). */
export const jobStates = ['Creating', 'Shipping', 'Received', 'Transferring', 'Packaging', 'Completed', 'Closed', 'Faulted', 'Canceled'] as const;
export type JobState = (typeof jobStates)[number];

/** Drive states as the API spells them. */
export const driveStates = ['Specified', 'Received', 'NeverReceived', 'Transferring', 'Completed', 'CompletedMoreInfo', 'ShippedBack'] as const;
export type DriveState = (typeof driveStates)[number];

/** Drive status codes of a copy log (`<DriveLog><Status>`). */
export const driveLogStatuses = [
  'Completed',
  'CompletedWithWarnings',
  'CompletedWithErrors',
  'DiskNotFound',
  'VolumeNotNtfs',
  'DiskOperationFailed',
  'BitLockerVolumeNotFound',
  'BitLockerNotActivated',
  'BitLockerProtectorNotFound',
  'BitLockerKeyInvalid',
  'BitLockerUnlockVolumeFailed',
  'BitLockerFailed',
  'ManifestNameInvalid',
  'ManifestNameTooLong',
  'ManifestNotFound',
  'ManifestAccessDenied',
  'ManifestCorrupted',
  'ManifestFormatInvalid',
  'ManifestDriveIdMismatch',
  'ReadManifestFailed',
  'BlobListFormatInvalid',
  'BlobRequestForbidden',
  'InternalError',
] as const;
export type DriveLogStatus = (typeof driveLogStatuses)[number];

/** Blob status codes of a copy log (`<Blob Status="…">`). */
export const blobLogStatuses = [
  'Completed',
  'CompletedWithErrors',
  'FileNameInvalid',
  'FileNameTooLong',
  'FileNotFound',
  'FileAccessDenied',
  'BlobRequestFailed',
  'BlobRequestForbidden',
  'RenameFailed',
  'BlobUnexpectedChange',
  'LeasePresent',
  'IOFailed',
  'Failed',
] as const;
export type BlobLogStatus = (typeof blobLogStatuses)[number];

const order: Record<JobState, number> = {
  Creating: 0,
  Shipping: 1,
  Received: 2,
  Transferring: 3,
  Packaging: 4,
  Completed: 5,
  Closed: 5,
  Faulted: 6,
  Canceled: 6,
};

/** Where a job may go next from `state`, as the service moves it. */
const transitions: Record<JobState, readonly JobState[]> = {
  Creating: ['Shipping', 'Completed', 'Canceled'],
  Shipping: ['Received', 'Closed', 'Faulted'],
  Received: ['Transferring', 'Faulted'],
  Transferring: ['Packaging', 'Faulted'],
  Packaging: ['Completed', 'Closed'],
  Completed: [],
  Closed: [],
  Faulted: ['Transferring', 'Closed'],
  Canceled: [],
};

export function isJobState(x: unknown): x is JobState {
  return typeof x === 'string' && (jobStates as readonly string[]).includes(x);
}

export function isDriveState(x: unknown): x is DriveState {
  return typeof x === 'string' && (driveStates as readonly string[]).includes(x);
}

/** Normalizes a state string from the API (case-insensitive); unknown values stay as given and are shown verbatim. */
export function parseJobState(x: string | undefined | null): JobState | null {
  if (!x) return 'Creating';
  const found = jobStates.find((s) => s.toLowerCase() === x.toLowerCase());
  return found ?? null;
}

export function parseDriveState(x: string | undefined | null): DriveState | null {
  if (!x) return 'Specified';
  return driveStates.find((s) => s.toLowerCase() === x.toLowerCase()) ?? null;
}

export function nextJobStates(state: JobState): readonly JobState[] {
  return transitions[state];
}

export function canMove(from: JobState, to: JobState): boolean {
  return transitions[from].includes(to);
}

/** No more state changes come after these; a monitor stops polling. */
export function isTerminalJobState(state: JobState): boolean {
  return transitions[state].length === 0 || state === 'Faulted';
}

/** How a job ended, or that it has not yet. */
export const jobOutcomes = ['pending', 'succeeded', 'failed', 'cancelled'] as const;
export type JobOutcome = (typeof jobOutcomes)[number];

/**
 * Whether the job ended without errors (Closed means errors occurred; Faulted needs Microsoft's operations team).
 *
 * A cancelled job is never a success: "A cancelled job will move to the Completed state"
 * (https://learn.microsoft.com/previous-versions/azure/dn529119(v=azure.100)), so Completed with `cancelRequested`
 * set, or the portal's Canceled, is `cancelled` — and so is a job whose cancellation was asked for and that has not
 * ended yet, since the service cancels "on a best-effort basis" and nothing says what it imported.
 */
export function jobOutcome(state: JobState, cancelRequested = false): JobOutcome {
  if (cancelRequested || state === 'Canceled') return 'cancelled';
  if (state === 'Completed') return 'succeeded';
  if (state === 'Closed' || state === 'Faulted') return 'failed';
  return 'pending';
}

/** Shipping details may be entered (PATCH deliveryPackage, returnAddress, state Shipping) only before the drives arrive. */
export function canEnterShipping(state: JobState): boolean {
  return state === 'Creating' || state === 'Shipping';
}

/** Index in the documented order, for a progress stepper. Completed and Closed share the last position. */
export function jobStateStep(state: JobState): number {
  return order[state];
}

/** The line of states shown as a stepper: Creating → … → Completed. */
export const jobStateLine: readonly JobState[] = ['Creating', 'Shipping', 'Received', 'Transferring', 'Packaging', 'Completed'];

/**
 * A drive that ended with errors or was never received. Once shipped back a drive's state is ShippedBack whatever
 * happened, so its copy status tells: anything but Completed is a problem.
 */
export function isDriveProblem(state: string, copyStatus?: string): boolean {
  if (state === 'CompletedMoreInfo' || state === 'NeverReceived') return true;
  return state === 'ShippedBack' && copyStatus !== undefined && copyStatus !== '' && copyStatus !== 'Completed';
}

/** i18n keys (namespace `workflow`) of the documented meanings. */
export const jobStateMeaningKey = (state: string): KeyAt<'workflow:jobStates'> => {
  const known = jobStates.find((s) => s.toLowerCase() === state.toLowerCase());
  return known ? `workflow:jobStates.${known}` : 'workflow:jobStates.unknown';
};
export const driveStateMeaningKey = (state: string): KeyAt<'workflow:driveStates'> => {
  const known = driveStates.find((s) => s.toLowerCase() === state.toLowerCase());
  return known ? `workflow:driveStates.${known}` : 'workflow:driveStates.unknown';
};
export const driveLogStatusMeaningKey = (status: string): KeyAt<'workflow:driveLogStatuses'> => {
  const known = driveLogStatuses.find((s) => s === status);
  return known ? `workflow:driveLogStatuses.${known}` : 'workflow:driveLogStatuses.unknown';
};
export const blobLogStatusMeaningKey = (status: string): KeyAt<'workflow:blobLogStatuses'> => {
  const known = blobLogStatuses.find((s) => s === status);
  return known ? `workflow:blobLogStatuses.${known}` : 'workflow:blobLogStatuses.unknown';
};

/** The state's name in the user's language (the API's name goes in a tooltip). */
export const jobStateNameKey = (state: string): KeyAt<'workflow:jobStateNames'> => {
  const known = jobStates.find((s) => s.toLowerCase() === state.toLowerCase());
  return known ? `workflow:jobStateNames.${known}` : 'workflow:jobStateNames.unknown';
};
export const driveStateNameKey = (state: string): KeyAt<'workflow:driveStateNames'> => {
  const known = driveStates.find((s) => s.toLowerCase() === state.toLowerCase());
  return known ? `workflow:driveStateNames.${known}` : 'workflow:driveStateNames.unknown';
};
