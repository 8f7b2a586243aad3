/**
 * Which BitLocker key a drive already has, so that a key is never replaced without a word: a drive an earlier run
 * prepared keeps its key, and an import job that already lists the drive keeps working.
 *
 * Three witnesses: this staging location's records (the DriveInfo file, the journal's DriveInfo record, the pending
 * key of a copy not finished yet, each checked on read), the drive itself (the emulated BitLocker marker at its
 * root, which proves a key without holding it), and the import jobs the session recorded for the drive
 * (listBitLockerKeys). The records are used when sound and the drive agrees; otherwise the job's key is used when
 * the drive agrees with it. When a job holds a key the drive does not open, or the records are damaged and no job
 * holds a key, the run stops before anything is written: replacing the key then would leave the job unable to
 * unlock the drive (the datacenter closes it with BitLockerKeyInvalid), or would hide the damage.
 *
 * A drive without a marker and without sound records gets a new key as before: nothing refers to an old one
 * except a job, and a job that holds one stops the run here.
 */

import { promises as fs } from 'node:fs';
import path from 'node:path';
import { OfflineSeedError } from '../../shared/errors';
import { isRecoveryPassword } from '../../shared/rules/recoveryPassword';
import { stagingLayout } from '../../shared/stagingLayout';
import { journalPaths, parseDriveInfo, readJournal } from '../formats/journal';
import { writeFileAtomic } from '../session/sessionFile';
import { ensurePrivateDir } from '../files/privateDir';
import { bitLockerKeyCheck, readBitLockerMarker } from './emulatedBitLocker';

/** The keys the session's import jobs hold for a drive serial (listBitLockerKeys), with the job's name. */
export type JobKeys = (driveId: string) => Promise<Array<{ job: string; key: string }>>;

export interface RecordedKey {
  /** The key the records agree on, null when they hold none or are damaged. */
  key: string | null;
  /** The first damaged record file, null when sound. */
  damaged: string | null;
  /** Why (for the error's detail, never a key). */
  reason?: string;
}

/** Before the DriveInfo exists, the key is kept 0600 in staging/.work so a resumed run reuses it. */
export function pendingKeyFile(stagingDir: string, driveId: string): string {
  return path.join(stagingDir, stagingLayout.workDir, 'drives', `${path.basename(journalPaths(stagingDir, driveId).journal, '.jrn')}.key`);
}

/** Writes the pending key atomically (a kill never leaves half a key to be reused), 0600 in a 0700 folder. */
export async function writePendingKey(stagingDir: string, driveId: string, key: string): Promise<void> {
  const f = pendingKeyFile(stagingDir, driveId);
  await ensurePrivateDir(path.dirname(f));
  await writeFileAtomic(f, key, 0o600);
}

/** The key this staging location recorded for `driveId`, each record checked on read. */
export async function recordedDriveKey(stagingDir: string, driveId: string): Promise<RecordedKey> {
  const p = journalPaths(stagingDir, driveId);
  const keys: string[] = [];
  const read = (f: string) =>
    fs.readFile(f, 'utf8').then(
      (t) => t,
      (e: NodeJS.ErrnoException) => (e.code === 'ENOENT' ? null : Promise.reject(e)),
    );

  const info = await read(p.driveInfo);
  if (info !== null) {
    try {
      const d = parseDriveInfo(info, p.driveInfo);
      if (d.driveId !== driveId || !isRecoveryPassword(d.bitLockerKey)) return { key: null, damaged: p.driveInfo, reason: 'DriveInfo names another drive or holds no recovery password' };
      keys.push(d.bitLockerKey);
    } catch {
      return { key: null, damaged: p.driveInfo, reason: 'DriveInfo does not parse' };
    }
  }
  const j = await readJournal(p.journal);
  if (j.damage) return { key: null, damaged: p.journal, reason: j.damage };
  // The DriveInfo file is written after the journal's DriveInfo record: a journal without it lost its end.
  if (info !== null && j.chain.n > 0 && !j.driveInfo) return { key: null, damaged: p.journal, reason: 'the journal ends before its DriveInfo record, which the DriveInfo file shows was written' };
  if (j.driveInfo) {
    if (j.driveInfo.driveId !== driveId) return { key: null, damaged: p.journal, reason: 'the DriveInfo record names another drive' };
    keys.push(j.driveInfo.bitLockerKey);
  }
  const pendingFile = pendingKeyFile(stagingDir, driveId);
  const pending = (await read(pendingFile))?.trim();
  if (pending) {
    if (!isRecoveryPassword(pending)) return { key: null, damaged: pendingFile, reason: 'the pending key is not a recovery password' };
    if (keys.length === 0) keys.push(pending);
  }
  if (new Set(keys).size > 1) return { key: null, damaged: p.journal, reason: 'the journal and the DriveInfo file hold different keys' };
  return { key: keys[0] ?? null, damaged: null };
}

export interface IdentifyInput {
  stagingDir: string;
  driveId: string;
  /** What the user knows the drive by, for the sentence. */
  drive: string;
  /** The drive's mounted root, where its marker is; null when the drive has no readable volume. */
  root: string | null;
  jobKeys?: JobKeys | undefined;
}

/** What the drive itself says about a key: an emulated marker, or (Windows) the recovery passwords of its volume. */
export interface DriveWitness {
  /** Whether the drive carries anything that can confirm a key. */
  present: boolean;
  opens(key: string): boolean;
}

/** The witness of the emulated BitLocker marker at `root` (none when there is no marker for this drive). */
export async function markerWitness(root: string | null, driveId: string): Promise<DriveWitness> {
  const marker = root ? await readBitLockerMarker(root) : null;
  const m = marker && marker.driveId === driveId ? marker : null;
  return { present: m !== null, opens: (key) => m !== null && m.keyCheck.toLowerCase() === bitLockerKeyCheck(driveId, key) };
}

/** The witness of a Windows volume: the recovery passwords Get-BitLockerVolume lists for it. */
export function volumeWitness(recoveryPasswords: string[]): DriveWitness {
  return { present: recoveryPasswords.length > 0, opens: (key) => recoveryPasswords.includes(key) };
}

export interface KnownKeys {
  recorded: RecordedKey;
  jobs: Array<{ job: string; key: string }>;
}

/** What this staging location and the session's import jobs know about the drive's key. */
export async function knownKeys(o: Pick<IdentifyInput, 'stagingDir' | 'driveId' | 'jobKeys'>): Promise<KnownKeys> {
  return { recorded: await recordedDriveKey(o.stagingDir, o.driveId), jobs: o.jobKeys ? await o.jobKeys(o.driveId) : [] };
}

/** Whether anything at all refers to a key for the drive (a resumed run, or a drive an import job lists). */
export function anyKnown(k: KnownKeys): boolean {
  return k.recorded.key !== null || k.recorded.damaged !== null || k.jobs.length > 0;
}

/**
 * Decides from what is known and what the drive says: the key it keeps, or null when it gets a new one. Throws
 * `drives:errors.keyDisagrees` or `drives:errors.journalDamaged` (or `mismatch()` when given, for records holding a
 * key the drive does not open) instead of replacing a key.
 */
export function decideDriveKey(
  o: Pick<IdentifyInput, 'stagingDir' | 'driveId' | 'drive'>,
  { recorded, jobs }: KnownKeys,
  witness: DriveWitness,
  mismatch?: () => Error,
): { key: string; source: 'records' | 'job' } | null {
  const job = jobs[0];
  // The records are right when sound and the drive (if it can tell) agrees.
  const recordsAgree = recorded.key !== null && (!witness.present || witness.opens(recorded.key));

  if (job) {
    if (recordsAgree && recorded.key === job.key) return { key: job.key, source: 'records' };
    if (witness.opens(job.key)) return { key: job.key, source: 'job' };
    throw new OfflineSeedError({
      code: 'drives:errors.keyDisagrees',
      params: { drive: o.drive, driveId: o.driveId, job: job.job },
      step: 'drives',
      detail: { records: recorded.damaged ? `damaged: ${recorded.reason ?? ''}` : recorded.key ? 'hold another key' : 'missing' },
    });
  }
  if (recordsAgree) return { key: recorded.key!, source: 'records' };
  if (!recorded.damaged && recorded.key !== null && mismatch) throw mismatch();
  if (recorded.damaged || recorded.key !== null) {
    throw new OfflineSeedError({
      code: 'drives:errors.journalDamaged',
      params: { drive: o.drive, driveId: o.driveId, file: recorded.damaged ?? journalPaths(o.stagingDir, o.driveId).journal },
      step: 'drives',
      detail: { reason: recorded.reason ?? 'the drive does not open with the recorded key' },
    });
  }
  return null;
}

/**
 * The key the drive already has (from the records or the import job, the drive's marker agreeing), or null when it
 * gets a new one. Throws `drives:errors.keyDisagrees` or `drives:errors.journalDamaged` instead of replacing a key.
 */
export async function identifyDriveKey(o: IdentifyInput): Promise<{ key: string; source: 'records' | 'job' } | null> {
  return decideDriveKey(o, await knownKeys(o), await markerWitness(o.root, o.driveId));
}
