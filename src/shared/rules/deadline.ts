/**
 * The two-week deadlines of an import job, as a countdown.
 *
 * Facts (https://learn.microsoft.com/azure/import-export/storage-import-export-view-drive-status and
 * https://learn.microsoft.com/azure/import-export/storage-import-export-data-to-blobs): "if the tracking number is not
 * updated within 2 weeks of creating the job, the job expires" (later updates do not restart that clock); once in
 * Shipping the drives should reach the datacenter within two weeks, or they are marked NeverReceived.
 */

import type { Deadline, DeadlineKind, DeadlineStatus } from '../model/deadline';
import type { KeyAt } from '../i18n/resources';
import type { JobState } from './jobStates';

export const deadlineDays = 14;
/** Below this much time left the countdown turns into a warning. */
export const warningDays = 3;

const dayMs = 24 * 60 * 60 * 1000;

/**
 * The deadline that applies now, or null when none applies (the drives have arrived).
 *
 * `since` is when the clock started: the job's creation while Creating, the time shipping was entered while
 * Shipping.
 */
export function jobDeadline(state: JobState, since: Date | string, now: Date | string): Deadline | null {
  let kind: DeadlineKind;
  if (state === 'Creating') kind = 'enterShipping';
  else if (state === 'Shipping') kind = 'reachDatacenter';
  else return null;
  const start = new Date(since).getTime();
  const due = start + deadlineDays * dayMs;
  const remainingMs = due - new Date(now).getTime();
  const status: DeadlineStatus = remainingMs <= 0 ? 'passed' : remainingMs <= warningDays * dayMs ? 'warning' : 'ok';
  const left = Math.max(0, remainingMs);
  return {
    kind,
    due: new Date(due).toISOString(),
    remainingMs,
    status,
    days: Math.floor(left / dayMs),
    hours: Math.floor((left % dayMs) / (60 * 60 * 1000)),
  };
}

/** i18n key of the countdown sentence for a deadline (namespace `workflow`). */
export function deadlineMessageKey(d: Deadline): KeyAt<'workflow:deadline'> {
  return `workflow:deadline.${d.kind}.${d.status}`;
}
