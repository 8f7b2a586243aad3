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
import { journalPaths, parseDriveInfo, readJournal } from '../formats/journal';
import { checkEmulatedBitLockerKey, generateRecoveryPassword, writeBitLockerMarker } from './emulatedBitLocker';
import { isRecoveryPassword } from '../../shared/rules/recoveryPassword';
import { listDrives } from './enumerate';
import type { PowerShellRunner } from '../platform/windows/powershell';
import { fsTypeOf, formatNtfs, mountNtfs, mountPointsOf, unmount, bitLockerKeyUnlocks } from '../platform/linux/ntfs';
import { ensurePrivateDir } from '../files/privateDir';

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

/** The key an earlier run recorded for this drive in staging/journals, if any. */
async function recordedKey(stagingDir: string, driveId: string): Promise<string | null> {
  const p = journalPaths(stagingDir, driveId);
  try {
    return parseDriveInfo(await fs.readFile(p.driveInfo, 'utf8'), p.driveInfo).bitLockerKey;
  } catch {
    // no DriveInfo yet: a journal alone is enough to know the drive was started, but not its key
  }
  const j = await readJournal(p.journal);
  return j.driveInfo?.bitLockerKey ?? (await readPendingKey(stagingDir, driveId));
}

/** Before the DriveInfo exists, the key is kept 0600 in staging/.work so a resumed run reuses it. */
function pendingKeyFile(stagingDir: string, driveId: string): string {
  return path.join(stagingDir, stagingLayout.workDir, 'drives', `${path.basename(journalPaths(stagingDir, driveId).journal, '.jrn')}.key`);
}
async function readPendingKey(stagingDir: string, driveId: string): Promise<string | null> {
  return fs.readFile(pendingKeyFile(stagingDir, driveId), 'utf8').then(
    (s) => s.trim() || null,
    () => null,
  );
}
export async function writePendingKey(stagingDir: string, driveId: string, key: string): Promise<void> {
  const f = pendingKeyFile(stagingDir, driveId);
  // The key is a secret: 0600 in 0700 folders (.work and .work/drives).
  await ensurePrivateDir(path.dirname(path.dirname(f)));
  await ensurePrivateDir(path.dirname(f));
  await fs.writeFile(f, key, { mode: 0o600 });
  await fs.chmod(f, 0o600);
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

/** The journal an earlier run left for the drive: the sentence names it as the way to start the drive over. */
const journalOf = (stagingDir: string, driveId: string) => journalPaths(stagingDir, driveId).journal;

function resumeRefused(code: 'drives:errors.resumeNoKey' | 'drives:errors.resumeKeyMismatch', drive: DriveInfo, stagingDir: string): OfflineSeedError {
  return new OfflineSeedError({ code, params: { drive: drive.id, driveId: drive.serial, journal: journalOf(stagingDir, drive.serial) }, step: 'drives' });
}

/**
 * Windows, a drive this staging already journaled: re-identified and reused, never formatted (no erase was
 * confirmed for it). The disk must still carry the confirmed serial and size, and its volume must hold the
 * recovery password recorded for it; a different disk is refused naming both.
 */
async function resumeWindowsDrive(input: PrepareInput, key: string | null): Promise<PreparedTarget> {
  const { drive, stagingDir } = input;
  const all = await (input.list ?? (() => listDrives()))();
  const now = drive.serial ? all.find((d) => d.kind === 'disk' && d.serial === drive.serial) : undefined;
  if (!now || now.sizeBytes !== drive.sizeBytes) {
    const there = now ?? all.find((d) => d.device === drive.device);
    throw new OfflineSeedError({
      code: 'drives:errors.driveSwapped',
      params: { drive: drive.id, expected: drive.serial, expectedSize: drive.sizeBytes, found: there?.serial || '—', foundSize: there?.sizeBytes ?? 0 },
      step: 'drives',
    });
  }
  if (!key) throw resumeRefused('drives:errors.resumeNoKey', drive, stagingDir);
  let letter = now.volumes.flatMap((v) => v.mountPoints).find((m) => /^[A-Z]:$/i.test(m));
  if (!letter && now.sanPolicy && now.diskNumber !== undefined) {
    // After a restart the SAN policy may have taken the disk offline again: online is not an erase.
    const { bringWindowsDiskOnline } = await import('../platform/windows/format');
    const letters = await bringWindowsDiskOnline({ diskNumber: now.diskNumber, serial: drive.serial, drive: drive.id }, input.ps);
    letter = letters[0] ? `${letters[0]}:` : undefined;
  }
  const { readBitLockerVolume } = await import('../platform/windows/bitlocker');
  const state = letter ? await readBitLockerVolume(letter, { ps: input.ps }) : null;
  if (!letter || !state?.recoveryPasswords.some((p) => p.password === key)) throw resumeRefused('drives:errors.resumeKeyMismatch', drive, stagingDir);
  const l = letter.slice(0, 1).toUpperCase();
  return { root: `${l}:\\`, label: `${l}:`, driveId: drive.serial, bitLockerKey: key, drive: { ...now, id: l }, bitLocker: 'windows', formatted: false };
}

/**
 * Windows, a `dir:` folder against a real cloud: only on a volume where BitLocker is already on, and the key is
 * the volume's own recovery password (an emulated key could never unlock it in the datacenter).
 */
async function windowsFolderOnBitLocker(input: PrepareInput, resumed: boolean): Promise<PreparedTarget> {
  const { drive, stagingDir } = input;
  const letter = /^([A-Za-z]):[\\/]/.exec(drive.device)?.[1]?.toUpperCase();
  const { readBitLockerVolume } = await import('../platform/windows/bitlocker');
  const state = letter ? await readBitLockerVolume(letter, { ps: input.ps }) : null;
  if (!letter || !state || state.protectionStatus !== 'On' || state.recoveryPasswords.length === 0) {
    throw new OfflineSeedError({ code: 'drives:errors.folderNeedsBitLocker', params: { drive: drive.device, cloud: input.cloud }, step: 'drives' });
  }
  const recorded = resumed ? await recordedKey(stagingDir, drive.serial) : null;
  if (recorded && !state.recoveryPasswords.some((p) => p.password === recorded)) throw resumeRefused('drives:errors.resumeKeyMismatch', drive, stagingDir);
  const key = recorded ?? state.recoveryPasswords[state.recoveryPasswords.length - 1]!.password;
  return { root: drive.device, label: `${letter}:`, driveId: drive.serial, bitLockerKey: key, drive, bitLocker: 'windows', formatted: false };
}

export async function prepareDrive(input: PrepareInput): Promise<PreparedTarget> {
  const { drive, stagingDir } = input;
  const platform = input.platform ?? process.platform;
  assertCanEncrypt(drive, input.cloud, platform);
  const resumed = await journalStarted(stagingDir, drive.serial);

  if (drive.kind === 'dir') {
    if (platform === 'win32' && !isLocalRehearsal(input.cloud)) return windowsFolderOnBitLocker(input, resumed);
    // The marker is written by activateDrive, once the drive really receives files: an unused folder stays empty.
    const key = (resumed ? await recordedKey(stagingDir, drive.serial) : null) ?? generateRecoveryPassword();
    return { root: drive.device, label: drive.id, driveId: drive.serial, bitLockerKey: key, drive, bitLocker: 'emulated', formatted: false };
  }

  if (platform === 'win32') {
    const { formatWindowsDisk } = await import('../platform/windows/format');
    const { enableBitLocker } = await import('../platform/windows/bitlocker');
    if (drive.diskNumber === undefined) throw new OfflineSeedError({ code: 'drives:errors.noDiskNumber', params: { drive: drive.id }, step: 'drives' });
    // A drive this staging journaled was not confirmed for erasing (the confirmation is skipped for it): reuse it.
    if (resumed) return resumeWindowsDrive(input, await recordedKey(stagingDir, drive.serial));
    const now = await recheckBeforeFormat(drive, input.eligibility, input.list);
    input.onPhase?.('formatting');
    const v = await formatWindowsDisk({ diskNumber: now.diskNumber ?? drive.diskNumber, serial: drive.serial, label: input.label, drive: drive.id, sizeBytes: drive.sizeBytes }, input.ps);
    input.onPhase?.('encrypting');
    const p = await enableBitLocker(v.letter, { ps: input.ps });
    await (input.keepKey ?? ((k) => writePendingKey(stagingDir, drive.serial, k)))(p.password);
    return { root: `${v.letter}:\\`, label: `${v.letter}:`, driveId: drive.serial, bitLockerKey: p.password, drive: { ...drive, id: v.letter }, bitLocker: 'windows', formatted: true };
  }

  // Linux block device (disk or loop).
  const mountDir = path.join(stagingDir, stagingLayout.workDir, 'mnt', path.basename(journalPaths(stagingDir, drive.serial).journal, '.jrn'));
  const current = await mountPointsOf(drive.device);
  const fsType = await fsTypeOf(drive.device);
  const key0 = resumed ? await recordedKey(stagingDir, drive.serial) : null;
  if (resumed && fsType === 'ntfs' && key0) {
    // An earlier run of this staging prepared it: mount it (or use its mount) and continue.
    let root = current[0];
    let mountedAt: string | undefined;
    if (!root) {
      await mountNtfs(drive.device, mountDir, input.mountOwner);
      root = mountDir;
      mountedAt = mountDir;
    }
    await writeBitLockerMarker(root, drive.serial, key0);
    return { root, label: drive.id, driveId: drive.serial, bitLockerKey: key0, drive, bitLocker: 'emulated', mountedAt, formatted: false };
  }
  const now = await recheckBeforeFormat(drive, input.eligibility, input.list);
  input.onPhase?.('formatting');
  for (const m of current) await unmount(m);
  await formatNtfs(now.device, input.label);
  await mountNtfs(now.device, mountDir, input.mountOwner);
  input.onPhase?.('encrypting');
  const key = generateRecoveryPassword();
  await (input.keepKey ?? ((k) => writePendingKey(stagingDir, drive.serial, k)))(key);
  await writeBitLockerMarker(mountDir, drive.serial, key);
  return { root: mountDir, label: drive.id, driveId: drive.serial, bitLockerKey: key, drive: now, bitLocker: 'emulated', mountedAt: mountDir, formatted: true };
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
