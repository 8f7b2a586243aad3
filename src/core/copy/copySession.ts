/**
 * Copies a staging location's shippable files over several drives: files already journaled on a drive stay
 * there, the rest go first-fit decreasing into each drive's free space, and a drive that fills hands its
 * overflow to the next. When the drives run out, `nextDrive` is asked for another, as DiskPrep does.
 */

import { promises as fs } from 'node:fs';
import { OfflineSeedError } from '../../shared/errors';
import { planPacking, spaceOnDrive, usableBytes } from '../../shared/rules/packingPlan';
import { listShippableFiles } from '../staging/layout';
import { copyToDrive, type CopyTarget, type CopyToDriveResult } from './copyToDrive';
import { journalPaths, readJournal } from '../formats/journal';

export interface CopySessionInput {
  stagingDir: string;
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
}

export interface CopySessionResult {
  drives: CopyToDriveResult[];
  totalBytes: number;
  /** Every drive verified and no file left over. */
  complete: boolean;
  remaining: Array<{ relPath: string; size: number }>;
}

/** Free bytes of the volume holding `dir`. */
export async function freeBytes(dir: string): Promise<number> {
  const s = await fs.statfs(dir);
  return Number(s.bavail) * Number(s.bsize);
}

export async function copySession(input: CopySessionInput): Promise<CopySessionResult> {
  const all = await listShippableFiles(input.stagingDir);
  if (all.length === 0) {
    throw new OfflineSeedError({
      code: 'drives:errors.nothingToCopy',
      params: { staging: input.stagingDir },
      step: 'copy',
    });
  }
  const bySize = new Map(all.map((f) => [f.relPath, f]));
  // Files some drive's journal already holds (unchanged in size) stay on that drive.
  const held = new Map<string, string>();
  const targets = [...input.targets];
  for (const t of targets) {
    const j = await readJournal(journalPaths(input.stagingDir, t.driveId).journal);
    for (const [rel, r] of j.files) if (bySize.get(rel)?.size === r.length && !held.has(rel)) held.set(rel, t.driveId);
  }
  let pool = all.filter((f) => !held.has(f.relPath));
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
      target,
      files,
      container: input.container,
      importJobName: input.importJobName,
      sessionId: input.sessionId,
      onBytes: (n, phase, current) => input.onBytes?.(n, phase, current, target.driveId),
      throwIfCancelled: input.throwIfCancelled,
    });
    results.push(r);
    input.onDriveDone?.(r);
    pool = [...r.overflow, ...pool];
  }
  const remaining = pool.sort((a, b) => a.relPath.localeCompare(b.relPath));
  return {
    drives: results,
    totalBytes: all.reduce((n, f) => n + f.size, 0),
    complete: remaining.length === 0 && results.every((r) => r.verified),
    remaining,
  };
}

/** Bytes the pool would take on drives (for "needs N more drives" messages). */
export function bytesOnDrives(files: Array<{ size: number }>): number {
  return files.reduce((n, f) => n + spaceOnDrive(f.size), 0);
}
