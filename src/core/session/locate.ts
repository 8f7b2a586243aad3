/** Finds the import jobs a step is about: from a staging location, or from this machine's recent sessions. */

import path from 'node:path';
import { OfflineSeedError, type StepId } from '../../shared/errors';
import type { Session } from '../../shared/session';
import type { ImportJobRecord } from '../../shared/session/workflow';
import { requireSession } from './sessionFile';
import { readRecentStaging, rememberStaging } from './recent';

export interface StagingJobs {
  stagingDir: string;
  session: Session;
  jobs: ImportJobRecord[];
}

/** The session of `stagingDir` and its recorded jobs; an error naming what to run when there are none. */
export async function jobsOfStaging(stagingDir: string, step: StepId = 'monitor'): Promise<StagingJobs> {
  const dir = path.resolve(stagingDir);
  const session = await requireSession(dir, step);
  const jobs = session.workflow?.jobs ?? [];
  if (jobs.length === 0) {
    throw new OfflineSeedError({
      code: 'workflow:errors.noJobs',
      params: { staging: dir },
      step: 'importJob',
    });
  }
  return { stagingDir: dir, session, jobs };
}

/** The newest staging location used on this machine that has import jobs, or null. */
export async function stagingOnThisMachine(dataDir: string): Promise<StagingJobs | null> {
  for (const dir of await readRecentStaging(dataDir)) {
    try {
      return await jobsOfStaging(dir);
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
export async function findStaging(dataDir: string, stagingDir: string | undefined, step: StepId): Promise<StagingJobs | null> {
  if (stagingDir === undefined) return stagingOnThisMachine(dataDir);
  const found = await jobsOfStaging(stagingDir, step);
  await rememberStaging(dataDir, found.stagingDir).catch(() => undefined);
  return found;
}

/** As findStaging, and an error saying to give the staging location when this machine has none. */
export async function requireStaging(dataDir: string, stagingDir: string | undefined, step: StepId): Promise<StagingJobs> {
  const found = await findStaging(dataDir, stagingDir, step);
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
    params: { job: name, staging: s.stagingDir, list: s.jobs.map((j) => j.name).join(', ') },
    exitCode: 2,
  });
}

/** The jobs named (`name`), or all of the staging location's. */
export function jobsNamed(s: StagingJobs, name: string | undefined): ImportJobRecord[] {
  return name ? [pickJob(s, name)] : s.jobs;
}
