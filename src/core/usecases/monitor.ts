/** Step 8 (monitor, read-only for helpdesk staff) as both front ends run it: which jobs, and their status. */

import { OfflineSeedError } from '../../shared/errors';
import { connectForSession, connectWorkflowAzure, type ConnectedWorkflow } from '../identity/connect';
import type { JobStatus } from '../../shared/model/jobStatus';
import { getJobStatus, type StatusOptions } from '../monitor/monitor';
import { findStaging, jobsNamed } from '../session/locate';
import { updateSession } from '../session/sessionFile';
import { jobStateLine } from '../../shared/rules/jobStates';
import { signInHooks } from '../identity/identity';
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
  /** The session folder the jobs are recorded in (absent for a job looked up by name). */
  stagingDir?: string;
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
  const hooks = signInHooks(env);
  if (staging) {
    const targets = jobsNamed(staging, q.jobName).map((j) => ({
      jobName: j.name,
      resourceGroup: j.resourceGroup,
      createdAt: j.createdAt,
      recorded: true,
      ...(j.shipping ? { shippingEnteredAt: j.shipping.enteredAt } : {}),
    }));
    const azure = await connectForSession(staging.session, { cloud: env.cloud, subscriptionId: q.subscriptionId, dataDir: env.dataDir, ...hooks });
    return { azure, targets, stagingDir: staging.stagingDir };
  }
  if (!byName) throw needJob();
  const cloud = env.cloud ?? q.cloud ?? (env.env ?? process.env).OFFLINE_SEED_CLOUD;
  const azure = await connectWorkflowAzure({ cloud: cloud || undefined, subscriptionId: q.subscriptionId, dataDir: env.dataDir, ...hooks });
  return { azure, targets: [{ jobName: q.jobName!, resourceGroup: q.resourceGroup! }] };
}

/**
 * One look at every job of the query (job and drive states, progress, the copy logs when `withLogs`). For a staging
 * location's jobs, the states seen are recorded in its session, so each status carries the job's history.
 */
export async function jobStatuses(env: UseCaseEnv, q: StatusQuery & { withLogs: boolean }): Promise<JobStatus[]> {
  const m = await openMonitor(env, q);
  const out: JobStatus[] = [];
  for (const t of m.targets) out.push(await getJobStatus(m.azure, { ...t, withLogs: q.withLogs }));
  if (m.stagingDir) {
    const sessionDir = m.stagingDir;
    const seen = new Map<string, Array<{ state: string; at: string }>>();
    await updateSession(sessionDir, (s) => ({
      ...s,
      workflow: {
        ...s.workflow,
        jobs: (s.workflow?.jobs ?? []).map((j) => {
          const st = out.find((x) => x.name === j.name);
          if (!st) return j;
          const states = noteState(j.seenStates ?? [], st.state, st.checkedAt);
          seen.set(j.name, states);
          return { ...j, seenStates: states, lastState: st.state };
        }),
      },
    })).catch(() => undefined);
    for (const st of out) {
      const t = m.targets.find((x) => x.jobName === st.name);
      st.history = jobHistory(seen.get(st.name) ?? [], st.state, t?.createdAt, t?.shippingEnteredAt);
    }
  } else {
    for (const st of out) st.history = [{ state: st.state }];
  }
  return out;
}

/** `seen` with `state` added at `at` when it is not the last state recorded. */
export function noteState(seen: Array<{ state: string; at: string }>, state: string, at: string): Array<{ state: string; at: string }> {
  return seen.at(-1)?.state === state ? seen : [...seen, { state, at }];
}

/**
 * The states a job went through, in the service's order up to its current one: Creating from the job's creation,
 * Shipping from the shipping details' entry, the others from when a check first saw them.
 */
export function jobHistory(seen: Array<{ state: string; at: string }>, current: string, createdAt?: string, shippingEnteredAt?: string): Array<{ state: string; since?: string }> {
  const first = (state: string) => seen.find((s) => s.state === state)?.at;
  const line = jobStateLine.slice(0, -1) as readonly string[];
  const at = line.indexOf(current);
  // Completed and Closed come after Packaging; Faulted and Canceled may come from any state.
  const ended = current === 'Completed' || current === 'Closed';
  const passed = at !== -1 ? line.slice(0, at + 1) : ended ? line : line.filter((s) => s === 'Creating' || first(s) !== undefined);
  const out = passed.map((state) => {
    const since = state === 'Creating' ? (createdAt ?? first(state)) : state === 'Shipping' ? (shippingEnteredAt ?? first(state)) : first(state);
    return since ? { state, since } : { state };
  });
  if (at === -1) {
    const since = first(current);
    out.push(since ? { state: current, since } : { state: current });
  }
  return out;
}
