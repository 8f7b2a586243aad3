/** Handlers of the workflow domain (steps 6–9): contract requests mapped onto the use cases. */

import path from 'node:path';
import type { workflowRequests } from '../../shared/contract/workflow';
import { restoreStaging } from '../staging/restore';
import {
  cloudPackSource,
  createJobsFromJournals,
  jobStatuses,
  openShippingForm,
  recordedJobs,
  requireStagingFor,
  sendShippingDetails,
  verifyStaging,
  receiveStagingDrives,
  advanceStagingClock,
} from '../usecases';
import { useCaseEnv, type DomainHandlers } from './types';

export function createWorkflowHandlers(): DomainHandlers<typeof workflowRequests> {
  return {
    'workflow.jobs': async ({ stagingDir }, ctx) => recordedJobs(useCaseEnv(ctx), stagingDir),

    'workflow.createJobs': async ({ stagingDir }, ctx) => ({ jobs: await createJobsFromJournals(useCaseEnv(ctx), stagingDir) }),

    'workflow.shippingForm': async ({ stagingDir, jobName }, ctx) => {
      const form = await openShippingForm(useCaseEnv(ctx), await requireStagingFor(useCaseEnv(ctx), stagingDir, 'shipping'), jobName);
      return { job: form.job, deadline: form.deadline, ...(form.trackingNumber ? { trackingNumber: form.trackingNumber } : {}) };
    },

    'workflow.submitShipping': async ({ stagingDir, jobName, details }, ctx) => {
      const r = await sendShippingDetails(useCaseEnv(ctx), await requireStagingFor(useCaseEnv(ctx), stagingDir, 'shipping'), jobName, details);
      return { state: r.job.state, file: r.file, packingSlip: r.packingSlip };
    },

    'workflow.status': async ({ stagingDir, jobName, resourceGroup, subscriptionId, cloud, withLogs }, ctx) => ({
      jobs: await jobStatuses(useCaseEnv(ctx), { stagingDir, jobName, resourceGroup, subscriptionId, cloud, withLogs }),
    }),

    'workflow.restoreFromCloud': async ({ stagingDir, toDir }, ctx) => {
      const source = await cloudPackSource(useCaseEnv(ctx), stagingDir);
      const { jobId } = ctx.jobs.start('restore', (job) => restoreStaging(source, path.resolve(toDir), job));
      return { jobId };
    },

    'workflow.verify': async ({ stagingDir }, ctx) => verifyStaging(useCaseEnv(ctx), { stagingDir }),

    'workflow.rehearsalReceive': async ({ stagingDir, jobName }, ctx) => receiveStagingDrives(useCaseEnv(ctx), stagingDir, jobName),

    'workflow.rehearsalAdvance': async ({ stagingDir, days }, ctx) => advanceStagingClock(useCaseEnv(ctx), stagingDir, days),
  };
}
