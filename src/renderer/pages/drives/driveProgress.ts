/**
 * Folding a copy job's reports into one row per drive (pure, for pages/drives/store.ts). Core reports one copy job
 * (src/core/drives/prepareAndCopy.ts): formatting and encrypting name the drive as chosen (`current`), copying and
 * verifying name it by its drive ID (`extra.drive`) with bytes counted over the whole job; each drive is copied then
 * verified before the next.
 */

import type { JobPhase, Progress } from '../../../shared/progress';
import type { DriveCheck } from '../../../shared/session/drives';

export interface DriveRow {
  phase: JobPhase;
  /** Bytes of this drive in its current phase (copied, then read back). */
  done: number;
  bytesPerSecond: number;
}

export interface JobDrives {
  rows: Record<string, DriveRow>;
  /** Work of the job that is not one drive's (checking the staging location first). */
  other: Progress | null;
  /** The job's counters when each drive began copying and verifying. */
  copiedBase: Record<string, number>;
  verifiedBase: Record<string, number>;
  lastCopied: number;
  lastVerified: number;
  active: string | null;
}

export const emptyDrives = (): JobDrives => ({ rows: {}, other: null, copiedBase: {}, verifiedBase: {}, lastCopied: 0, lastVerified: 0, active: null });

/** One report of a copy job folded into its rows. */
export function foldProgress(j: JobDrives, p: Progress): JobDrives {
  const next: JobDrives = { ...j, rows: { ...j.rows } };
  const serial = typeof p.extra?.drive === 'string' ? p.extra.drive : undefined;
  if (p.phase === 'done') {
    for (const k of Object.keys(next.rows)) next.rows[k] = { ...next.rows[k]!, phase: 'done' };
    next.other = null;
    return next;
  }
  if ((p.phase === 'formatting' || p.phase === 'encrypting') && p.current) {
    next.rows[p.current] = { phase: p.phase, done: 0, bytesPerSecond: 0 };
    next.other = null;
    return next;
  }
  if (serial && (p.phase === 'copying' || p.phase === 'verifying')) {
    // A new drive: the one before it is copied and verified.
    if (next.active && next.active !== serial && next.rows[next.active]) next.rows[next.active] = { ...next.rows[next.active]!, phase: 'done' };
    next.active = serial;
    let done: number;
    if (p.phase === 'copying') {
      next.copiedBase = serial in j.copiedBase ? j.copiedBase : { ...j.copiedBase, [serial]: j.lastCopied };
      done = p.bytesDone - next.copiedBase[serial]!;
      next.lastCopied = p.bytesDone;
    } else {
      next.verifiedBase = serial in j.verifiedBase ? j.verifiedBase : { ...j.verifiedBase, [serial]: j.lastVerified };
      done = p.bytesDone - next.verifiedBase[serial]!;
      next.lastVerified = p.bytesDone;
    }
    next.rows[serial] = { phase: p.phase, done: Math.max(0, done), bytesPerSecond: p.bytesPerSecond };
    next.other = null;
    return next;
  }
  next.other = p;
  return next;
}


/** A drive card's phase while the copy job runs, and once it ended. */
export type CardPhase = 'waiting' | 'formatting' | 'encrypting' | 'copying' | 'verifying' | 'checking' | 'done' | 'stopped';

/**
 * What a drive's card says: its phase while the job runs; once the job ended, "done" for a drive that got through
 * (else "stopped") — unless checking the recorded drive showed otherwise (`check`, once the results are read): a drive
 * read back different, only through the cache, or whose key does not open it is not "Copied and verified". Until the
 * recorded drives are read (`resultsRead` false) a drive that got through is "checking": every row ends "done" when
 * the copy reaches its end, fit to ship or not, so saying "Copied and verified" then would be a guess.
 */
export function cardState(row: JobPhase | undefined, ended: string | undefined, check: DriveCheck | undefined, resultsRead: boolean): CardPhase | Exclude<DriveCheck, 'verified'> {
  const shown: CardPhase = row === 'formatting' || row === 'encrypting' || row === 'copying' || row === 'verifying' || row === 'done' ? row : 'waiting';
  const phase: CardPhase = ended === 'succeeded' ? 'done' : ended ? (shown === 'done' ? 'done' : 'stopped') : shown;
  if (phase !== 'done') return phase;
  if (check) return check === 'verified' ? 'done' : check;
  return resultsRead ? 'done' : 'checking';
}
