/**
 * The drive step's whole run, shared by `offline-seed diskprep` and the wizard: prepare the chosen drives, copy
 * and verify (asking for another drive when they are full), check each recorded key, record the drives in the
 * session, release the mounts. `assertReadyToShip` turns a run that is not ready into one clear error.
 */

import path from 'node:path';
import { OfflineSeedError } from '../../shared/errors';
import type { DriveInfo, EligibilityContext } from '../../shared/rules/driveEligibility';
import { sessionStates, type Session } from '../../shared/session';
import { driveCheck, type PreparedDriveRecord } from '../../shared/session/drives';
import { copySession, type CopySessionResult } from '../copy/copySession';
import { assertSourceSteady, type ShipFile, type ShipSource } from '../copy/source';
import type { DriveVerifyProblem } from '../copy/copyToDrive';
import type { JobContext } from '../jobs';
import { updateSession } from '../session/sessionFile';
import type { JobKeys } from './driveKey';
import { dropDeviceCacheUnder, type DeviceCacheOutcome } from '../platform/linux/deviceCache';
import { activateDrive, checkRecordedKey, forgetPendingKey, prepareDrive, releaseDrive, type PrepareInput, type PreparedTarget } from './prepare';

export interface PrepareAndCopyInput {
  /** The session folder: journals, DriveInfo files, the session. */
  stagingDir: string;
  /** What goes onto the drives (Offline Seed's own staging in `stagingDir` when absent). */
  source?: ShipSource;
  /** The source's files as listed when the step opened: a source that may change is checked against them first. */
  listed?: ShipFile[];
  session: Session;
  cloud: string;
  drives: DriveInfo[];
  eligibility: EligibilityContext;
  job: JobContext;
  totalBytes: number;
  /** Awaited after each file is journaled: only tests set it (to kill a run in the middle, or to change the source). */
  afterFile?: (relPath: string) => Promise<void>;
  /** Asked when the drives are full: another (already confirmed) drive, or null to stop. */
  nextDrive?: (left: { files: number; bytes: number }) => Promise<DriveInfo | null>;
  /** The keys the session's import jobs hold for a drive (prepare.ts keeps them or stops). */
  jobKeys?: JobKeys;
  /**
   * What touches the drives themselves (erase, format, BitLocker, mount, key check, unmount): this process's own by
   * default; an unelevated front end passes the elevated helper's (src/core/elevation).
   */
  ops?: DriveOps;
}

/** The drive operations that may need elevation; everything else (copy, journals, session) runs in this process. */
export interface DriveOps {
  prepare(input: PrepareInput): Promise<PreparedTarget>;
  checkKey(t: PreparedTarget): Promise<boolean>;
  release(t: PreparedTarget): Promise<void>;
  /** Empties the device buffer cache under a mounted drive before it is read back (platform/linux/deviceCache.ts). */
  emptyDeviceCache(root: string): Promise<DeviceCacheOutcome>;
}

export const localDriveOps: DriveOps = { prepare: prepareDrive, checkKey: checkRecordedKey, release: releaseDrive, emptyDeviceCache: dropDeviceCacheUnder };

export interface PrepareAndCopyOutcome {
  records: PreparedDriveRecord[];
  problems: Map<string, DriveVerifyProblem[]>;
  result: CopySessionResult;
}

export async function prepareAndCopy(o: PrepareAndCopyInput): Promise<PrepareAndCopyOutcome> {
  const { stagingDir, session, job } = o;
  const ops = o.ops ?? localDriveOps;
  const targets: PreparedTarget[] = [];
  const prepare = async (d: DriveInfo) => {
    job.report({ phase: 'formatting', bytesDone: 0, bytesTotal: o.totalBytes, current: d.id }, true);
    const t = await ops.prepare({
      drive: d,
      stagingDir,
      cloud: o.cloud,
      label: session.importJobName.slice(0, 32),
      eligibility: o.eligibility,
      ...(o.jobKeys ? { jobKeys: o.jobKeys } : {}),
      onPhase: (phase) => job.report({ phase, bytesDone: 0, bytesTotal: o.totalBytes, current: d.id }, true),
      signal: job.signal,
    });
    targets.push(t);
    return t;
  };
  // An agent's staging location that changed since it was listed, or has a file this account cannot read, stops the
  // run here: before any drive is formatted or written.
  if (o.source && o.listed) await assertSourceSteady(o.source, o.listed);
  try {
    for (const d of o.drives) await prepare(d);
    let copied = 0;
    let verified = 0;
    const result = await copySession({
      stagingDir,
      ...(o.source ? { source: o.source } : {}),
      ...(o.afterFile ? { afterFile: o.afterFile } : {}),
      container: session.container,
      importJobName: session.importJobName,
      sessionId: session.sessionId,
      targets: [...targets],
      throwIfCancelled: () => job.throwIfCancelled(),
      emptyDeviceCache: (root) => ops.emptyDeviceCache(root),
      onDriveStart: (t) => activateDrive(stagingDir, targets.find((x) => x.driveId === t.driveId)!),
      onBytes: (n, phase, current, driveId) => {
        if (phase === 'copying') copied += n;
        else verified += n;
        job.report({ phase, bytesDone: phase === 'copying' ? copied : verified, bytesTotal: o.totalBytes, current, extra: { drive: driveId } });
      },
      nextDrive: async (left) => {
        const d = await o.nextDrive?.(left);
        return d ? prepare(d) : null;
      },
    });
    const records: PreparedDriveRecord[] = [];
    const problems = new Map<string, DriveVerifyProblem[]>();
    for (const r of result.drives) {
      const t = targets.find((x) => x.driveId === r.driveId)!;
      const keyChecked = await ops.checkKey(t);
      if (keyChecked) await forgetPendingKey(stagingDir, r.driveId);
      problems.set(r.driveId, r.verifyProblems);
      records.push({
        driveId: r.driveId,
        drive: t.drive.id,
        model: t.drive.model,
        sizeBytes: t.drive.sizeBytes,
        bitLocker: t.bitLocker,
        bitLockerKeyRef: path.relative(stagingDir, r.driveInfoFile),
        journalFile: path.relative(stagingDir, r.journalFile),
        manifestFile: r.manifestFile,
        manifestHash: r.manifestHash,
        files: r.files.length,
        bytes: r.bytes,
        verified: r.verified,
        // Bytes found different are a failed verify, whatever reached them; only a clean read through the cache is "not verified".
        ...(r.readThroughCache && r.verifyProblems.length === 0 ? { readThroughCache: true } : {}),
        keyChecked,
        preparedAt: new Date().toISOString(),
      });
    }
    await updateSession(stagingDir, (x) => {
      const keep = (x.drives?.drives ?? []).filter((d) => !records.some((r) => r.driveId === d.driveId));
      const done = result.complete && records.every((r) => r.keyChecked);
      const state = done && sessionStates.indexOf(x.state) < sessionStates.indexOf('copied') ? 'copied' : x.state;
      return { ...x, state, drives: { ...x.drives, drives: [...keep, ...records], remainingFiles: result.remaining.length + result.changed.length, updatedAt: new Date().toISOString() } };
    });
    job.report({ phase: 'done', bytesDone: o.totalBytes, bytesTotal: o.totalBytes }, true);
    return { records, problems, result };
  } finally {
    for (const t of targets) await ops.release(t).catch(() => undefined);
  }
}

/** Throws the one error that says why the drives must not ship yet: failed verify, failed key check, files left. */
export function assertReadyToShip(out: PrepareAndCopyOutcome): void {
  const checked = (c: ReturnType<typeof driveCheck>) => out.records.filter((r) => driveCheck(r) === c).map((r) => r.drive);
  const bad = checked('differs');
  if (bad.length > 0) {
    throw new OfflineSeedError({ code: 'drives:errors.verifyFailed', params: { drives: bad.join(', ') }, step: 'copy' });
  }
  const throughCache = checked('notVerified');
  if (throughCache.length > 0) {
    throw new OfflineSeedError({ code: 'drives:errors.readThroughCache', params: { drives: throughCache.join(', ') }, step: 'copy' });
  }
  const unchecked = checked('keyFailed');
  if (unchecked.length > 0) {
    throw new OfflineSeedError({ code: 'drives:errors.keyCheckFailed', params: { drives: unchecked.join(', ') }, step: 'drives' });
  }
  const changed = out.result.changed[0];
  if (changed !== undefined) {
    throw new OfflineSeedError({ code: 'agent:errors.changedAfterCopy', params: { file: changed, count: out.result.changed.length }, step: 'copy' });
  }
  const left = out.result.remaining;
  if (left.length > 0) {
    const bytes = left.reduce((n, f) => n + f.size, 0);
    throw new OfflineSeedError({
      code: 'drives:errors.needMoreDrives',
      params: { count: left.length, bytes },
      step: 'copy',
    });
  }
}
