/** Step 8 (monitor, read-only for helpdesk staff) as both front ends run it: which jobs, and their status. */

import { OfflineSeedError } from '../../shared/errors';
import { connectForSession, connectWorkflowAzure, type ConnectedWorkflow } from '../identity/connect';
import type { JobStatus } from '../../shared/model/jobStatus';
import { getJobStatus, type StatusOptions } from '../monitor/monitor';
import { findStaging, jobsNamed } from '../session/locate';
import type { UseCaseEnv } from './env';

export interface StatusQuery {
  /** The staging location whose jobs to show. */
  stagingDir?: string | undefined;
  /** One job: of the staging location, or by name with `resourceGroup` from any machine. */
  jobName?: string | undefined;
  resourceGroup?: string | undefined;
  subscriptionId?: string | undefined;
  /** For a lookup by name: the cloud chosen on the sign-in step, when the run names none (`env.cloud`). */
  cloud?: string | undefined;
}

export interface Monitor {
  azure: ConnectedWorkflow;
  /** The jobs to show, with when their countdowns started as the session recorded it. */
  targets: StatusOptions[];
}

function needJob(): OfflineSeedError {
  return new OfflineSeedError({
    code: 'workflow:errors.needJob',
    exitCode: 2,
    step: 'monitor',
  });
}

/**
 * The jobs a status look is about: the staging location's (given, or this machine's newest when neither it nor a
 * job name with its resource group is given), or one job by name. Only reads: no Azure state changes.
 */
export async function openMonitor(env: UseCaseEnv, q: StatusQuery): Promise<Monitor> {
  const byName = Boolean(q.jobName && q.resourceGroup);
  const staging = q.stagingDir !== undefined || !byName ? await findStaging(env, q.stagingDir, 'monitor') : null;
  const device = { ...(env.onDeviceCode ? { onDeviceCode: env.onDeviceCode } : {}), ...(env.onCacheUnprotected ? { onCacheUnprotected: env.onCacheUnprotected } : {}) };
  const envVars = env.env ? { env: env.env } : {};
  if (staging) {
    const targets = jobsNamed(staging, q.jobName).map((j) => ({
      jobName: j.name,
      resourceGroup: j.resourceGroup,
      createdAt: j.createdAt,
      recorded: true,
      ...(j.shipping ? { shippingEnteredAt: j.shipping.enteredAt } : {}),
    }));
    const azure = await connectForSession(staging.session, { cloud: env.cloud, subscriptionId: q.subscriptionId, dataDir: env.dataDir, ...envVars, ...device });
    return { azure, targets };
  }
  if (!byName) throw needJob();
  const cloud = env.cloud ?? q.cloud ?? (env.env ?? process.env).OFFLINE_SEED_CLOUD;
  const azure = await connectWorkflowAzure({ cloud: cloud || undefined, subscriptionId: q.subscriptionId, dataDir: env.dataDir, ...envVars, ...device });
  return { azure, targets: [{ jobName: q.jobName!, resourceGroup: q.resourceGroup! }] };
}

/** One look at every job of the query (job and drive states, progress, the copy logs when `withLogs`). */
export async function jobStatuses(env: UseCaseEnv, q: StatusQuery & { withLogs: boolean }): Promise<JobStatus[]> {
  const m = await openMonitor(env, q);
  const out: JobStatus[] = [];
  for (const t of m.targets) out.push(await getJobStatus(m.azure, { ...t, withLogs: q.withLogs }));
  return out;
}
