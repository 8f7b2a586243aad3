/**
 * Makes a chosen drive ready to receive the copy: rules re-checked with the serial re-read, wiped, one NTFS
 * volume, mounted, and BitLocker (Windows), or an emulated key in local rehearsal. A drive this staging already
 * journaled is not formatted again (resume): it is mounted and its recorded key reused.
 */

import { promises as fs } from 'node:fs';
import path from 'node:path';
import { OfflineSeedError } from '../../shared/errors';
import { isPublicCloudName } from '../../shared/cloud';
import { checkDrive, type DriveInfo, type DriveProblem, type EligibilityContext } from '../../shared/rules/driveEligibility';
import { stagingLayout } from '../../shared/stagingLayout';
import type { CopyTarget } from '../copy/copyToDrive';
import { journalPaths, readJournal } from '../formats/journal';
import { checkEmulatedBitLockerKey, generateRecoveryPassword, writeBitLockerMarker } from './emulatedBitLocker';
import { isRecoveryPassword } from '../../shared/rules/recoveryPassword';
import { listDrives } from './enumerate';
import type { PowerShellRunner } from '../platform/windows/powershell';
import { fsTypeOf, formatNtfs, mountNtfs, mountPointsOf, unmount, bitLockerKeyUnlocks } from '../platform/linux/ntfs';
import { anyKnown, decideDriveKey, identifyDriveKey, knownKeys, pendingKeyFile, volumeWitness, writePendingKey, type JobKeys, type KnownKeys } from './driveKey';

export type BitLockerMode = 'emulated' | 'windows' | 'linuxBitLocker';

export interface PreparedTarget extends CopyTarget {
  drive: DriveInfo;
  bitLocker: BitLockerMode;
  /** Set when Offline Seed mounted the volume and must unmount it when done. */
  mountedAt?: string;
  /** Whether the drive was formatted in this run (false: resumed or used as is). */
  formatted: boolean;
}

/** Whether the session's cloud is a local profile (rehearsal against the built-in local Azure). */
export function isLocalRehearsal(cloud: string): boolean {
  return !isPublicCloudName(cloud);
}

/** The drive must not be prepared: the sentence names the first of its problems (`errors` is not empty). */
export function notEligibleError(drive: DriveInfo, errors: DriveProblem[]): OfflineSeedError {
  const first = errors[0]!;
  return new OfflineSeedError({
    code: 'drives:errors.notEligible',
    params: { ...first.params, drive: drive.id, reason: first.name },
    step: 'drives',
    detail: { problems: errors.map((p) => p.name).join(', ') },
  });
}

/** Re-reads the drive list and judges the drive again right before it is erased; the serial must not have changed. */
export async function recheckBeforeFormat(drive: DriveInfo, ctx: EligibilityContext, list: () => Promise<DriveInfo[]> = () => listDrives()): Promise<DriveInfo> {
  const all = await list();
  const now = all.find((d) => d.device === drive.device);
  if (!now || now.serial !== drive.serial) {
    throw new OfflineSeedError({
      code: 'drives:errors.serialChanged',
      params: { drive: drive.id, expected: drive.serial, found: now?.serial ?? '' },
      step: 'drives',
    });
  }
  const e = checkDrive(now, ctx, all);
  if (!e.eligible) throw notEligibleError(now, e.errors);
  return now;
}

async function journalStarted(stagingDir: string, driveId: string): Promise<boolean> {
  return fs.stat(journalPaths(stagingDir, driveId).journal).then(
    () => true,
    () => false,
  );
}

export interface PrepareInput {
  drive: DriveInfo;
  stagingDir: string;
  /** The session's cloud: a public cloud name, or a local profile path (rehearsal). */
  cloud: string;
  /** Volume label, e.g. the import job name. */
  label: string;
  eligibility: EligibilityContext;
  platform?: NodeJS.Platform;
  /** Called just before erasing (phase changes for progress). */
  onPhase?: (phase: 'formatting' | 'encrypting') => void;
  list?: () => Promise<DriveInfo[]>;
  /** The keys the session's import jobs hold for a drive: a drive they list keeps its key or stops the run. */
  jobKeys?: JobKeys;
  /** Windows PowerShell; tests pass a replayer of recorded output. */
  ps?: PowerShellRunner;
  /**
   * Keeps a new drive's recovery password for a resumed run. Default: the 0600 pending-key file in the session
   * folder. The elevated helper passes a no-op: it returns the key to the unelevated caller, which keeps it, so no
   * file of the session folder is ever written by the elevated process.
   */
  keepKey?: (key: string) => Promise<void>;
  /** The job's cancellation: the elevated helper's caller forwards it, and the helper stops before its next phase. */
  signal?: AbortSignal;
  /** Linux: who the mounted volume and the folders created for the mount belong to (the unelevated caller). */
  mountOwner?: { uid: number; gid: number };
}

/** Refuses, before anything is erased, what cannot work: BitLocker on Linux against a real Azure cloud. */
export function assertCanEncrypt(drive: DriveInfo, cloud: string, platform: NodeJS.Platform = process.platform): void {
  if (platform !== 'win32' && !isLocalRehearsal(cloud)) {
    throw new OfflineSeedError({
      code: 'drives:errors.bitLockerUnavailable',
      params: { drive: drive.id, cloud },
      step: 'drives',
    });
  }
}

/** The disk's size the journal recorded when it was first prepared; null without a journal or a size in it. */
async function journaledSize(stagingDir: string, driveId: string): Promise<number | null> {
  return (await readJournal(journalPaths(stagingDir, driveId).journal)).driveSizeBytes;
}

/** The journal an earlier run left for the drive: the sentence names it as the way to start the drive over. */
const journalOf = (stagingDir: string, driveId: string) => journalPaths(stagingDir, driveId).journal;

function resumeRefused(code: 'drives:errors.resumeNoKey' | 'drives:errors.resumeKeyMismatch', drive: DriveInfo, stagingDir: string): OfflineSeedError {
  return new OfflineSeedError({ code, params: { drive: drive.id, driveId: drive.serial, journal: journalOf(stagingDir, drive.serial) }, step: 'drives' });
}

/**
 * Windows, a drive this staging already journaled (or an import job lists): re-identified and reused, never
 * formatted (no erase was confirmed for it). The disk must still carry the confirmed serial and size, and its
 * volume must hold the recovery password the records or the job hold (driveKey.ts decides which); a different disk
 * is refused naming both.
 */
async function resumeWindowsDrive(input: PrepareInput, known: KnownKeys): Promise<PreparedTarget> {
  const { drive, stagingDir } = input;
  const all = await (input.list ?? (() => listDrives()))();
  const now = drive.serial ? all.find((d) => d.kind === 'disk' && d.serial === drive.serial) : undefined;
  // The size the journal recorded when the drive was first prepared (a journal from before that: this run's listing).
  const expectedSize = (await journaledSize(stagingDir, drive.serial)) ?? drive.sizeBytes;
  if (!now || now.sizeBytes !== expectedSize) {
    const there = now ?? all.find((d) => d.device === drive.device);
    throw new OfflineSeedError({
      code: 'drives:errors.driveSwapped',
      params: { drive: drive.id, expected: drive.serial, expectedSize, found: there?.serial || '—', foundSize: there?.sizeBytes ?? 0 },
      step: 'drives',
    });
  }
  if (!anyKnown(known)) throw resumeRefused('drives:errors.resumeNoKey', drive, stagingDir);
  let letter = now.volumes.flatMap((v) => v.mountPoints).find((m) => /^[A-Z]:$/i.test(m));
  if (!letter && now.sanPolicy && now.diskNumber !== undefined) {
    // After a restart the SAN policy may have taken the disk offline again: online is not an erase.
    const { bringWindowsDiskOnline } = await import('../platform/windows/format');
    const letters = await bringWindowsDiskOnline({ diskNumber: now.diskNumber, serial: drive.serial, drive: drive.id }, input.ps);
    letter = letters[0] ? `${letters[0]}:` : undefined;
  }
  const { readBitLockerVolume } = await import('../platform/windows/bitlocker');
  const state = letter ? await readBitLockerVolume(letter, { ps: input.ps }) : null;
  const mismatch = () => resumeRefused('drives:errors.resumeKeyMismatch', drive, stagingDir);
  const decided = decideDriveKey({ stagingDir, driveId: drive.serial, drive: drive.id }, known, volumeWitness(state?.recoveryPasswords.map((p) => p.password) ?? []), mismatch);
  if (!letter || !decided || !state?.recoveryPasswords.some((p) => p.password === decided.key)) throw mismatch();
  const l = letter.slice(0, 1).toUpperCase();
  return { root: `${l}:\\`, label: `${l}:`, driveId: drive.serial, bitLockerKey: decided.key, drive: { ...now, id: l }, bitLocker: 'windows', formatted: false, sizeBytes: now.sizeBytes };
}

/**
 * Windows, a `dir:` folder against a real cloud: only on a volume where BitLocker is already on, and the key is
 * the volume's own recovery password (an emulated key could never unlock it in the datacenter); a key the records
 * or an import job hold must be one of the volume's.
 */
async function windowsFolderOnBitLocker(input: PrepareInput): Promise<PreparedTarget> {
  const { drive, stagingDir } = input;
  const letter = /^([A-Za-z]):[\\/]/.exec(drive.device)?.[1]?.toUpperCase();
  const { readBitLockerVolume, acceptedEncryptionMethods } = await import('../platform/windows/bitlocker');
  const state = letter ? await readBitLockerVolume(letter, { ps: input.ps }) : null;
  if (!letter || !state || state.protectionStatus !== 'On' || state.recoveryPasswords.length === 0) {
    throw new OfflineSeedError({ code: 'drives:errors.folderNeedsBitLocker', params: { drive: drive.device, cloud: input.cloud }, step: 'drives' });
  }
  // The Import/Export FAQ asks for AES-256: a volume encrypted otherwise could not be shipped as it is.
  if (!(acceptedEncryptionMethods as readonly string[]).includes(state.encryptionMethod)) {
    throw new OfflineSeedError({ code: 'drives:errors.folderEncryptionMethod', params: { drive: drive.device, cloud: input.cloud, method: state.encryptionMethod || '—' }, step: 'drives' });
  }
  const known = await knownKeys({ stagingDir, driveId: drive.serial, jobKeys: input.jobKeys });
  const decided = decideDriveKey({ stagingDir, driveId: drive.serial, drive: drive.id }, known, volumeWitness(state.recoveryPasswords.map((p) => p.password)), () =>
    resumeRefused('drives:errors.resumeKeyMismatch', drive, stagingDir),
  );
  const key = decided?.key ?? state.recoveryPasswords[state.recoveryPasswords.length - 1]!.password;
  return { root: drive.device, label: `${letter}:`, driveId: drive.serial, bitLockerKey: key, drive, bitLocker: 'windows', formatted: false };
}

export async function prepareDrive(input: PrepareInput): Promise<PreparedTarget> {
  const { drive, stagingDir } = input;
  const platform = input.platform ?? process.platform;
  assertCanEncrypt(drive, input.cloud, platform);

  if (drive.kind === 'dir') {
    if (platform === 'win32' && !isLocalRehearsal(input.cloud)) return windowsFolderOnBitLocker(input);
    // The marker is written by activateDrive, once the drive really receives files: an unused folder stays empty.
    const known = await identifyDriveKey({ stagingDir, driveId: drive.serial, drive: drive.id, root: drive.device, jobKeys: input.jobKeys });
    const key = known?.key ?? generateRecoveryPassword();
    return { root: drive.device, label: drive.id, driveId: drive.serial, bitLockerKey: key, drive, bitLocker: 'emulated', formatted: false };
  }

  if (platform === 'win32') {
    const { formatWindowsDisk } = await import('../platform/windows/format');
    const { enableBitLocker } = await import('../platform/windows/bitlocker');
    if (drive.diskNumber === undefined) throw new OfflineSeedError({ code: 'drives:errors.noDiskNumber', params: { drive: drive.id }, step: 'drives' });
    // A drive this staging journaled was not confirmed for erasing (the confirmation is skipped for it), and a drive
    // whose key the records or an import job hold must keep it: reuse it.
    const known = await knownKeys({ stagingDir, driveId: drive.serial, jobKeys: input.jobKeys });
    if ((await journalStarted(stagingDir, drive.serial)) || anyKnown(known)) return resumeWindowsDrive(input, known);
    const now = await recheckBeforeFormat(drive, input.eligibility, input.list);
    input.onPhase?.('formatting');
    const v = await formatWindowsDisk({ diskNumber: now.diskNumber ?? drive.diskNumber, serial: drive.serial, label: input.label, drive: drive.id, sizeBytes: drive.sizeBytes }, input.ps);
    input.onPhase?.('encrypting');
    const p = await enableBitLocker(v.letter, { ps: input.ps });
    await (input.keepKey ?? ((k) => writePendingKey(stagingDir, drive.serial, k)))(p.password);
    return { root: `${v.letter}:\\`, label: `${v.letter}:`, driveId: drive.serial, bitLockerKey: p.password, drive: { ...drive, id: v.letter }, bitLocker: 'windows', formatted: true, sizeBytes: now.sizeBytes };
  }

  // Linux block device (disk or loop).
  const mountDir = path.join(stagingDir, stagingLayout.workDir, 'mnt', path.basename(journalPaths(stagingDir, drive.serial).journal, '.jrn'));
  const current = await mountPointsOf(drive.device);
  const fsType = await fsTypeOf(drive.device);
  // The key it already has, from the records or the import job, the drive's marker agreeing (driveKey.ts).
  let root = current[0];
  let mountedAt: string | undefined;
  if (fsType === 'ntfs' && !root) {
    await mountNtfs(drive.device, mountDir, input.mountOwner);
    root = mountDir;
    mountedAt = mountDir;
  }
  let known: Awaited<ReturnType<typeof identifyDriveKey>>;
  try {
    known = await identifyDriveKey({ stagingDir, driveId: drive.serial, drive: drive.id, root: fsType === 'ntfs' ? (root ?? null) : null, jobKeys: input.jobKeys });
  } catch (e) {
    if (mountedAt) await unmount(mountedAt).catch(() => undefined);
    throw e;
  }
  if (fsType === 'ntfs' && known && root) {
    // An earlier run prepared it: continue on its volume, if the disk is still the size it was prepared at.
    const expectedSize = await journaledSize(stagingDir, drive.serial);
    if (expectedSize !== null && expectedSize !== drive.sizeBytes) {
      if (mountedAt) await unmount(mountedAt).catch(() => undefined);
      throw new OfflineSeedError({
        code: 'drives:errors.driveSwapped',
        params: { drive: drive.id, expected: drive.serial, expectedSize, found: drive.serial, foundSize: drive.sizeBytes },
        step: 'drives',
      });
    }
    await writeBitLockerMarker(root, drive.serial, known.key);
    return { root, label: drive.id, driveId: drive.serial, bitLockerKey: known.key, drive, bitLocker: 'emulated', mountedAt, formatted: false, sizeBytes: drive.sizeBytes };
  }
  if (mountedAt) await unmount(mountedAt);
  const now = await recheckBeforeFormat(drive, input.eligibility, input.list);
  input.onPhase?.('formatting');
  for (const m of current) await unmount(m);
  await formatNtfs(now.device, input.label);
  await mountNtfs(now.device, mountDir, input.mountOwner);
  input.onPhase?.('encrypting');
  const key = generateRecoveryPassword();
  await (input.keepKey ?? ((k) => writePendingKey(stagingDir, drive.serial, k)))(key);
  await writeBitLockerMarker(mountDir, drive.serial, key);
  return { root: mountDir, label: drive.id, driveId: drive.serial, bitLockerKey: key, drive: now, bitLocker: 'emulated', mountedAt: mountDir, formatted: true, sizeBytes: now.sizeBytes };
}

/** Called when the copy starts on a drive: keeps the key (0600, staging/.work) for a resumed run and writes the emulated marker. */
export async function activateDrive(stagingDir: string, t: PreparedTarget): Promise<void> {
  await writePendingKey(stagingDir, t.driveId, t.bitLockerKey);
  if (t.bitLocker === 'emulated') await writeBitLockerMarker(t.root, t.driveId, t.bitLockerKey);
}

/**
 * Checks, before shipping, that the recorded key is a well-formed recovery password (shared/rules/recoveryPassword.ts)
 * and opens the drive (or matches its emulated marker).
 */
export async function checkRecordedKey(t: PreparedTarget): Promise<boolean> {
  if (!isRecoveryPassword(t.bitLockerKey)) return false;
  try {
    if (t.bitLocker === 'windows') return (await import('../platform/windows/bitlocker')).recoveryPasswordMatches(t.label, t.bitLockerKey);
    if (t.bitLocker === 'linuxBitLocker') return bitLockerKeyUnlocks(t.drive.device, t.bitLockerKey);
    await checkEmulatedBitLockerKey(t.root, t.driveId, t.bitLockerKey);
    return true;
  } catch {
    return false;
  }
}

/** Unmounts what prepareDrive mounted. */
export async function releaseDrive(t: PreparedTarget): Promise<void> {
  if (t.mountedAt) await unmount(t.mountedAt);
}

/** Removes the pending key once the DriveInfo (0600, in journals) holds it. */
export async function forgetPendingKey(stagingDir: string, driveId: string): Promise<void> {
  await fs.rm(pendingKeyFile(stagingDir, driveId), { force: true });
}
