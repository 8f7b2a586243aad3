/**
 * `offline-seed status [s:<staging>] [--job NAME --resource-group RG --subscription ID] [--watch] [--json]`
 *
 * Read-only (helpdesk mode): GET requests and copy-log reads only, no drive access, no admin rights.
 */

import { parseArgs, boolFlag, stringFlag } from '../args';
import { useCaseEnv, type CliContext } from '../context';
import type { CliCommand } from './index';
import { formatDuration } from '../../shared/i18n/format';
import { getJobStatus, watchJob } from '../../core/monitor/monitor';
import type { JobStatus } from '../../shared/model/jobStatus';
import { openMonitor } from '../../core/usecases';
import { jobStateLabel, statusLines } from '../statusText';
import { jsonForTerminal } from '../../shared/rules/text';

const flags = {
  job: { type: 'string' },
  'resource-group': { type: 'string' },
  subscription: { type: 'string' },
  watch: { type: 'boolean' },
  'no-logs': { type: 'boolean' },
  'work-dir': { type: 'string' },
} as const;

export async function run(ctx: CliContext, argv: string[]): Promise<number> {
  const args = parseArgs(argv, flags, { keyTokens: ['s'] });
  const { azure, targets } = await openMonitor(useCaseEnv(ctx, { workDir: stringFlag(args, 'work-dir') }), {
    stagingDir: args.keys.s,
    jobName: stringFlag(args, 'job'),
    resourceGroup: stringFlag(args, 'resource-group'),
    subscriptionId: stringFlag(args, 'subscription'),
  });
  const withLogs = !boolFlag(args, 'no-logs');

  if (!boolFlag(args, 'watch')) {
    const views: JobStatus[] = [];
    for (const t of targets) views.push(await getJobStatus(azure, { ...t, withLogs }));
    if (ctx.json) ctx.result({ jobs: views });
    else {
      ctx.say(ctx.t('workflow:status.readOnly'));
      for (const v of views) {
        ctx.say();
        for (const l of statusLines(v, ctx.lang)) ctx.say(l);
      }
    }
    // A failed or cancelled job is not a success (exit 1), even when Azure shows a cancelled job Completed.
    return views.some((v) => v.outcome === 'failed' || v.outcome === 'cancelled') ? 1 : 0;
  }

  // --watch: one job at a time is followed until it ends; Ctrl+C stops watching.
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once('SIGINT', stop);
  try {
    let failed = false;
    for (const t of targets) {
      const last = await watchJob(azure, {
        ...t,
        withLogs,
        signal: controller.signal,
        onUpdate(v, next) {
          if (ctx.json) {
            ctx.io.stdout.write(jsonForTerminal(v) + '\n');
            return;
          }
          ctx.say();
          for (const l of statusLines(v, ctx.lang)) ctx.say(l);
          if (next !== null) ctx.say(ctx.t('workflow:status.nextCheck', { delay: formatDuration(next / 1000, ctx.lang) }));
          else ctx.say(ctx.t('workflow:status.finished', { state: jobStateLabel(v.state, ctx.lang) }));
        },
      });
      failed ||= last.outcome === 'failed' || last.outcome === 'cancelled';
      if (controller.signal.aborted) break;
    }
    return failed ? 1 : 0;
  } finally {
    process.removeListener('SIGINT', stop);
  }
}

export default { run } satisfies CliCommand;
