/** `offline-seed restore --from s:<staging> --to DIR` and `--from cloud s:<staging>` (the test restore of step 9). */

import path from 'node:path';
import { parseArgs, stringFlag } from '../args';
import { useCaseEnv, type CliContext } from '../context';
import type { CliCommand } from './index';
import { createJobContext } from '../../core/jobs';
import { stagingError } from '../../core/staging/errors';
import { restoreStaging, type PackSource } from '../../core/staging/restore';
import { restoreSource } from '../../core/usecases';
import { OfflineSeedError } from '../../shared/errors';
import { formatBytes } from '../../shared/i18n/format';

const flags = { from: { type: 'string' }, to: { type: 'string' } } as const;

/** The source named by --from: a staging folder, or the cloud (which needs s: to know the job and the container). */
async function packSourceFor(ctx: CliContext, from: string, stagingKey: string | undefined): Promise<PackSource> {
  if (from.toLowerCase().startsWith('s:')) return restoreSource(useCaseEnv(ctx), 'staging', from.slice(2));
  if (from.toLowerCase() === 'cloud') {
    if (!stagingKey) {
      throw new OfflineSeedError({
        code: 'workflow:errors.restoreNeedsStaging',
        exitCode: 2,
        step: 'complete',
      });
    }
    return restoreSource(useCaseEnv(ctx), 'cloud', stagingKey);
  }
  throw stagingError('restoreFromInvalid', { from }, 2);
}

export async function run(ctx: CliContext, argv: string[]): Promise<number> {
  const args = parseArgs(argv, flags, { keyTokens: ['s'] });
  const from = stringFlag(args, 'from') ?? (args.keys.s !== undefined ? `s:${args.keys.s}` : undefined);
  const to = stringFlag(args, 'to');
  if (!from || !to) {
    throw stagingError('restoreUsage', {}, 2);
  }
  const source = await packSourceFor(ctx, from, args.keys.s);
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once('SIGINT', stop);
  try {
    const job = createJobContext('restore', (p) => ctx.progress(p), controller.signal);
    const stats = await restoreStaging(source, path.resolve(to), job);
    ctx.endProgress();
    if (ctx.json) ctx.result({ ok: true, to: path.resolve(to), ...stats });
    else ctx.say(ctx.t('staging:cli.restored', { to: path.resolve(to), files: stats.files, folders: stats.folders, links: stats.links, bytes: formatBytes(stats.bytes, ctx.lang) }));
    return 0;
  } finally {
    ctx.endProgress();
    process.removeListener('SIGINT', stop);
  }
}

export default { run } satisfies CliCommand;
