/**
 * Steps 4 and 5 (drives and copy) as both front ends run them: the staging location's files and drive rules,
 * each chosen drive judged again before anything is erased, the packing plan, and preparation with copy and verify.
 */

import { promises as fs } from 'node:fs';
import { OfflineSeedError } from '../../shared/errors';
import { translate } from '../../shared/i18n';
import type { Language } from '../../shared/i18n/languages';
import {
  checkDrive,
  checkDrives,
  type DriveInfo,
  type DriveProblem,
  type Eligibility,
  type EligibilityContext,
} from '../../shared/rules/driveEligibility';
import { driveReserveBytes, planPacking, spaceOnDrive, usableBytes, type PackingPlan } from '../../shared/rules/packingPlan';
import type { Session } from '../../shared/session';
import { journalPaths } from '../formats/journal';
import { bitLockerMarkerFile } from '../drives/emulatedBitLocker';
import { eligibilityContextFor } from '../drives/context';
import { assertCanEncrypt, notEligibleError } from '../drives/prepare';
import { prepareAndCopy, type PrepareAndCopyOutcome } from '../drives/prepareAndCopy';
import type { JobContext } from '../jobs';
import { requireSessionOf } from '../session/folder';
import { agentStagingSource, ownStagingSource, type ShipFile, type ShipSource } from '../copy/source';
import { checkStagingIntegrity } from '../staging/check';
import { connectFor, type UseCaseEnv } from './env';
import type { JobKeys } from '../drives/driveKey';
import { assertCanElevate, driveNeedsElevation, elevatedDriveOps, type ElevationOptions } from '../elevation/client';

/** A staging location opened for the drives step. */
export interface DrivesStep {
  /** The session folder (journals, DriveInfo files, the session): the staging location itself for Offline Seed's own. */
  stagingDir: string;
  /** The staging location as the user names it. */
  location: string;
  session: Session;
  /** What is read and which blobs it becomes. */
  source: ShipSource;
  /** The files to ship: the packs and index, or every file of the agent's staging location. */
  files: ShipFile[];
  totalBytes: number;
  eligibility: EligibilityContext;
  /** The cloud the drives are prepared for (it decides how BitLocker is done). */
  cloud: string;
  /** The keys the session's import jobs hold for a drive (listBitLockerKeys); none without a job listing it. */
  jobKeys?: JobKeys;
}

/**
 * The staging location's session, files and drive rules; refuses a location without a session or without files. A
 * staging location the backup agent wrote is found through its session folder and listed as it is now.
 */
export async function openDrivesStep(env: Pick<UseCaseEnv, 'cloud' | 'dataDir' | 'workDir'> & Partial<UseCaseEnv>, stagingDir: string): Promise<DrivesStep> {
  const { sessionDir, session } = await requireSessionOf({ ...env, stagingDir }, 'drives');
  const source = session.agentStaging ? agentStagingSource(session.agentStaging) : ownStagingSource(sessionDir, session.importJobName);
  const files = await source.list();
  if (files.length === 0) {
    throw new OfflineSeedError({
      code: 'drives:errors.nothingToCopy',
      params: { staging: source.dir },
      step: 'copy',
    });
  }
  return {
    stagingDir: sessionDir,
    location: source.dir,
    session,
    source,
    files,
    totalBytes: files.reduce((n, f) => n + f.size, 0),
    eligibility: await eligibilityContextFor(source.dir, session, files),
    cloud: env.cloud ?? session.cloud,
    jobKeys: jobKeysFor({ ...env, lang: env.lang ?? 'en' }, session),
  };
}

/**
 * The keys that the import jobs this session recorded hold for a drive serial: Azure is asked (listBitLockerKeys)
 * only when a recorded job lists the drive.
 */
export function jobKeysFor(env: UseCaseEnv, session: Session): JobKeys {
  return async (driveId) => {
    const jobs = (session.workflow?.jobs ?? []).filter((j) => j.driveIds.includes(driveId));
    const out: Array<{ job: string; key: string }> = [];
    for (const j of jobs) {
      const azure = await connectFor(env, session, j.subscriptionId);
      for await (const k of azure.importExport.bitLockerKeys.list(j.name, j.resourceGroup)) {
        if (k.driveId === driveId && k.bitLockerKey) out.push({ job: j.name, key: k.bitLockerKey });
      }
    }
    return out;
  };
}

/** Whether this staging location already journaled the drive: it is resumed, never erased again. */
export function driveResumed(step: DrivesStep, d: DriveInfo): Promise<boolean> {
  return fs.stat(journalPaths(step.stagingDir, d.serial).journal).then(
    () => true,
    () => false,
  );
}

/** Usable bytes assumed for a drive before it is formatted (NTFS takes about 3 %). */
export const driveCapacity = (d: DriveInfo): number => usableBytes(d.kind === 'dir' ? d.sizeBytes : Math.floor(d.sizeBytes * 0.97));

/** Every drive judged for this staging location, with whether it is resumed. */
export async function judgeDrives(step: DrivesStep, drives: DriveInfo[]): Promise<Array<{ drive: DriveInfo; eligibility: Eligibility; resumed: boolean }>> {
  return Promise.all(checkDrives(drives, step.eligibility).map(async (j) => ({ ...j, resumed: await driveResumed(step, j.drive) })));
}

/** A rule's sentence in the user's language (the sentence formats its sizes). */
export function driveProblemText(p: Pick<DriveProblem, 'key' | 'params'>, lang: Language): string {
  return translate(lang, p.key, p.params);
}

export interface ChosenDrive {
  resumed: boolean;
  /** A folder drive's files (relative) that the copy replaces, with --allow-nonempty; to be named to the user. */
  replaces: string[];
  /** Said to the user, never a refusal. */
  warnings: DriveProblem[];
  /** Preparing it erases it: the user must confirm first. */
  erases: boolean;
}

/**
 * Judges a drive the user chose, right before anything happens to it: refuses a drive given twice, one the rules
 * exclude (a resumed drive may be smaller than a fresh one needs; the sentence names the first problem,
 * `onMoreProblems` hears the others) and one that cannot be encrypted for this cloud.
 */
export async function checkChosenDrive(
  step: DrivesStep,
  d: DriveInfo,
  o: { all: DriveInfo[]; taken: DriveInfo[]; onMoreProblems?(problems: DriveProblem[]): void; allowNonEmpty?: boolean },
): Promise<ChosenDrive> {
  if (o.taken.some((t) => t.serial === d.serial && t.device === d.device)) {
    throw new OfflineSeedError({ code: 'drives:errors.driveTwice', params: { drive: d.id }, step: 'drives', exitCode: 2 });
  }
  const resumed = await driveResumed(step, d);
  const e = checkDrive(d, step.eligibility, o.all.length > 0 ? o.all : undefined);
  const errors = e.errors.filter((p) => !(resumed && p.name === 'tooSmall'));
  if (errors.length > 0) {
    o.onMoreProblems?.(errors.slice(1));
    throw notEligibleError(d, errors);
  }
  assertCanEncrypt(d, step.cloud);
  const replaces = d.kind === 'dir' ? await checkFolderDrive(step, d, resumed, o.allowNonEmpty === true) : [];
  return { resumed, replaces, warnings: e.warnings, erases: d.kind !== 'dir' && !resumed };
}

/**
 * A folder drive must be empty unless `allowNonEmpty`: returns the files there that the copy replaces. (A folder
 * inside the staging location or a source is refused by the drive rules, holdsStaging and holdsSource.)
 */
async function checkFolderDrive(step: DrivesStep, d: DriveInfo, resumed: boolean, allowNonEmpty: boolean): Promise<string[]> {
  const folder = d.device;
  if (resumed) return [];
  const entries = await fs.readdir(folder);
  if (entries.length === 0) return [];
  if (!allowNonEmpty) {
    throw new OfflineSeedError({
      code: 'drives:errors.dirNotEmpty',
      params: { drive: d.id, count: entries.length, files: entries.slice(0, 3).join(', ') },
      step: 'drives',
      exitCode: 2,
    });
  }
  // What the copy writes there: the manifest, the marker, and the job's folder.
  const ours = new Set(['DriveManifest.xml', bitLockerMarkerFile, step.session.importJobName]);
  return entries.filter((n) => ours.has(n)).sort();
}

/** The refusal when the user did not confirm erasing `drive`, or chose no drive at all (`drive` null). */
export function eraseCancelled(drive: string | null): OfflineSeedError {
  return drive === null
    ? new OfflineSeedError({ code: 'drives:errors.noDriveChosen', step: 'drives' })
    : new OfflineSeedError({ code: 'drives:errors.eraseCancelled', params: { drive }, step: 'drives' });
}

/** How the staging spreads over `drives` (first-fit decreasing on their usable capacity). */
export function planDrives(step: DrivesStep, drives: DriveInfo[]): PackingPlan {
  return planPacking(step.files, drives.map(driveCapacity));
}

/** The smallest drive (its size as sold) that holds a file of `size` bytes once formatted: the inverse of driveCapacity. */
export function driveSizeFor(size: number): number {
  return Math.ceil((spaceOnDrive(size) + driveReserveBytes) / 0.995 / 0.97);
}

/**
 * Refuses, before anything is erased, a plan with a file larger than every chosen drive: Import/Export cannot split a
 * file across drives. The sentence names the file and the drive size it needs.
 */
export function assertPlaceable(step: DrivesStep, plan: PackingPlan): void {
  const big = plan.unplaceable[0];
  if (!big) return;
  throw new OfflineSeedError({
    code: 'agent:errors.fileTooLargeForDrives',
    params: { file: big.relPath, size: big.size, needed: driveSizeFor(big.size), staging: step.location },
    step: 'drives',
    exitCode: 2,
  });
}

/**
 * Checks the staging location before any drive is touched and so before any import job: Offline Seed's own, every
 * pack against its index (a damaged location stops here); an agent's, that its files still are as listed (in
 * prepareAndCopy). Then prepares the confirmed drives, copies the staging onto them and verifies by reading back;
 * records them in the session.
 */
export async function prepareDrives(
  step: DrivesStep,
  drives: DriveInfo[],
  job: JobContext,
  nextDrive?: (left: { files: number; bytes: number }) => Promise<DriveInfo | null>,
  hooks: {
    /** Only tests set it: awaited after each file is journaled. */
    afterFile?: (relPath: string) => Promise<void>;
    /**
     * Set by a front end that runs unelevated: the drives that need elevation are prepared by the elevated helper,
     * asked for this step alone (one prompt); everything else stays in this process.
     */
    elevation?: ElevationOptions;
  } = {},
): Promise<PrepareAndCopyOutcome> {
  // No way to ask for elevation: said before anything is read or written.
  if (hooks.elevation && drives.some((d) => driveNeedsElevation(d, step.cloud))) assertCanElevate(hooks.elevation);
  if (!step.session.agentStaging) await checkStagingIntegrity(step.stagingDir, job, { reportDone: false });
  const ops = hooks.elevation ? elevatedDriveOps(hooks.elevation) : undefined;
  try {
    return await prepareAndCopy({
      stagingDir: step.stagingDir,
      source: step.source,
      listed: step.files,
      session: step.session,
      cloud: step.cloud,
      drives,
      eligibility: step.eligibility,
      job,
      totalBytes: step.totalBytes,
      ...(nextDrive ? { nextDrive } : {}),
      ...(step.jobKeys ? { jobKeys: step.jobKeys } : {}),
      ...(hooks.afterFile ? { afterFile: hooks.afterFile } : {}),
      ...(ops ? { ops } : {}),
    });
  } finally {
    await ops?.close();
  }
}
