/**
 * Where the session of a staging location is kept. Offline Seed's own staging location holds its session
 * (`offline-seed.json`), journals and shipping records itself. A staging location the backup agent wrote is only
 * read: its session folder is in this machine's data folder, `staging-locations/<name>-<hash of the path>`, or the
 * folder the user gave with --work-dir (then the keyed folder only remembers where that is).
 *
 * The session folder holds BitLocker keys (journals, DriveInfo files): it is created 0700.
 */

import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { OfflineSeedError, type StepId } from '../../shared/errors';
import type { Session } from '../../shared/session';
import { stagingLayout } from '../../shared/stagingLayout';
import { ensurePrivateDir } from '../files/privateDir';
import { readSession, writeFileAtomic } from './sessionFile';

const foldersDir = 'staging-locations';
const pointerFile = 'location.json';

/** A path as a key: absolute, without trailing separators, case-folded on Windows (its paths ignore case). */
function normalized(stagingDir: string, platform: NodeJS.Platform): string {
  const p = platform === 'win32' ? path.win32 : path.posix;
  let abs = p.resolve(stagingDir);
  while (abs.length > 1 && /[\\/]$/.test(abs) && p.dirname(abs) !== abs) abs = abs.slice(0, -1);
  return platform === 'win32' ? abs.toLowerCase() : abs;
}

/** `<folder name>-<16 hex of the SHA-256 of the path>`: readable, and distinct for distinct paths. */
export function stagingKey(stagingDir: string, platform: NodeJS.Platform = process.platform): string {
  const n = normalized(stagingDir, platform);
  const base = (platform === 'win32' ? path.win32 : path.posix).basename(n).replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 40) || 'root';
  return `${base}-${createHash('sha256').update(n, 'utf8').digest('hex').slice(0, 16)}`;
}

/** The data folder's own folder for the staging location `stagingDir` (holds the session, or a pointer to --work-dir). */
export function keyedFolder(dataDir: string, stagingDir: string): string {
  return path.join(dataDir, foldersDir, stagingKey(stagingDir));
}

/** Creates `dir` (and missing parents) with mode 0700, and tightens it when it already existed. */
export const makePrivateDir = ensurePrivateDir;

const exists = (p: string) =>
  fs.stat(p).then(
    () => true,
    () => false,
  );

/** Whether `dir` holds an Offline Seed session file. */
export function holdsSession(dir: string): Promise<boolean> {
  return exists(path.join(dir, stagingLayout.sessionFile));
}

export interface SessionFolder {
  /** The staging location, absolute. */
  stagingDir: string;
  /** Where its session, journals and shipping records are (the staging location itself for Offline Seed's own). */
  sessionDir: string;
  /** Whether the session is kept in the staging location itself (Offline Seed's own staging location, or a session folder given directly). */
  inPlace: boolean;
}

/**
 * Finds the session folder of `stagingDir`: itself when it holds a session (Offline Seed's own staging location, or
 * a session folder given directly), `workDir` when given, else the folder remembered in the data folder.
 */
export async function sessionFolder(o: { dataDir: string; stagingDir: string; workDir?: string | undefined }): Promise<SessionFolder> {
  const stagingDir = path.resolve(o.stagingDir);
  if (await holdsSession(stagingDir)) return { stagingDir, sessionDir: stagingDir, inPlace: true };
  if (o.workDir) return { stagingDir, sessionDir: path.resolve(o.workDir), inPlace: false };
  const keyed = keyedFolder(o.dataDir, stagingDir);
  let pointed: string | undefined;
  try {
    const p = JSON.parse(await fs.readFile(path.join(keyed, pointerFile), 'utf8')) as { workDir?: unknown };
    if (typeof p.workDir === 'string' && p.workDir) pointed = p.workDir;
  } catch {
    // no pointer: the session (if any) is in the keyed folder itself
  }
  return { stagingDir, sessionDir: pointed ?? keyed, inPlace: false };
}

/** Remembers, in the data folder, the folder that keeps the session of `stagingDir` (the keyed folder itself, or --work-dir). */
export async function rememberSessionFolder(dataDir: string, stagingDir: string, sessionDir: string): Promise<void> {
  const keyed = keyedFolder(dataDir, stagingDir);
  await makePrivateDir(keyed);
  const body = { stagingDir: path.resolve(stagingDir), ...(path.resolve(sessionDir) !== keyed ? { workDir: path.resolve(sessionDir) } : {}) };
  await writeFileAtomic(path.join(keyed, pointerFile), JSON.stringify(body, null, 2) + '\n', 0o600);
}

/**
 * The session of a staging location and where it is; when there is none, the error that says what to run first:
 * the staging step for a folder Offline Seed should have staged, diskprep with the job's details for one an agent wrote.
 */
export async function requireSessionOf(o: { dataDir: string; stagingDir: string; workDir?: string | undefined }, step: StepId): Promise<SessionFolder & { session: Session }> {
  const f = await sessionFolder(o);
  const session = await readSession(f.sessionDir);
  if (session) return { ...f, session };
  const agentWrote = !f.inPlace && (await fs.readdir(f.stagingDir).then((n) => n.length > 0, () => false));
  throw agentWrote
    ? new OfflineSeedError({ code: 'agent:errors.notPrepared', params: { staging: f.stagingDir }, step })
    : new OfflineSeedError({ code: 'staging:errors.noSession', params: { dir: f.stagingDir }, step });
}
