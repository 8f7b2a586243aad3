/** Finds the import jobs a step is about: from a staging location, or from this machine's recent sessions. */

import { OfflineSeedError, type StepId } from '../../shared/errors';
import type { Session } from '../../shared/session';
import type { ImportJobRecord } from '../../shared/session/workflow';
import { requireSessionOf } from './folder';
import { requireSession } from './sessionFile';
import { readRecentStaging, rememberStaging } from './recent';

export interface StagingJobs {
  /**
   * Where the session, journals and shipping records are: the staging location itself for Offline Seed's own, the
   * session folder in the data folder (or --work-dir) for one the backup agent wrote.
   */
  stagingDir: string;
  /** The staging location as the user names it (the folder the agent wrote, or Offline Seed's own). */
  location: string;
  session: Session;
  jobs: ImportJobRecord[];
}

/** Where to look for a staging location's session: the data folder (for an agent's) and --work-dir when given. */
export interface SessionLookup {
  dataDir: string;
  workDir?: string | undefined;
}

/** The staging location the user knows `session` by. */
export function locationOf(sessionDir: string, session: Session): string {
  return session.agentStaging?.path ?? sessionDir;
}

function withJobs(sessionDir: string, session: Session): StagingJobs {
  const jobs = session.workflow?.jobs ?? [];
  if (jobs.length === 0) {
    throw new OfflineSeedError({
      code: 'workflow:errors.noJobs',
      params: { staging: locationOf(sessionDir, session) },
      step: 'importJob',
    });
  }
  return { stagingDir: sessionDir, location: locationOf(sessionDir, session), session, jobs };
}

/** The session of the staging location `stagingDir` and its recorded jobs; an error naming what to run when there are none. */
export async function jobsOfStaging(where: SessionLookup, stagingDir: string, step: StepId = 'monitor'): Promise<StagingJobs> {
  const f = await requireSessionOf({ ...where, stagingDir }, step);
  return withJobs(f.sessionDir, f.session);
}

/** The newest staging location used on this machine that has import jobs, or null. */
export async function stagingOnThisMachine(dataDir: string): Promise<StagingJobs | null> {
  for (const dir of await readRecentStaging(dataDir)) {
    try {
      // The list holds session folders: an agent's staging location is remembered by its session folder.
      return withJobs(dir, await requireSession(dir, 'monitor'));
    } catch {
      // gone, unreadable or without jobs: try the next one
    }
  }
  return null;
}

/**
 * The staging location a step works on: the one given (remembered as this machine's newest), else the newest one
 * this machine used, as DiskPrep finds "the job waiting in the session"; null when there is neither.
 */
export async function findStaging(where: SessionLookup, stagingDir: string | undefined, step: StepId): Promise<StagingJobs | null> {
  if (stagingDir === undefined && !where.workDir) return stagingOnThisMachine(where.dataDir);
  const found = await jobsOfStaging(where, stagingDir ?? where.workDir!, step);
  await rememberStaging(where.dataDir, found.stagingDir).catch(() => undefined);
  return found;
}

/** As findStaging, and an error saying to give the staging location when this machine has none. */
export async function requireStaging(where: SessionLookup, stagingDir: string | undefined, step: StepId): Promise<StagingJobs> {
  const found = await findStaging(where, stagingDir, step);
  if (found) return found;
  throw new OfflineSeedError({
    code: 'workflow:errors.needStaging',
    exitCode: 2,
    step,
  });
}

/** Picks `name` among the staging location's jobs, or refuses naming the ones there are. */
export function pickJob(s: StagingJobs, name: string): ImportJobRecord {
  const job = s.jobs.find((j) => j.name === name);
  if (job) return job;
  throw new OfflineSeedError({
    code: 'workflow:errors.jobNotInSession',
    params: { job: name, staging: s.location, list: s.jobs.map((j) => j.name).join(', ') },
    exitCode: 2,
  });
}

/** The jobs named (`name`), or all of the staging location's. */
export function jobsNamed(s: StagingJobs, name: string | undefined): ImportJobRecord[] {
  return name ? [pickJob(s, name)] : s.jobs;
}
