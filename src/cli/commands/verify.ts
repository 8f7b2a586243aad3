/** `offline-seed verify s:<staging>`: every blob in the container against the drive manifests (length and Content-MD5). */

import { parseArgs, stringFlag } from '../args';
import type { CliContext } from '../context';
import type { CliCommand } from './index';
import { OfflineSeedError } from '../../shared/errors';
import { ensureAppDataDir } from '../../core/platform/appDataDir';
import { updateSession } from '../../core/session/sessionFile';
import { createJobContext } from '../../core/jobs';
import { connectForSession } from '../../core/identity/connect';
import { jobsOfStaging, pickJob, stagingOnThisMachine } from '../../core/session/locate';
import { loadManifests } from '../../core/complete/manifests';
import { verifyLines } from '../statusText';
import { verifyContainer } from '../../core/complete/verify';

const flags = { job: { type: 'string' } } as const;

export async function run(ctx: CliContext, argv: string[]): Promise<number> {
  const args = parseArgs(argv, flags, { keyTokens: ['s'] });
  const dataDir = ensureAppDataDir(ctx.io.env);
  const staging = args.keys.s !== undefined ? await jobsOfStaging(args.keys.s) : await stagingOnThisMachine(dataDir);
  if (!staging) {
    throw new OfflineSeedError({
      code: 'workflow:errors.needStaging',
      exitCode: 2,
      step: 'complete',
    });
  }
  const jobFlag = stringFlag(args, 'job');
  const jobs = jobFlag ? [pickJob(staging, jobFlag)] : staging.jobs;
  const azure = await connectForSession(staging.session, { cloud: ctx.cloud, dataDir, env: ctx.io.env, onDeviceCode: (m) => ctx.warn(m) });
  const manifests = await loadManifests(azure, staging.stagingDir, jobs);
  ctx.say(ctx.t('workflow:verify.checking', { container: staging.session.container, count: manifests.length }));
  const job = createJobContext('verify', (p) => ctx.progress(p));
  const total = manifests.reduce((n, m) => n + m.length, 0);
  const report = await verifyContainer(azure, {
    container: staging.session.container,
    manifests,
    stagingDir: staging.stagingDir,
    onProgress: (done, count, bytes, current) =>
      job.report({ phase: 'verifying', bytesDone: bytes, bytesTotal: total, itemsDone: done, itemsTotal: count, current }),
  });
  ctx.endProgress();
  if (ctx.json) ctx.result(report);
  else for (const l of verifyLines(report, ctx.lang)) ctx.say(l);
  if (report.ok) {
    const now = new Date().toISOString();
    await updateSession(staging.stagingDir, (s) => ({
      ...s,
      workflow: { ...s.workflow, jobs: (s.workflow?.jobs ?? []).map((j) => (jobs.some((x) => x.name === j.name) ? { ...j, verifiedAt: now } : j)) },
    }));
    return 0;
  }
  if (ctx.json) return 1;
  throw new OfflineSeedError({
    code: 'workflow:errors.verifyFailed',
    params: { count: report.problems.length },
    step: 'complete',
    detail: { blobs: report.problems.map((p) => p.blobPath).join(', ').slice(0, 1000) },
  });
}

export default { run } satisfies CliCommand;
