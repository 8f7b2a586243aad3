/**
 * `offline-seed status [s:<staging>] [--job NAME --resource-group RG --subscription ID] [--watch] [--json]`
 *
 * Read-only (helpdesk mode): GET requests and copy-log reads only, no drive access, no admin rights.
 */

import { parseArgs, boolFlag, stringFlag } from '../args';
import type { CliContext } from '../context';
import type { CliCommand } from './index';
import { OfflineSeedError } from '../../shared/errors';
import { formatDuration } from '../../shared/i18n/format';
import { ensureAppDataDir } from '../../core/platform/appDataDir';
import { connectWorkflowAzure } from '../../core/identity/connect';
import { jobsOfStaging, pickJob, stagingOnThisMachine, type StagingJobs } from '../../core/session/locate';
import { getJobStatus, watchJob, type JobStatusView } from '../../core/monitor/monitor';
import { statusLines } from '../statusText';
import { rememberStaging } from '../../core/session/recent';

const flags = {
  job: { type: 'string' },
  'resource-group': { type: 'string' },
  subscription: { type: 'string' },
  watch: { type: 'boolean' },
  'no-logs': { type: 'boolean' },
} as const;

interface Target {
  name: string;
  resourceGroup: string;
  createdAt?: string;
  shippingEnteredAt?: string;
}

export async function run(ctx: CliContext, argv: string[]): Promise<number> {
  const args = parseArgs(argv, flags, { keyTokens: ['s'] });
  const dataDir = ensureAppDataDir(ctx.io.env);
  const jobFlag = stringFlag(args, 'job');
  const rgFlag = stringFlag(args, 'resource-group');
  let staging: StagingJobs | null = null;
  if (args.keys.s !== undefined) {
    staging = await jobsOfStaging(args.keys.s);
    await rememberStaging(dataDir, staging.stagingDir).catch(() => undefined);
  } else if (!(jobFlag && rgFlag)) {
    staging = await stagingOnThisMachine(dataDir);
  }
  let targets: Target[];
  let subscriptionId = stringFlag(args, 'subscription');
  let cloud = ctx.cloud;
  if (staging) {
    const jobs = jobFlag ? [pickJob(staging, jobFlag)] : staging.jobs;
    targets = jobs.map((j) => ({
      name: j.name,
      resourceGroup: j.resourceGroup,
      createdAt: j.createdAt,
      ...(j.shipping ? { shippingEnteredAt: j.shipping.enteredAt } : {}),
    }));
    subscriptionId ??= staging.session.subscriptionId;
    cloud ??= staging.session.cloud;
  } else if (jobFlag && rgFlag) {
    targets = [{ name: jobFlag, resourceGroup: rgFlag }];
  } else {
    throw new OfflineSeedError({
      code: 'workflow:errors.needJob',
      exitCode: 2,
      step: 'monitor',
    });
  }
  const azure = await connectWorkflowAzure({
    cloud,
    subscriptionId,
    dataDir,
    env: ctx.io.env,
    ...(staging ? { storageAccount: staging.session.storageAccount, resourceGroup: staging.session.resourceGroup } : {}),
    onDeviceCode: (m) => ctx.warn(m),
  });
  const withLogs = !boolFlag(args, 'no-logs');

  if (!boolFlag(args, 'watch')) {
    const views: JobStatusView[] = [];
    for (const t of targets) views.push(await getJobStatus(azure, { jobName: t.name, resourceGroup: t.resourceGroup, withLogs, ...opt(t) }));
    if (ctx.json) ctx.result({ jobs: views });
    else {
      ctx.say(ctx.t('workflow:status.readOnly'));
      for (const v of views) {
        ctx.say();
        for (const l of statusLines(v, ctx.lang)) ctx.say(l);
      }
    }
    return views.some((v) => v.outcome === 'failed') ? 1 : 0;
  }

  // --watch: one job at a time is followed until it ends; Ctrl+C stops watching.
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once('SIGINT', stop);
  try {
    let failed = false;
    for (const t of targets) {
      const last = await watchJob(azure, {
        jobName: t.name,
        resourceGroup: t.resourceGroup,
        withLogs,
        ...opt(t),
        signal: controller.signal,
        onUpdate(v, next) {
          if (ctx.json) {
            ctx.io.stdout.write(JSON.stringify(v) + '\n');
            return;
          }
          ctx.say();
          for (const l of statusLines(v, ctx.lang)) ctx.say(l);
          if (next !== null) ctx.say(ctx.t('workflow:status.nextCheck', { delay: formatDuration(next / 1000, ctx.lang) }));
          else ctx.say(ctx.t('workflow:status.finished', { state: v.state }));
        },
      });
      failed ||= last.outcome === 'failed';
      if (controller.signal.aborted) break;
    }
    return failed ? 1 : 0;
  } finally {
    process.removeListener('SIGINT', stop);
  }
}

function opt(t: Target) {
  return {
    ...(t.createdAt ? { createdAt: t.createdAt } : {}),
    ...(t.shippingEnteredAt ? { shippingEnteredAt: t.shippingEnteredAt } : {}),
  };
}

export default { run } satisfies CliCommand;
