/** Step 6 (import job) as both front ends run it: the job(s) created from the drives' journals, and where to ship them. */

import type { CreatedImportJob, ImportJobReview } from '../../shared/model/importJob';
import { createImportJobs, planImportJobs } from '../importJob/importJob';
import { locationOf } from '../session/locate';
import { rememberStaging } from '../session/recent';
import { requireSessionOf } from '../session/folder';
import { readPreparedDrives } from '../formats/journal';
import { connectFor, type UseCaseEnv } from './env';

/**
 * Creates the import job(s) for the drives prepared from `stagingDir` (finds them on a rerun) and records them in the
 * session; this machine remembers the staging location, so later steps find it without being told.
 */
export async function createJobsFromJournals(env: UseCaseEnv, stagingDir: string): Promise<CreatedImportJob[]> {
  const { sessionDir: dir, session } = await requireSessionOf({ ...env, stagingDir }, 'importJob');
  await rememberStaging(env.dataDir, dir).catch(() => undefined);
  const drives = await readPreparedDrives(dir);
  const azure = await connectFor(env, session);
  return createImportJobs(azure, { session, stagingDir: dir, drives, storageAccount: await azure.storageAccountInfo() });
}

/**
 * What "Create the import job" will create, read from the session and the drives' journals without calling Azure:
 * the account and container, and each job with its drives (ten at most per job). No BitLocker key leaves core.
 */
export async function reviewImportJobs(env: UseCaseEnv, stagingDir: string): Promise<ImportJobReview> {
  const { sessionDir: dir, session } = await requireSessionOf({ ...env, stagingDir }, 'importJob');
  const drives = await readPreparedDrives(dir);
  const recorded = new Set((session.workflow?.jobs ?? []).map((j) => j.name));
  return {
    location: locationOf(dir, session),
    cloud: session.cloud,
    subscriptionId: session.subscriptionId,
    resourceGroup: session.resourceGroup,
    storageAccount: session.storageAccount,
    container: session.container,
    jobs: planImportJobs(session.importJobName, drives).map((j) => ({ name: j.name, driveIds: j.drives.map((d) => d.driveId), created: recorded.has(j.name) })),
  };
}
