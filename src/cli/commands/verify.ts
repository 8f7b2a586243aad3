/** `offline-seed verify s:<staging>`: every blob in the container against the drive manifests (length and Content-MD5). */

import { parseArgs, stringFlag } from '../args';
import { useCaseEnv, type CliContext } from '../context';
import type { CliCommand } from './index';
import { OfflineSeedError } from '../../shared/errors';
import { createJobContext } from '../../core/jobs';
import { verifyStaging } from '../../core/usecases';
import { verifyLines } from '../statusText';

const flags = { job: { type: 'string' }, 'work-dir': { type: 'string' } } as const;

export async function run(ctx: CliContext, argv: string[]): Promise<number> {
  const args = parseArgs(argv, flags, { keyTokens: ['s'] });
  const job = createJobContext('verify', (p) => ctx.progress(p));
  let total = 0;
  const report = await verifyStaging(
    useCaseEnv(ctx, { workDir: stringFlag(args, 'work-dir') }),
    { stagingDir: args.keys.s, jobName: stringFlag(args, 'job') },
    {
      onStart: ({ container, blobs, bytes }) => {
        total = bytes;
        ctx.say(ctx.t('workflow:verify.checking', { container, count: blobs }));
      },
      onProgress: (done, count, bytes, current) => job.report({ phase: 'verifying', bytesDone: bytes, bytesTotal: total, itemsDone: done, itemsTotal: count, current }),
    },
  );
  ctx.endProgress();
  if (ctx.json) ctx.result(report);
  else for (const l of verifyLines(report, ctx.lang)) ctx.say(l);
  if (report.ok) return 0;
  if (ctx.json) return 1;
  throw new OfflineSeedError({
    code: 'workflow:errors.verifyFailed',
    params: { count: report.problems.length },
    step: 'complete',
    detail: { blobs: report.problems.map((p) => p.blobPath).join(', ').slice(0, 1000) },
  });
}

export default { run } satisfies CliCommand;
