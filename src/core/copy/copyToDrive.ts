/**
 * Fills one mounted drive: copies files under `\<importJobName>\`, journals each one, writes `\DriveManifest.xml`
 * and the DriveInfo, then reads every byte back against the manifest.
 *
 * Resume: files the journal lists as complete are verified on the drive and kept when they match (and, for a source
 * whose files may change, when the file has not changed since). A file that hits ENOSPC is removed from the drive and
 * handed back as overflow for the next drive. A source file that changes while it is read is read again; one that
 * keeps changing stops the run with a sentence naming it: a torn copy is never journaled.
 */

import { promises as fs } from 'node:fs';
import path from 'node:path';
import { OfflineSeedError } from '../../shared/errors';
import { blobPathOf } from '../../shared/rules/agentStaging';
import { buildDriveManifestXml, driveManifestFile, fromManifestFilePath, md5Hex, parseDriveManifestXml, toManifestFilePath, type ManifestBlob } from '../formats/driveManifest';
import { copyWithBlockHashes, SourceReadError, verifyBlocks, type BlockProblem } from './blockCopy';
import { driveGoneError, isDriveFull, isDriveGone } from './errors';
import { journalDriveInfo, journalFileCompleted, journalFileRemoved, journalPaths, openJournal, readJournal } from '../formats/journal';
import { writeFileAtomic } from '../session/sessionFile';
import { readFileOnMedium, type MediumAccess } from './mediumRead';
import { dropDeviceCacheUnder, type DeviceCacheOutcome } from '../platform/linux/deviceCache';
import { ownStagingSource, type ShipFile, type ShipSource } from './source';

export interface CopyTarget {
  /** The mounted root of the drive's NTFS volume. */
  root: string;
  /** What the user knows it by (`/dev/loop3`, `E`, `dir:/x`). */
  label: string;
  /** Hardware serial: DriveId. */
  driveId: string;
  /** The recovery password recorded for the drive (secret: only in the 0600 journal files). */
  bitLockerKey: string;
  /** A disk's size as prepared (bytes), journaled when the drive is first written; absent for a folder. */
  sizeBytes?: number;
}

export interface CopyToDriveInput {
  /** Where the journals are (the session folder). */
  stagingDir: string;
  /** Where the files are read from and which blobs they become; Offline Seed's own staging in `stagingDir` when absent. */
  source?: ShipSource;
  target: CopyTarget;
  /** Files (relative to the source) meant for this drive, in copy order. */
  files: Array<{ relPath: string; size: number; blobType?: ShipFile['blobType']; mtimeMs?: number }>;
  container: string;
  importJobName: string;
  sessionId: string;
  /** Progress: bytes copied or verified since the last call. */
  onBytes?: (n: number, phase: 'copying' | 'verifying', current: string) => void;
  throwIfCancelled?: () => void;
  /**
   * Empties the device buffer cache under the drive before it is read back; this process's own by default. An
   * unelevated front end passes the elevated helper's (BLKFLSBUF is root only).
   */
  emptyDeviceCache?: (root: string) => Promise<DeviceCacheOutcome>;
  /** Awaited after each file is journaled, with its relative path (tests slow a run down or change the source here). */
  afterFile?: (relPath: string) => Promise<void>;
}

export interface DriveVerifyProblem {
  blobPath: string;
  filePath: string;
  problem: BlockProblem;
}

export interface CopyToDriveResult {
  driveId: string;
  /** Files on the drive now (including ones kept from an earlier run). */
  files: string[];
  /** Files copied in this run; the rest were verified and kept. */
  copied: string[];
  kept: string[];
  /** Files that did not fit: they go to the next drive. */
  overflow: CopyToDriveInput['files'];
  /** Source files gone since they were listed (an agent removed them): not on this drive. */
  vanished: string[];
  /** What the journal recorded of every file on the drive: its length and its source's modification time. */
  recorded: Map<string, { length: number; sourceModifiedMs?: number }>;
  bytes: number;
  manifestHash: string;
  manifestFile: string;
  journalFile: string;
  driveInfoFile: string;
  /** Problems found reading every byte back; empty means verified. */
  verifyProblems: DriveVerifyProblem[];
  verified: boolean;
  /** Whether the read-back reached the medium past the caches (false on a file system without direct I/O: dir: drives on tmpfs). */
  readFromMedium: boolean;
  /**
   * The drive's device buffer cache stood between the read-back and the medium and could not be emptied (no root
   * rights, no elevated helper): the bytes read back may be the cache's, so the drive is not verified.
   */
  readThroughCache: boolean;
}

/** Where a staged file goes on the drive: `<importJobName>/<relPath>`. */
export function onDrivePath(importJobName: string, relPath: string): string {
  return `${importJobName}/${relPath}`;
}

/** Removes the temporary files Offline Seed writes at a drive's root and an interrupted run can leave behind. */
export async function removeLeftoverTemporaries(root: string): Promise<string[]> {
  const ours = /^(DriveManifest\.xml\.\d+\.\d+\.tmp|OfflineSeedBitLocker\.json\.tmp)$/;
  const names = (await fs.readdir(root)).filter((n) => ours.test(n));
  for (const n of names) await fs.rm(path.join(root, n), { force: true });
  return names;
}

async function rmQuiet(p: string): Promise<void> {
  await fs.rm(p, { force: true }).catch(() => undefined);
}

/** Times a changing source file is read before the run stops on it. */
export const sourceReadTries = 3;

/** The staging location's file could not be read (a share went away, access was taken): the drive is fine. */
function sourceUnreadable(e: SourceReadError, relPath: string): OfflineSeedError {
  return new OfflineSeedError({ code: 'agent:errors.unreadableFile', params: { file: relPath, reason: e.code }, step: 'copy', cause: e });
}

/** Size and modification time of a source file now, or null when it is gone. */
async function sourceStat(file: string): Promise<{ size: number; mtimeMs: number } | null> {
  try {
    const st = await fs.stat(file);
    return { size: st.size, mtimeMs: st.mtimeMs };
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new SourceReadError(file, e);
  }
}

export async function copyToDrive(input: CopyToDriveInput): Promise<CopyToDriveResult> {
  const { target, stagingDir } = input;
  const source = input.source ?? ownStagingSource(stagingDir, input.importJobName);
  const jp = journalPaths(stagingDir, target.driveId);
  const gone = (e: unknown) => (e instanceof SourceReadError ? e : isDriveGone(e) ? driveGoneError(target.label, target.driveId, e) : e);
  try {
    await fs.access(target.root);
  } catch (e) {
    throw driveGoneError(target.label, target.driveId, e);
  }
  await openJournal(jp.journal, { driveId: target.driveId, sessionId: input.importJobName, device: target.label, ...(target.sizeBytes !== undefined ? { driveSizeBytes: target.sizeBytes } : {}) });
  const journal = await readJournal(jp.journal);
  const wanted = new Map(input.files.map((f) => [f.relPath, f]));
  const onDrive = new Map<string, ManifestBlob>();
  const recorded = new Map<string, { length: number; sourceModifiedMs?: number }>();
  const copied: string[] = [];
  const kept: string[] = [];
  const overflow: CopyToDriveInput['files'] = [];
  const vanished: string[] = [];
  const blobOf = (relPath: string, blobType: ShipFile['blobType'] | undefined) => ({
    blobPath: blobPathOf(input.container, source.blobPrefix, relPath),
    ...(blobType === 'page' ? { blobType: 'page' as const } : {}),
    importDisposition: source.importDisposition,
  });

  // 1. Files an earlier run finished: keep those that still match (read from the medium; the source unchanged since), take the rest off the journal.
  const emptyCache = input.emptyDeviceCache ?? dropDeviceCacheUnder;
  if (journal.files.size > 0) await emptyCache(target.root);
  for (const [rel, r] of journal.files) {
    const abs = path.join(target.root, ...onDrivePath(input.importJobName, rel).split('/'));
    const expected = wanted.get(rel);
    const same =
      expected &&
      expected.size === r.length &&
      (expected.blobType ?? 'block') === (r.blobType ?? 'block') &&
      (!source.live || (r.sourceModifiedMs !== undefined && r.sourceModifiedMs === expected.mtimeMs));
    const problem = same ? await verifyBlocks(abs, r.length, r.blocks, undefined, { pages: r.blobType === 'page' }).catch((e: unknown) => Promise.reject(gone(e))) : ({ kind: 'missing' } as const);
    if (problem === null) {
      onDrive.set(rel, { ...blobOf(rel, r.blobType), filePath: r.filePath, length: r.length, blocks: r.blocks });
      recorded.set(rel, { length: r.length, ...(r.sourceModifiedMs !== undefined ? { sourceModifiedMs: r.sourceModifiedMs } : {}) });
      kept.push(rel);
      input.onBytes?.(r.length, 'copying', rel);
    } else {
      await journalFileRemoved(jp.journal, rel);
      if (!expected) await rmQuiet(abs);
    }
  }

  // 2. Copy the rest.
  let full = false;
  for (const f of input.files) {
    if (onDrive.has(f.relPath)) continue;
    if (full) {
      overflow.push(f);
      continue;
    }
    input.throwIfCancelled?.();
    const rel = onDrivePath(input.importJobName, f.relPath);
    const dst = path.join(target.root, ...rel.split('/'));
    const src = path.join(source.dir, ...f.relPath.split('/'));
    try {
      await fs.mkdir(path.dirname(dst), { recursive: true });
      let done: Awaited<ReturnType<typeof copyWithBlockHashes>> | null = null;
      let missing = false;
      for (let attempt = 1; attempt <= sourceReadTries && !done; attempt++) {
        // Read the file whole between two looks at its size and modification time; a change in between reads it again.
        const before = source.live ? await sourceStat(src) : null;
        if (source.live && !before) {
          missing = true;
          break;
        }
        let sent = 0;
        const r = await copyWithBlockHashes(src, dst, {
          onBytes: (n) => {
            sent += n;
            input.onBytes?.(n, 'copying', f.relPath);
          },
          throwIfCancelled: input.throwIfCancelled,
          sync: false,
          pages: f.blobType === 'page',
        });
        const after = source.live ? await sourceStat(src) : null;
        const steady = !source.live || (before && after && before.size === after.size && before.mtimeMs === after.mtimeMs && r.length === after.size && r.mtimeMs === after.mtimeMs);
        if (steady) done = r;
        else input.onBytes?.(-sent, 'copying', f.relPath);
      }
      if (missing) {
        await rmQuiet(dst);
        vanished.push(f.relPath);
        continue;
      }
      if (!done) {
        await rmQuiet(dst);
        throw new OfflineSeedError({ code: 'agent:errors.fileChanging', params: { file: f.relPath, times: sourceReadTries }, step: 'copy' });
      }
      if (f.blobType === 'page' && done.length % 512 !== 0) {
        // It was a fixed VHD when listed; what was read is not pages any more: it changed, list it again next run.
        await rmQuiet(dst);
        throw new OfflineSeedError({ code: 'agent:errors.fileChanging', params: { file: f.relPath, times: sourceReadTries }, step: 'copy' });
      }
      const modified = source.live ? { sourceModifiedMs: done.mtimeMs } : {};
      const blob = { ...blobOf(f.relPath, f.blobType), filePath: toManifestFilePath(rel), length: done.length, blocks: done.blocks };
      await journalFileCompleted(jp.journal, { relPath: f.relPath, blobPath: blob.blobPath, filePath: blob.filePath, length: blob.length, blocks: blob.blocks, ...(f.blobType === 'page' ? { blobType: 'page' as const } : {}), ...modified });
      onDrive.set(f.relPath, blob);
      recorded.set(f.relPath, { length: done.length, ...modified });
      copied.push(f.relPath);
      await input.afterFile?.(f.relPath);
    } catch (e) {
      if (e instanceof SourceReadError) {
        await rmQuiet(dst);
        throw sourceUnreadable(e, f.relPath);
      }
      if (isDriveFull(e)) {
        await rmQuiet(dst);
        overflow.push(f);
        full = true;
        continue;
      }
      throw gone(e);
    }
  }

  // 3. Flush the copied files together (through ntfs-3g the first fsync flushes the whole device, so one flush
  // instead of one per file); a file journaled but lost in a crash fails the resume's check and is copied again.
  try {
    for (const rel of copied) {
      const h = await fs.open(path.join(target.root, ...onDrivePath(input.importJobName, rel).split('/')), 'r+');
      try {
        await h.sync();
      } finally {
        await h.close();
      }
    }
  } catch (e) {
    throw gone(e);
  }

  // 4. The manifest, in the files' order, then the DriveInfo. Temporary files an interrupted run left at the root
  // (`DriveManifest.xml.<pid>.<time>.tmp`, the marker's `.tmp`) go first: they must not ship.
  await removeLeftoverTemporaries(target.root).catch((e: unknown) => Promise.reject(gone(e)));
  const blobs = input.files.filter((f) => onDrive.has(f.relPath)).map((f) => onDrive.get(f.relPath)!);
  const xml = buildDriveManifestXml({ driveId: target.driveId, blobs });
  const manifestPath = path.join(target.root, 'DriveManifest.xml');
  try {
    await writeFileAtomic(manifestPath, xml);
  } catch (e) {
    if (isDriveFull(e)) {
      throw new OfflineSeedError({
        code: 'drives:errors.noRoomForManifest',
        params: { drive: target.label },
        step: 'copy',
      });
    }
    throw gone(e);
  }
  await writeFileAtomic(jp.manifestCopy, xml);
  const manifestHash = md5Hex(xml);
  await journalDriveInfo(stagingDir, { driveId: target.driveId, bitLockerKey: target.bitLockerKey, manifestFile: driveManifestFile, manifestHash });

  // 5. Read everything back against the manifest as it is on the drive.
  let readFromMedium = true;
  let readThroughCache = false;
  const verifyProblems = await verifyDrive(
    target.root,
    manifestHash,
    (n, current) => input.onBytes?.(n, 'verifying', current),
    {
      onOpen: (_file, direct) => {
        if (!direct) readFromMedium = false;
      },
    },
    async (root) => {
      const outcome = await emptyCache(root);
      if (outcome === 'notPossible') readThroughCache = true;
      return outcome;
    },
  ).catch((e: unknown) => Promise.reject(gone(e)));
  return {
    driveId: target.driveId,
    files: blobs.map((b) => fromManifestFilePath(b.filePath) ?? b.filePath),
    copied,
    kept,
    overflow,
    vanished,
    recorded,
    bytes: blobs.reduce((n, b) => n + b.length, 0),
    manifestHash,
    manifestFile: driveManifestFile,
    journalFile: jp.journal,
    driveInfoFile: jp.driveInfo,
    verifyProblems,
    verified: verifyProblems.length === 0 && !readThroughCache,
    readFromMedium,
    readThroughCache,
  };
}

/**
 * Reads `\DriveManifest.xml` from the drive, checks its MD5 against `manifestHash`, then every blob's length and
 * blocks against the files on the drive. Returns the problems (empty: verified). Every byte comes from the medium:
 * the device's buffer cache under a FUSE mount is emptied first, and files are read with direct I/O (mediumRead.ts).
 */
export async function verifyDrive(
  root: string,
  manifestHash: string,
  onBytes?: (n: number, current: string) => void,
  access: MediumAccess = {},
  emptyDeviceCache: (root: string) => Promise<DeviceCacheOutcome> = dropDeviceCacheUnder,
): Promise<DriveVerifyProblem[]> {
  const manifestPath = path.join(root, 'DriveManifest.xml');
  if ((await emptyDeviceCache(root)) === 'notPossible') access.onOpen?.(root, false);
  let raw: Buffer;
  try {
    raw = await readFileOnMedium(manifestPath, access);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [{ blobPath: '', filePath: driveManifestFile, problem: { kind: 'missing' } }];
    throw e;
  }
  if (md5Hex(raw) !== manifestHash.toUpperCase()) return [{ blobPath: '', filePath: driveManifestFile, problem: { kind: 'md5Mismatch', offset: 0 } }];
  const m = parseDriveManifestXml(raw.toString('utf8'));
  const problems: DriveVerifyProblem[] = [];
  for (const b of m.blobs) {
    const rel = fromManifestFilePath(b.filePath);
    const problem =
      rel === null
        ? ({ kind: 'missing' } as const)
        : await verifyBlocks(path.join(root, ...rel.split('/')), b.length, b.blocks, (n) => onBytes?.(n, rel), { pages: b.blobType === 'page', access });
    if (problem) problems.push({ blobPath: b.blobPath, filePath: b.filePath, problem });
  }
  return problems;
}
