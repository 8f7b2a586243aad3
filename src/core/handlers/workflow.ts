/** Handlers of the workflow domain (steps 6–9): contract requests mapped onto the use cases. */

import type { workflowRequests } from '../../shared/contract/workflow';
import {
  checkRestoreTarget,
  cloudPackSource,
  completionFacts,
  testRestoreFromCloud,
  writeCompletionReport,
  createJobsFromJournals,
  jobStatuses,
  openShippingForm,
  recordedJobs,
  reviewImportJobs,
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

    'workflow.reviewJobs': async ({ stagingDir }, ctx) => reviewImportJobs(useCaseEnv(ctx), stagingDir),

    'workflow.createJobs': async ({ stagingDir }, ctx) => ({ jobs: await createJobsFromJournals(useCaseEnv(ctx), stagingDir) }),

    'workflow.shippingForm': async ({ stagingDir, jobName }, ctx) => {
      const form = await openShippingForm(useCaseEnv(ctx), await requireStagingFor(useCaseEnv(ctx), stagingDir, 'shipping'), jobName);
      return {
        job: form.job,
        deadline: form.deadline,
        ...(form.trackingNumber ? { trackingNumber: form.trackingNumber } : {}),
        ...(form.serviceNow ? { serviceNow: form.serviceNow } : {}),
      };
    },

    'workflow.submitShipping': async ({ stagingDir, jobName, details }, ctx) => {
      const r = await sendShippingDetails(useCaseEnv(ctx), await requireStagingFor(useCaseEnv(ctx), stagingDir, 'shipping'), jobName, details);
      return { state: r.job.state, file: r.file, packingSlip: r.packingSlip };
    },

    'workflow.status': async ({ stagingDir, jobName, resourceGroup, subscriptionId, cloud, withLogs }, ctx) => ({
      jobs: await jobStatuses(useCaseEnv(ctx), { stagingDir, jobName, resourceGroup, subscriptionId, cloud, withLogs }),
    }),

    'workflow.restoreFromCloud': async ({ stagingDir, toDir }, ctx) => {
      // Refused before the job starts, so the page can say which field is wrong.
      await checkRestoreTarget(toDir);
      await cloudPackSource(useCaseEnv(ctx), stagingDir).then((s) => s.close?.());
      const { jobId } = ctx.jobs.start('restore', (job) => testRestoreFromCloud(useCaseEnv(ctx), stagingDir, toDir, job));
      return { jobId };
    },

    'workflow.completion': async ({ stagingDir }, ctx) => completionFacts(useCaseEnv(ctx), stagingDir),

    'workflow.writeReport': async ({ stagingDir }, ctx) => writeCompletionReport(useCaseEnv(ctx), stagingDir),

    'workflow.verify': async ({ stagingDir }, ctx) => verifyStaging(useCaseEnv(ctx), { stagingDir }),

    'workflow.rehearsalReceive': async ({ stagingDir, jobName }, ctx) => receiveStagingDrives(useCaseEnv(ctx), stagingDir, jobName),

    'workflow.rehearsalAdvance': async ({ stagingDir, days }, ctx) => advanceStagingClock(useCaseEnv(ctx), stagingDir, days),
  };
}
