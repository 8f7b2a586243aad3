/** Handlers of the workflow domain: contract requests mapped onto core functions. */

import path from 'node:path';
import { OfflineSeedError } from '../../shared/errors';
import type { workflowRequests } from '../../shared/contract/workflow';
import type { Session } from '../../shared/session';
import { jobDeadline } from '../../shared/rules/deadline';
import { parseJobState } from '../../shared/rules/jobStates';
import { connectForSession, connectWorkflowAzure } from '../identity/connect';
import { createImportJobs } from '../importJob/importJob';
import { readPreparedDrives } from '../formats/journal';
import { jobsOfStaging, pickJob, requireSession } from '../session/locate';
import { loadManifests } from '../complete/manifests';
import { getJobStatus } from '../monitor/monitor';
import { rememberStaging } from '../session/recent';
import { readJobForShipping, submitShipping } from '../shipping/shipping';
import { verifyContainer } from '../complete/verify';
import { cloudPackSource } from '../complete/cloudRestore';
import { restoreStaging } from '../staging/restore';
import type { DomainHandlers, HandlerContext } from './types';

function connectFor(ctx: HandlerContext, session: Session, subscriptionId?: string) {
  return connectForSession(session, { dataDir: ctx.dataDir, ...(subscriptionId ? { subscriptionId } : {}) });
}

export function createWorkflowHandlers(): DomainHandlers<typeof workflowRequests> {
  return {
    'workflow.jobs': async ({ stagingDir }) => {
      const session = await requireSession(path.resolve(stagingDir), 'importJob');
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
                shippingFile: path.join(path.resolve(stagingDir), j.shipping.file),
                ...(j.shipping.packingSlip ? { packingSlip: path.join(path.resolve(stagingDir), j.shipping.packingSlip) } : {}),
              }
            : {}),
        })),
      };
    },

    'workflow.createJobs': async ({ stagingDir }, ctx) => {
      const dir = path.resolve(stagingDir);
      const session = await requireSession(dir, 'importJob');
      const drives = await readPreparedDrives(dir);
      const azure = await connectFor(ctx, session);
      const jobs = await createImportJobs(azure, { session, stagingDir: dir, drives, storageAccount: await azure.storageAccountInfo() });
      await rememberStaging(ctx.dataDir, dir).catch(() => undefined);
      return { jobs };
    },

    'workflow.shippingForm': async ({ stagingDir, jobName }, ctx) => {
      const s = await jobsOfStaging(stagingDir);
      const record = pickJob(s, jobName);
      const azure = await connectFor(ctx, s.session);
      const { job, summary } = await readJobForShipping(azure, record.name, record.resourceGroup);
      const state = parseJobState(job.properties?.state);
      const tracking = job.properties?.deliveryPackage?.trackingNumber;
      return {
        job: summary,
        deadline: state ? jobDeadline(state, record.shipping?.enteredAt ?? record.createdAt, new Date()) : null,
        ...(tracking ? { trackingNumber: tracking } : {}),
      };
    },

    'workflow.submitShipping': async ({ stagingDir, jobName, details }, ctx) => {
      const s = await jobsOfStaging(stagingDir);
      pickJob(s, jobName);
      const azure = await connectFor(ctx, s.session);
      const r = await submitShipping(azure, { stagingDir: s.stagingDir, session: s.session, jobName, details, lang: ctx.language() });
      return { state: r.job.state, file: r.file, packingSlip: r.packingSlip };
    },

    'workflow.status': async ({ stagingDir, jobName, resourceGroup, subscriptionId, cloud, withLogs }, ctx) => {
      if (stagingDir) {
        const s = await jobsOfStaging(stagingDir);
        const jobs = jobName ? [pickJob(s, jobName)] : s.jobs;
        const azure = await connectFor(ctx, s.session, subscriptionId);
        const out = [];
        for (const j of jobs) {
          out.push(
            await getJobStatus(azure, {
              jobName: j.name,
              resourceGroup: j.resourceGroup,
              withLogs,
              createdAt: j.createdAt,
              ...(j.shipping ? { shippingEnteredAt: j.shipping.enteredAt } : {}),
            }),
          );
        }
        return { jobs: out };
      }
      if (!jobName || !resourceGroup) {
        throw new OfflineSeedError({
          code: 'workflow:errors.needJob',
          step: 'monitor',
        });
      }
      const azure = await connectWorkflowAzure({ cloud: cloud ?? process.env.OFFLINE_SEED_CLOUD, subscriptionId, dataDir: ctx.dataDir });
      return { jobs: [await getJobStatus(azure, { jobName, resourceGroup, withLogs })] };
    },

    'workflow.restoreFromCloud': async ({ stagingDir, toDir }, ctx) => {
      const source = await cloudPackSource({ stagingDir: path.resolve(stagingDir), dataDir: ctx.dataDir });
      const { jobId } = ctx.jobs.start('restore', (job) => restoreStaging(source, path.resolve(toDir), job));
      return { jobId };
    },

    'workflow.verify': async ({ stagingDir }, ctx) => {
      const s = await jobsOfStaging(stagingDir);
      const azure = await connectFor(ctx, s.session);
      const manifests = await loadManifests(azure, s.stagingDir, s.jobs);
      return verifyContainer(azure, { container: s.session.container, manifests, stagingDir: s.stagingDir });
    },
  };
}
