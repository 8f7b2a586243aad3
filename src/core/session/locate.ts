/** Finds the import jobs a command is about: from a staging location, from this machine's recent sessions, or by name. */

import path from 'node:path';
import { OfflineSeedError, type StepId } from '../../shared/errors';
import type { Session } from '../../shared/session/index';
import type { ImportJobRecord } from '../../shared/session/workflow';
import { readSession } from './sessionFile';
import { readRecentStaging } from './recent';

export interface StagingJobs {
  stagingDir: string;
  session: Session;
  jobs: ImportJobRecord[];
}

/** The session of `stagingDir`; the staging step's error when there is none. */
export async function requireSession(stagingDir: string, step: StepId): Promise<Session> {
  const session = await readSession(stagingDir);
  if (session) return session;
  throw new OfflineSeedError({
    code: 'staging:errors.noSession',
    params: { dir: stagingDir },
    step,
  });
}

/** The session of `stagingDir` and its recorded jobs; an error naming what to run when there are none. */
export async function jobsOfStaging(stagingDir: string): Promise<StagingJobs> {
  const dir = path.resolve(stagingDir);
  const session = await requireSession(dir, 'monitor');
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
