/** Handlers of the wizard's current job. */

import type { wizardJobsRequests } from '../../shared/contract/wizardJobs';
import { currentJob, saveCurrentJob, startNewJob, summaryOfStaging, switchToJob } from '../usecases/wizardJobs';
import { useCaseEnv, type DomainHandlers } from './types';

export function createWizardJobsHandlers(): DomainHandlers<typeof wizardJobsRequests> {
  return {
    'wizardJobs.current': async (_arg, ctx) => currentJob(useCaseEnv(ctx)),
    'wizardJobs.save': async ({ id, change }, ctx) => ({ saved: await saveCurrentJob(useCaseEnv(ctx), id, change) }),
    'wizardJobs.new': async (_arg, ctx) => startNewJob(useCaseEnv(ctx)),
    'wizardJobs.switch': async ({ id }, ctx) => switchToJob(useCaseEnv(ctx), id),
    'wizardJobs.stagingSummary': async ({ stagingDir }) => ({ summary: await summaryOfStaging(stagingDir) }),
  };
}
