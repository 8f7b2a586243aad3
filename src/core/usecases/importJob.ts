/** Step 6 (import job) as both front ends run it: the job(s) created from the drives' journals, and where to ship them. */

import type { CreatedImportJob } from '../../shared/model/importJob';
import { createImportJobs } from '../importJob/importJob';
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
