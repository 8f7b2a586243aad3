/**
 * Copies a staging location's shippable files over several drives: files already journaled on a drive stay
 * there, the rest go first-fit decreasing into each drive's free space, and a drive that fills hands its
 * overflow to the next. When the drives run out, `nextDrive` is asked for another, as DiskPrep does.
 *
 * A source whose files may change (a staging location the backup agent owns) is listed again at the end: a file
 * that changed or appeared after it was copied makes the run incomplete and is named (`changed`); the next run
 * copies just those again.
 */

import { promises as fs } from 'node:fs';
import { OfflineSeedError } from '../../shared/errors';
import { planPacking, spaceOnDrive, usableBytes } from '../../shared/rules/packingPlan';
import { copyToDrive, type CopyTarget, type CopyToDriveInput, type CopyToDriveResult } from './copyToDrive';
import { ownStagingSource, type ShipFile, type ShipSource } from './source';
import { journalPaths, readJournal } from '../formats/journal';

export interface CopySessionInput {
  /** Where the journals are (the session folder). */
  stagingDir: string;
  /** What to ship; Offline Seed's own staging location in `stagingDir` when absent. */
  source?: ShipSource;
  container: string;
  importJobName: string;
  sessionId: string;
  targets: CopyTarget[];
  /** Asked when the given drives are full and files remain; null means no more drives now. */
  nextDrive?: (remaining: { files: number; bytes: number; drivesNeeded: number }) => Promise<CopyTarget | null>;
  onBytes?: (n: number, phase: 'copying' | 'verifying', current: string, driveId: string) => void;
  /** Awaited before the first byte goes to a drive (the drive is used only if this is called). */
  onDriveStart?: (target: CopyTarget, files: number, bytes: number) => void | Promise<void>;
  onDriveDone?: (result: CopyToDriveResult) => void;
  throwIfCancelled?: () => void;
  /** Empties the device buffer cache under a drive before it is read back (copyToDrive's default: this process's own). */
  emptyDeviceCache?: CopyToDriveInput['emptyDeviceCache'];
  /** Awaited after each file is journaled, with its relative path (tests slow a run down or change the source here). */
  afterFile?: (relPath: string) => Promise<void>;
}

export interface CopySessionResult {
  drives: CopyToDriveResult[];
  totalBytes: number;
  /** Every drive verified and no file left over. */
  complete: boolean;
  remaining: Array<{ relPath: string; size: number }>;
  /** Files of a changing source that differ, at the end of the run, from what is on the drives (or are new). */
  changed: string[];
}

/** Free bytes of the volume holding `dir`. */
export async function freeBytes(dir: string): Promise<number> {
  const s = await fs.statfs(dir);
  return Number(s.bavail) * Number(s.bsize);
}

export async function copySession(input: CopySessionInput): Promise<CopySessionResult> {
  const source = input.source ?? ownStagingSource(input.stagingDir, input.importJobName);
  const all: ShipFile[] = await source.list();
  if (all.length === 0) {
    throw new OfflineSeedError({
      code: 'drives:errors.nothingToCopy',
      params: { staging: source.dir },
      step: 'copy',
    });
  }
  const byPath = new Map(all.map((f) => [f.relPath, f]));
  // Files some drive's journal already holds (unchanged in size, and for a changing source in modification time) stay on that drive.
  const held = new Map<string, string>();
  const targets = [...input.targets];
  for (const t of targets) {
    const j = await readJournal(journalPaths(input.stagingDir, t.driveId).journal);
    for (const [rel, r] of j.files) {
      const f = byPath.get(rel);
      const same = f?.size === r.length && (!source.live || r.sourceModifiedMs === f.mtimeMs);
      if (same && !held.has(rel)) held.set(rel, t.driveId);
    }
  }
  let pool: CopyToDriveInput['files'] = all.filter((f) => !held.has(f.relPath));
  const results: CopyToDriveResult[] = [];
  for (let i = 0; i < targets.length || pool.length > 0; i++) {
    let t = targets[i];
    if (!t) {
      const bytes = pool.reduce((n, f) => n + f.size, 0);
      const last = results[results.length - 1];
      const per = last ? Math.max(1, last.bytes) : bytes;
      t = (await input.nextDrive?.({ files: pool.length, bytes, drivesNeeded: Math.max(1, Math.ceil(bytes / per)) })) ?? undefined;
      if (!t) break;
      targets.push(t);
    }
    const mine = all.filter((f) => held.get(f.relPath) === t.driveId);
    const room = usableBytes(await freeBytes(t.root));
    const plan = planPacking(pool, [room]);
    const chosen = new Set((plan.drives[0]?.chosen ? plan.drives[0].files : []).map((f) => f.relPath));
    const files = [...mine, ...pool.filter((f) => chosen.has(f.relPath))];
    pool = pool.filter((f) => !chosen.has(f.relPath));
    if (files.length === 0) continue;
    await input.onDriveStart?.(t, files.length, files.reduce((n, f) => n + f.size, 0));
    const target = t;
    const r = await copyToDrive({
      stagingDir: input.stagingDir,
      source,
      target,
      files,
      container: input.container,
      importJobName: input.importJobName,
      sessionId: input.sessionId,
      onBytes: (n, phase, current) => input.onBytes?.(n, phase, current, target.driveId),
      throwIfCancelled: input.throwIfCancelled,
      ...(input.emptyDeviceCache ? { emptyDeviceCache: input.emptyDeviceCache } : {}),
      ...(input.afterFile ? { afterFile: input.afterFile } : {}),
    });
    results.push(r);
    input.onDriveDone?.(r);
    pool = [...r.overflow, ...pool];
  }
  const remaining = pool.sort((a, b) => a.relPath.localeCompare(b.relPath));
  const changed = source.live ? await changedSince(source, all, results, remaining) : [];
  return {
    drives: results,
    totalBytes: all.reduce((n, f) => n + f.size, 0),
    complete: remaining.length === 0 && changed.length === 0 && results.every((r) => r.verified),
    remaining,
    changed,
  };
}

/**
 * The files that, listed now, are not what the drives hold: changed in size or modification time since they were
 * read, new, or gone since the run listed them (`listed`). Files still waiting for a drive are not counted (they are
 * `remaining`).
 */
async function changedSince(source: ShipSource, listed: ShipFile[], results: CopyToDriveResult[], remaining: Array<{ relPath: string }>): Promise<string[]> {
  const onDrives = new Map<string, { length: number; sourceModifiedMs?: number }>();
  for (const r of results) for (const [rel, x] of r.recorded) onDrives.set(rel, x);
  const waiting = new Set(remaining.map((f) => f.relPath));
  const out: string[] = [];
  const now = await source.list();
  const present = new Set(now.map((f) => f.relPath));
  for (const f of now) {
    if (waiting.has(f.relPath)) continue;
    const x = onDrives.get(f.relPath);
    if (!x || x.length !== f.size || x.sourceModifiedMs !== f.mtimeMs) out.push(f.relPath);
  }
  for (const f of listed) if (!present.has(f.relPath) && !waiting.has(f.relPath)) out.push(f.relPath);
  return out.sort();
}

/** Bytes the pool would take on drives (for "needs N more drives" messages). */
export function bytesOnDrives(files: Array<{ size: number }>): number {
  return files.reduce((n, f) => n + spaceOnDrive(f.size), 0);
}
