/** The session lookups both front ends share: which staging location a step is about, and its recorded jobs. */

import path from 'node:path';
import type { StepId } from '../../shared/errors';
import { requireSessionOf } from '../session/folder';
import { findStaging, requireStaging, type StagingJobs } from '../session/locate';
import type { UseCaseEnv } from './env';

export { requireSession } from '../session/sessionFile';
export { jobsNamed, pickJob, type StagingJobs } from '../session/locate';

/** The staging location given, else the newest one this machine used; null when there is neither. */
export function stagingFor(env: Pick<UseCaseEnv, 'dataDir' | 'workDir'>, stagingDir: string | undefined, step: StepId): Promise<StagingJobs | null> {
  return findStaging(env, stagingDir, step);
}

/** As stagingFor, and the "give the staging location" error when this machine has none. */
export function requireStagingFor(env: Pick<UseCaseEnv, 'dataDir' | 'workDir'>, stagingDir: string | undefined, step: StepId): Promise<StagingJobs> {
  return requireStaging(env, stagingDir, step);
}

/** The import jobs recorded in a staging location (no Azure call), with the absolute paths of their shipping files. */
export async function recordedJobs(env: Pick<UseCaseEnv, 'dataDir' | 'workDir'>, stagingDir: string) {
  const { sessionDir: dir, session } = await requireSessionOf({ ...env, stagingDir }, 'importJob');
  return {
    container: session.container,
    storageAccount: session.storageAccount,
    jobs: (session.workflow?.jobs ?? []).map((j) => ({
      name: j.name,
      resourceGroup: j.resourceGroup,
      driveIds: j.driveIds,
      ...(j.lastState ? { lastState: j.lastState } : {}),
      ...(j.shipping
        ? {
            trackingNumber: j.shipping.trackingNumber,
            shippingFile: path.join(dir, j.shipping.file),
            ...(j.shipping.packingSlip ? { packingSlip: path.join(dir, j.shipping.packingSlip) } : {}),
          }
        : {}),
    })),
  };
}
