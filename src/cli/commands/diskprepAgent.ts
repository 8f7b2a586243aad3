/**
 * `diskprep s:<staging>` for a staging location the backup agent wrote (no offline-seed.json in it): the import job's
 * identity from the flags (the same names `stage` uses), else from the session already recorded for that location,
 * else from `p:<publishsettings>` (subscription, cloud), else asked on a terminal as DiskPrep asks; then the session
 * is recorded in the data folder (or --work-dir) and what will be shipped is said.
 *
 * For Offline Seed's own staging location the job flags are refused (its session has them) and `p:` must hold the
 * session's subscription.
 */

import { promises as fs } from 'node:fs';
import { stringFlag, type ParsedArgs } from '../args';
import type { CliContext } from '../context';
import { checkPublishSettingsFor, subscriptionFromPublishSettings } from '../publishSettings';
import { OfflineSeedError } from '../../shared/errors';
import { formatBytes } from '../../shared/i18n/format';
import type { KeyUnder } from '../../shared/i18n';
import { openAgentStaging, agentInputError, type UseCaseEnv } from '../../core/usecases';
import { requireSessionOf, sessionFolder } from '../../core/session/folder';
import { readSession } from '../../core/session/sessionFile';

/** The flags a staging location the agent wrote takes; `stage` uses the same names for the job's identity. */
export const agentFlags = {
  job: { type: 'string' },
  subscription: { type: 'string' },
  'resource-group': { type: 'string' },
  'storage-account': { type: 'string' },
  container: { type: 'string' },
  tenant: { type: 'string' },
  'blob-prefix': { type: 'string' },
  'blob-type': { type: 'string' },
  'import-disposition': { type: 'string' },
  'work-dir': { type: 'string' },
} as const;

const identity = [
  { flag: 'job', ask: 'job', what: 'importJobName' },
  { flag: 'subscription', ask: 'subscription', what: 'subscriptionId' },
  { flag: 'resource-group', ask: 'resourceGroup', what: 'resourceGroup' },
  { flag: 'storage-account', ask: 'storageAccount', what: 'storageAccount' },
  { flag: 'container', ask: 'container', what: 'container' },
] as const satisfies ReadonlyArray<{ flag: string; ask: KeyUnder<'agent:cli.ask'>; what: string }>;

const jobFlagNames = ['job', 'subscription', 'resource-group', 'storage-account', 'container', 'tenant', 'blob-prefix', 'blob-type', 'import-disposition'] as const;

/**
 * Makes `stagingDir` ready for the drives step: records (or updates) the session of a staging location the agent
 * wrote, or checks the flags against Offline Seed's own. Returns whether it is the agent's.
 */
export async function openStagingForDiskprep(ctx: CliContext, env: UseCaseEnv, args: ParsedArgs, stagingDir: string): Promise<boolean> {
  const f = await sessionFolder({ ...env, stagingDir });
  const existing = await readSession(f.sessionDir);
  if (f.inPlace && existing && !existing.agentStaging) {
    const given = jobFlagNames.find((n) => stringFlag(args, n) !== undefined);
    if (given) throw agentInputError([{ key: 'agent:validation.stagingIsOwn', params: { staging: f.stagingDir } }]);
    await checkPublishSettingsFor(ctx, args.keys.p, existing.subscriptionId);
    return false;
  }
  if (!existing && args.keys.p === undefined && !jobFlagNames.some((n) => stringFlag(args, n) !== undefined)) {
    // Neither a session nor anything an agent wrote (a missing or empty folder) and no job details: the one
    // no-session sentence every command says.
    const empty = await fs.readdir(f.stagingDir).then(
      (names) => names.length === 0,
      () => true,
    );
    if (empty) await requireSessionOf({ ...env, stagingDir }, 'drives');
  }
  const recorded = existing?.agentStaging ? existing : null;
  const values: Record<(typeof identity)[number]['what'], string | undefined> = {
    importJobName: stringFlag(args, 'job') ?? recorded?.importJobName,
    subscriptionId: stringFlag(args, 'subscription') ?? recorded?.subscriptionId,
    resourceGroup: stringFlag(args, 'resource-group') ?? recorded?.resourceGroup,
    storageAccount: stringFlag(args, 'storage-account') ?? recorded?.storageAccount,
    container: stringFlag(args, 'container') ?? recorded?.container,
  };
  let cloud = ctx.cloud ?? recorded?.cloud;
  if (args.keys.p !== undefined) {
    const { subscription } = await subscriptionFromPublishSettings(ctx, args.keys.p, values.subscriptionId);
    values.subscriptionId = subscription.id;
    cloud ??= subscription.cloud ?? undefined;
    ctx.say(ctx.t('agent:cli.publishSettingsUsed', { subscription: subscription.id, name: subscription.name || '?', cloud: cloud ?? 'AzureCloud' }));
  }
  if (!recorded) ctx.say(ctx.t('agent:cli.intro', { staging: f.stagingDir }));
  for (const i of identity) {
    if (values[i.what] !== undefined) continue;
    if (!ctx.interactive) {
      throw new OfflineSeedError({ code: 'agent:errors.missingFlag', params: { flag: `--${i.flag}` }, step: 'staging', exitCode: 2 });
    }
    values[i.what] = (await ctx.ask(ctx.t(`agent:cli.ask.${i.ask}`) + ' ')).trim();
  }
  const prefix = stringFlag(args, 'blob-prefix') ?? recorded?.agentStaging?.blobPrefix;
  const opened = await openAgentStaging(
    env,
    {
      stagingDir: f.stagingDir,
      ...(env.workDir ? { workDir: env.workDir } : {}),
      importJobName: values.importJobName!,
      subscriptionId: values.subscriptionId!,
      resourceGroup: values.resourceGroup!,
      storageAccount: values.storageAccount!,
      container: values.container!,
      ...(prefix !== undefined ? { blobPrefix: prefix } : {}),
      blobType: stringFlag(args, 'blob-type') ?? recorded?.agentStaging?.blobType ?? 'auto',
      importDisposition: stringFlag(args, 'import-disposition') ?? recorded?.agentStaging?.importDisposition ?? 'rename',
    },
    { cloud: cloud ?? 'AzureCloud', tenantId: stringFlag(args, 'tenant') },
  );
  const s = opened.summary;
  ctx.say(ctx.t('agent:cli.summary', { files: s.files, bytes: formatBytes(s.bytes, ctx.lang), container: s.container, prefix: s.blobPrefix, disposition: s.importDisposition }));
  if (s.pageBlobs > 0) ctx.say(ctx.t('agent:cli.pageBlobs', { count: s.pageBlobs }));
  ctx.say(ctx.t('agent:cli.sessionAt', { dir: s.sessionDir }));
  if (s.skipped.length > 0) ctx.warn(ctx.t('agent:cli.skippedEntries', { count: s.skipped.length, path: s.skipped[0]! }));
  return true;
}
