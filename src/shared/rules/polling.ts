/** How often a job's status is looked at while someone watches it: the command line's --watch and the Monitor page. */

import type { JobStatus } from '../model/jobStatus';

/** Polling backoff: 5 s after a change, doubling while nothing changes, at most 5 minutes. */
export function nextPollDelay(previousMs: number | null, changed: boolean, minMs = 5_000, maxMs = 300_000): number {
  if (previousMs === null || changed) return minMs;
  return Math.min(maxMs, previousMs * 2);
}

/** A fingerprint of what a user would notice changing in a job's status. */
export function statusFingerprint(s: Pick<JobStatus, 'state' | 'percentComplete' | 'drives'>): string {
  return JSON.stringify([s.state, s.percentComplete, s.drives.map((d) => [d.state, d.copyStatus, d.percentComplete, d.bytesSucceeded])]);
}
