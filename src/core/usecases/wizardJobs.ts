/** The wizard's current job and its recent ones (src/core/session/wizardJobs.ts), for the wizard's handlers. */

import type { JobSummary, WizardJobChange } from '../../shared/model/wizardJob';
import { readSession } from '../session/sessionFile';
import { currentWizardJob, newWizardJob, saveWizardJob, switchWizardJob } from '../session/wizardJobs';
import type { UseCaseEnv } from './env';

type Env = Pick<UseCaseEnv, 'dataDir'>;

export const currentJob = (env: Env) => currentWizardJob(env.dataDir);
export const saveCurrentJob = (env: Env, id: string, change: WizardJobChange) => saveWizardJob(env.dataDir, id, change);
export const startNewJob = (env: Env) => newWizardJob(env.dataDir);
export const switchToJob = (env: Env, id: string) => switchWizardJob(env.dataDir, id);

/**
 * What a staging location says about its job, for the Session panel: the cloud, account and names its session
 * holds, and how many drives its import jobs (else its prepared drives) count. Only the location when it has no
 * session yet.
 */
export async function summaryOfStaging(stagingDir: string): Promise<JobSummary> {
  const session = await readSession(stagingDir);
  if (!session) return { stagingLocation: stagingDir };
  const jobDrives = (session.workflow?.jobs ?? []).reduce((n, j) => n + j.driveIds.length, 0);
  const driveCount = jobDrives || session.drives?.drives?.length;
  return {
    cloud: session.cloud,
    subscriptionId: session.subscriptionId,
    resourceGroup: session.resourceGroup,
    storageAccount: session.storageAccount,
    container: session.container,
    importJobName: session.importJobName,
    stagingLocation: stagingDir,
    ...(driveCount ? { driveCount } : {}),
  };
}
