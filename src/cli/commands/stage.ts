/**
 * `offline-seed stage --source DIR... s:<staging> --job NAME --subscription ID --resource-group RG
 * --storage-account NAME --container NAME [p:<publishsettings>] [--pack-size 1GiB] [--skip-unreadable]`
 */

import { boolFlag, listFlag, parseArgs, stringFlag } from '../args';
import type { CliContext } from '../context';
import type { CliCommand } from './index';
import { createJobContext } from '../../core/jobs';
import { runStaging } from '../../core/staging/stage';
import { stagingError } from '../../core/staging/errors';
import { formatBytes } from '../../shared/i18n/format';
import type { KeyUnder } from '../../shared/i18n';

const flags = {
  source: { type: 'string', multiple: true },
  job: { type: 'string' },
  subscription: { type: 'string' },
  'resource-group': { type: 'string' },
  'storage-account': { type: 'string' },
  container: { type: 'string' },
  'pack-size': { type: 'string' },
  'skip-unreadable': { type: 'boolean' },
  tenant: { type: 'string' },
} as const;

export async function run(ctx: CliContext, argv: string[]): Promise<number> {
  const args = parseArgs(argv, flags, { keyTokens: ['s', 'p'] });
  if (args.positional.length > 0) {
    throw stagingError('unexpectedArgument', { arg: args.positional[0]! }, 2);
  }
  let cloud = ctx.cloud;
  let subscription = stringFlag(args, 'subscription');
  if (args.keys.p !== undefined) {
    // Loaded only when asked for: its XML parser alone takes ~35 ms to load, a tenth of staging a small tree.
    const { subscriptionFromPublishSettings } = await import('../publishSettings');
    const { subscription: chosen } = await subscriptionFromPublishSettings(ctx, args.keys.p, subscription);
    subscription = chosen.id;
    cloud ??= chosen.cloud ?? undefined;
  }
  const ask = async (value: string | undefined, label: KeyUnder<'staging:cli.ask'>): Promise<string> => {
    if (value !== undefined) return value;
    if (ctx.interactive) return ctx.ask(ctx.t(`staging:cli.ask.${label}`) + ' ');
    throw stagingError('missingInput', { what: label, flag: flagOf[label]! }, 2);
  };
  let sources = listFlag(args, 'source');
  if (sources.length === 0) sources = [await ask(undefined, 'source')];
  const stagingDir = await ask(args.keys.s, 'staging');
  const input = {
    stagingDir,
    sources,
    importJobName: await ask(stringFlag(args, 'job'), 'job'),
    subscriptionId: await ask(subscription, 'subscription'),
    resourceGroup: await ask(stringFlag(args, 'resource-group'), 'resourceGroup'),
    storageAccount: await ask(stringFlag(args, 'storage-account'), 'storageAccount'),
    container: await ask(stringFlag(args, 'container'), 'container'),
    packSize: stringFlag(args, 'pack-size') ?? '1GiB',
    skipUnreadable: boolFlag(args, 'skip-unreadable'),
  };
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    const job = createJobContext('stage', (p) => ctx.progress(p), controller.signal);
    const tenant = stringFlag(args, 'tenant');
    const outcome = await runStaging(
      {
        ...input,
        cloud: cloud ?? 'AzureCloud',
        ...(tenant ? { tenantId: tenant } : {}),
        // Only the kill tests set this: they slow the run down around each sealed pack to kill it there.
        ...(ctx.io.env.OFFLINE_SEED_TEST_PACK_DELAY_MS ? { hooks: { packSealDelayMs: Number(ctx.io.env.OFFLINE_SEED_TEST_PACK_DELAY_MS) || 0 } } : {}),
        onSkipped: (item) => ctx.warn(ctx.t('staging:cli.skipped', item)),
      },
      job,
    );
    ctx.endProgress();
    if (!outcome.ok) {
      // One line per problem, each looking like every command's error (main.ts).
      for (const p of outcome.problems) ctx.warn(`${ctx.t('cli:errorPrefix')} ${ctx.t(p.key, p.params)}`);
      if (ctx.json) ctx.result({ ok: false, problems: outcome.problems.map((p) => ({ ...p, message: ctx.t(p.key, p.params) })) });
      return 2;
    }
    if (ctx.json) {
      ctx.result({ ok: true, stagingDir: outcome.stagingDir, alreadyStaged: outcome.alreadyStaged, stats: outcome.stats, state: outcome.session.state });
      return 0;
    }
    if (outcome.alreadyStaged || !outcome.stats) {
      ctx.say(ctx.t('staging:cli.alreadyStaged', { staging: outcome.stagingDir }));
      return 0;
    }
    const s = outcome.stats;
    ctx.say(
      ctx.t('staging:cli.done', {
        staging: outcome.stagingDir,
        files: s.files,
        source: formatBytes(s.sourceBytes, ctx.lang),
        stored: formatBytes(s.storedBytes, ctx.lang),
        packs: s.packs,
      }),
    );
    ctx.say(
      ctx.t('staging:cli.ratios', {
        compression: (s.storedBytes > 0 ? s.uniqueBytes / s.storedBytes : 1).toFixed(2),
        dedup: (s.uniqueBytes > 0 ? s.sourceBytes / s.uniqueBytes : 1).toFixed(2),
      }),
    );
    if (s.skipped > 0) ctx.say(ctx.t('staging:cli.skippedCount', { count: s.skipped }));
    return 0;
  } finally {
    ctx.endProgress();
    process.removeListener('SIGINT', stop);
    process.removeListener('SIGTERM', stop);
  }
}

const flagOf: Record<string, string> = {
  source: '--source DIR',
  staging: 's:<staging>',
  job: '--job NAME',
  subscription: '--subscription ID',
  resourceGroup: '--resource-group RG',
  storageAccount: '--storage-account NAME',
  container: '--container NAME',
};

export default { run } satisfies CliCommand;
