/**
 * `offline-seed diskprep u: [s:<staging> p:<publishsettings>] [--carrier C --tracking T ... --yes]`: shipping details.
 *
 * Called by diskprep when `u:` is given. On the source machine it finds the job waiting in the session; from
 * another machine it takes `s:`. Missing details are asked on a terminal, as DiskPrep does, and are errors
 * otherwise. A review, then confirmation by typing the localized "yes", then the PATCH.
 */

import { parseArgs, boolFlag, stringFlag, type ParsedArgs } from '../args';
import { useCaseEnv, type CliContext } from '../context';
import type { CliCommand } from './index';
import { OfflineSeedError } from '../../shared/errors';
import { jobDeadline } from '../../shared/rules/deadline';
import type { ShippingProblem } from '../../shared/rules/shipping';
import { checkShippingForm, shippingDetailsFromForm, shippingInputs, shippingProblemText, type ShippingFormValues, type ShippingInput } from '../../shared/rules/shippingForm';
import type { ImportJobRecord } from '../../shared/session/workflow';
import { assertCanEnterShipping, ShippingInvalidError } from '../../core/shipping/shipping';
import { createJobsFromJournals, jobsToShip, openShippingForm, pickJob, requireStagingFor, type StagingJobs, type UseCaseEnv } from '../../core/usecases';
import { deadlineLine, jobStateLabel, shipToLines } from '../statusText';
import { checkPublishSettingsFor } from '../publishSettings';

const flags = {
  job: { type: 'string' },
  ...Object.fromEntries(shippingInputs.map((i) => [i.flag, { type: 'string' } as const])),
  yes: { type: 'boolean' },
  // diskprep's own flags that may travel with u: and mean nothing here
  drive: { type: 'string', multiple: true },
  'work-dir': { type: 'string' },
} as const;

async function chooseJob(ctx: CliContext, staging: StagingJobs, args: ParsedArgs): Promise<ImportJobRecord> {
  const jobFlag = stringFlag(args, 'job');
  if (jobFlag) return pickJob(staging, jobFlag);
  const list = jobsToShip(staging);
  if (list.length === 1) return list[0]!;
  if (!ctx.interactive) throw missing('--job');
  ctx.say(ctx.t('workflow:shipping.chooseJob'));
  list.forEach((j, i) =>
    ctx.say(`  ${ctx.t('workflow:shipping.jobLine', { n: i + 1, job: j.name, state: jobStateLabel(j.lastState ?? 'Creating', ctx.lang), count: j.driveIds.length })}`),
  );
  const answer = await ctx.ask(ctx.t('workflow:shipping.choosePrompt', { count: list.length }));
  const n = Number(answer);
  if (!Number.isInteger(n) || n < 1 || n > list.length) {
    throw new OfflineSeedError({
      code: 'workflow:errors.badChoice',
      params: { value: answer },
      exitCode: 2,
    });
  }
  return list[n - 1]!;
}

function missing(flag: string): OfflineSeedError {
  return new OfflineSeedError({
    code: 'workflow:errors.missingFlag',
    params: { flag },
    step: 'shipping',
    exitCode: 2,
  });
}

function problemLine(ctx: CliContext, p: ShippingProblem): string {
  return `  - ${shippingProblemText(ctx.t, p)}`;
}

export async function run(ctx: CliContext, argv: string[]): Promise<number> {
  const args = parseArgs(argv, flags, { keyTokens: ['u', 's', 'p'] });
  const env = useCaseEnv(ctx, { workDir: stringFlag(args, 'work-dir') });
  const staging = await requireStagingFor(env, args.keys.s, 'shipping');
  // p: is honoured: the file must be readable and hold the job's subscription.
  await checkPublishSettingsFor(ctx, args.keys.p, staging.session.subscriptionId);
  const record = await chooseJob(ctx, staging, args);
  const form = await openShippingForm(env, staging, record.name);

  // Nothing to ask when the drives are past the point where shipping details can change.
  assertCanEnterShipping(record.name, form.job.state);
  ctx.say(ctx.t('workflow:shipping.intro', { job: record.name }));
  // Split jobs (more than ten drives) never share a package: say so for this one.
  const others = staging.jobs.map((j) => j.name).filter((n) => n !== record.name);
  if (others.length > 0) ctx.say(ctx.t('workflow:shipping.ownPackage', { job: record.name, count: record.driveIds.length, others: others.join(', ') }));
  for (const l of shipToLines(form.job, ctx.lang).slice(1)) ctx.say(l);
  if (form.deadline) ctx.say(deadlineLine(form.deadline, ctx.lang));
  if (form.trackingNumber) ctx.say(ctx.t('workflow:shipping.already', { tracking: form.trackingNumber }));

  const values: ShippingFormValues = {};
  for (const i of shippingInputs) {
    const v = stringFlag(args, i.flag);
    if (v !== undefined) values[i.key] = v;
  }
  const askFor = async (which: readonly ShippingInput[]) => {
    for (const i of which) values[i.key] = await ctx.ask(`${ctx.t(`workflow:fields.${i.label}`)}: `);
  };
  const absent = shippingInputs.filter((i) => values[i.key] === undefined && !i.optional);
  if (absent.length > 0) {
    if (!ctx.interactive) throw missing(`--${absent[0]!.flag}`);
    ctx.say(ctx.t('workflow:shipping.deliveryTitle'));
    await askFor(shippingInputs.filter((i) => values[i.key] === undefined));
  }
  const checkContext = {
    supportedCarriers: form.job.supportedCarriers,
    jobDriveCount: form.job.driveIds.length,
    today: new Date(),
    jobCreated: form.job.createdAt ? new Date(form.job.createdAt) : undefined,
  };
  // On a terminal, wrong answers are asked again (three rounds); in scripts, one clear error per problem.
  for (let round = 0; ; round++) {
    const problems = checkShippingForm(values, checkContext);
    if (problems.length === 0) break;
    ctx.warn(ctx.t('workflow:shipping.problemsTitle'));
    for (const p of problems) ctx.warn(problemLine(ctx, p));
    if (!ctx.interactive || round >= 2) throw new ShippingInvalidError(problems);
    await askFor(shippingInputs.filter((i) => problems.some((p) => p.field === i.field)));
  }

  ctx.say();
  ctx.say(ctx.t('workflow:shipping.reviewTitle', { job: record.name }));
  for (const section of ['delivery', 'return'] as const) {
    ctx.say(`  ${ctx.t(section === 'delivery' ? 'workflow:shipping.deliveryTitle' : 'workflow:shipping.returnTitle')}`);
    for (const i of shippingInputs.filter((x) => x.section === section)) {
      if (section === 'delivery' || values[i.key]) ctx.say(`    ${ctx.t(`workflow:fields.${i.label}`)}: ${values[i.key] ?? ''}`);
    }
  }

  if (!boolFlag(args, 'yes')) {
    if (!ctx.interactive) throw missing('--yes');
    const yes = ctx.t('cli:prompts.yesWord');
    const answer = await ctx.ask(ctx.t('workflow:shipping.confirm', { yes }));
    if (answer.trim().toLocaleLowerCase(ctx.lang) !== yes.toLocaleLowerCase(ctx.lang)) {
      ctx.say(ctx.t('workflow:shipping.cancelled'));
      return 1;
    }
  }

  const result = await form.submit(shippingDetailsFromForm(values));
  if (ctx.json) {
    ctx.result({ job: result.job, details: result.details, file: result.file, packingSlip: result.packingSlip });
  } else {
    ctx.say(ctx.t('workflow:shipping.sent', { job: record.name, state: jobStateLabel(result.job.state, ctx.lang) }));
    ctx.say(ctx.t('workflow:shipping.stored', { file: result.file }));
    ctx.say(ctx.t('workflow:shipping.slip', { file: result.packingSlip }));
    const d = jobDeadline('Shipping', new Date().toISOString(), new Date());
    if (d) ctx.say(deadlineLine(d, ctx.lang));
  }
  return 0;
}

export default { run } satisfies CliCommand;

/**
 * The end of `diskprep s:<staging>`: creates the import job(s) from the journals (idempotent on rerun) and shows
 * where to ship the drives. diskprep.ts calls this once the drives are ready.
 */
export async function createImportJobsStep(ctx: CliContext, env: UseCaseEnv, stagingDir: string): Promise<number> {
  const jobs = await createJobsFromJournals(env, stagingDir);
  if (ctx.json) {
    ctx.result({ jobs });
    return 0;
  }
  if (jobs.length > 1) ctx.say(ctx.t('workflow:importJob.several', { count: jobs.length }));
  for (const j of jobs) {
    ctx.say(ctx.t(j.created ? 'workflow:importJob.created' : 'workflow:importJob.reused', { job: j.name, count: j.driveIds.length }));
    for (const l of shipToLines(j, ctx.lang)) ctx.say(l);
  }
  ctx.say(ctx.t('workflow:importJob.next', { staging: stagingDir }));
  return 0;
}
