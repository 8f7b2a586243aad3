/**
 * `offline-seed diskprep u: [s:<staging> p:<publishsettings>] [--carrier C --tracking T ... --yes]`: shipping details.
 *
 * Called by diskprep when `u:` is given. On the source machine it finds the job waiting in the session; from
 * another machine it takes `s:`. Missing details are asked on a terminal, as DiskPrep does, and are errors
 * otherwise. A review, then confirmation by typing the localized "yes", then the PATCH.
 */

import { parseArgs, boolFlag, stringFlag, type ParsedArgs } from '../args';
import type { CliContext } from '../context';
import type { CliCommand } from './index';
import { OfflineSeedError } from '../../shared/errors';
import { isTerminalJobState, parseJobState } from '../../shared/rules/jobStates';
import { jobDeadline } from '../../shared/rules/deadline';
import { checkShippingDetails, type ShippingDetails, type ShippingField, type ShippingProblem } from '../../shared/rules/shipping';
import { ensureAppDataDir } from '../../core/platform/appDataDir';
import { connectForSession } from '../../core/identity/connect';
import { jobsOfStaging, pickJob, requireSession, stagingOnThisMachine, type StagingJobs } from '../../core/session/locate';
import { rememberStaging } from '../../core/session/recent';
import { assertCanEnterShipping, readJobForShipping, ShippingInvalidError, submitShipping } from '../../core/shipping/shipping';
import { deadlineLine, shipToLines } from '../statusText';
import type { ImportJobRecord } from '../../shared/session/workflow';
import type { KeyUnder } from '../../shared/i18n';

const flags = {
  job: { type: 'string' },
  carrier: { type: 'string' },
  tracking: { type: 'string' },
  'ship-date': { type: 'string' },
  'drive-count': { type: 'string' },
  'return-name': { type: 'string' },
  'return-street': { type: 'string' },
  'return-street2': { type: 'string' },
  'return-city': { type: 'string' },
  'return-state': { type: 'string' },
  'return-postal-code': { type: 'string' },
  'return-country': { type: 'string' },
  'return-phone': { type: 'string' },
  'return-email': { type: 'string' },
  'return-carrier': { type: 'string' },
  'return-account': { type: 'string' },
  yes: { type: 'boolean' },
  // diskprep's own flags that may travel with u: and mean nothing here
  drive: { type: 'string', multiple: true },
} as const;

/** Each input: its flag, its label key under workflow:fields, the problem field it answers, and whether it may stay empty. */
const inputs: Array<{ flag: string; label: KeyUnder<'workflow:fields'>; field: ShippingField | null; optional?: boolean }> = [
  { flag: 'carrier', label: 'carrier', field: 'carrierName' },
  { flag: 'tracking', label: 'trackingNumber', field: 'trackingNumber' },
  { flag: 'ship-date', label: 'shipDate', field: 'shipDate' },
  { flag: 'drive-count', label: 'driveCount', field: 'driveCount' },
  { flag: 'return-name', label: 'recipientName', field: 'returnAddress.recipientName' },
  { flag: 'return-street', label: 'streetAddress1', field: 'returnAddress.streetAddress1' },
  { flag: 'return-street2', label: 'streetAddress2', field: null, optional: true },
  { flag: 'return-city', label: 'city', field: 'returnAddress.city' },
  { flag: 'return-state', label: 'stateOrProvince', field: 'returnAddress.stateOrProvince', optional: true },
  { flag: 'return-postal-code', label: 'postalCode', field: 'returnAddress.postalCode' },
  { flag: 'return-country', label: 'countryOrRegion', field: 'returnAddress.countryOrRegion' },
  { flag: 'return-phone', label: 'phone', field: 'returnAddress.phone' },
  { flag: 'return-email', label: 'email', field: 'returnAddress.email' },
  { flag: 'return-carrier', label: 'returnCarrier', field: 'returnShipping.carrierName' },
  { flag: 'return-account', label: 'returnAccount', field: 'returnShipping.carrierAccountNumber' },
];

function toDetails(v: Record<string, string>): ShippingDetails {
  const count = v['drive-count'] ?? '';
  return {
    carrierName: v.carrier ?? '',
    trackingNumber: v.tracking ?? '',
    shipDate: v['ship-date'] ?? '',
    driveCount: /^\d+$/.test(count.trim()) ? Number(count) : Number.NaN,
    returnAddress: {
      recipientName: v['return-name'] ?? '',
      streetAddress1: v['return-street'] ?? '',
      ...(v['return-street2'] ? { streetAddress2: v['return-street2'] } : {}),
      city: v['return-city'] ?? '',
      ...(v['return-state'] ? { stateOrProvince: v['return-state'] } : {}),
      postalCode: v['return-postal-code'] ?? '',
      countryOrRegion: v['return-country'] ?? '',
      phone: v['return-phone'] ?? '',
      email: v['return-email'] ?? '',
    },
    returnShipping: { carrierName: v['return-carrier'] ?? '', carrierAccountNumber: v['return-account'] ?? '' },
  };
}

async function chooseJob(ctx: CliContext, staging: StagingJobs, args: ParsedArgs): Promise<ImportJobRecord> {
  const jobFlag = stringFlag(args, 'job');
  if (jobFlag) return pickJob(staging, jobFlag);
  const open = staging.jobs.filter((j) => {
    const s = parseJobState(j.lastState);
    return !s || !isTerminalJobState(s);
  });
  const list = open.length > 0 ? open : staging.jobs;
  if (list.length === 1) return list[0]!;
  if (!ctx.interactive) throw missing('--job');
  ctx.say(ctx.t('workflow:shipping.chooseJob'));
  list.forEach((j, i) =>
    ctx.say(`  ${ctx.t('workflow:shipping.jobLine', { n: i + 1, job: j.name, state: j.lastState ?? 'Creating', count: j.driveIds.length })}`),
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
  return `  - ${ctx.t(p.key, p.params)}`;
}

export async function run(ctx: CliContext, argv: string[]): Promise<number> {
  const args = parseArgs(argv, flags, { keyTokens: ['u', 's', 'p'] });
  const dataDir = ensureAppDataDir(ctx.io.env);
  let staging: StagingJobs | null;
  if (args.keys.s !== undefined) {
    staging = await jobsOfStaging(args.keys.s);
    await rememberStaging(dataDir, staging.stagingDir).catch(() => undefined);
  } else {
    staging = await stagingOnThisMachine(dataDir);
  }
  if (!staging) {
    throw new OfflineSeedError({
      code: 'workflow:errors.needStaging',
      exitCode: 2,
      step: 'shipping',
    });
  }
  const record = await chooseJob(ctx, staging, args);
  const azure = await connectForSession(staging.session, { cloud: ctx.cloud, dataDir, env: ctx.io.env, onDeviceCode: (m) => ctx.warn(m) });
  const { job, summary } = await readJobForShipping(azure, record.name, record.resourceGroup);

  // Nothing to ask when the drives are past the point where shipping details can change.
  const current = assertCanEnterShipping(record.name, job.properties?.state);
  ctx.say(ctx.t('workflow:shipping.intro', { job: record.name }));
  for (const l of shipToLines(summary, ctx.lang).slice(1)) ctx.say(l);
  const deadline = jobDeadline(current, record.shipping?.enteredAt ?? record.createdAt, new Date());
  if (deadline) ctx.say(deadlineLine(deadline, ctx.lang));
  const tracking = job.properties?.deliveryPackage?.trackingNumber;
  if (tracking) ctx.say(ctx.t('workflow:shipping.already', { tracking }));

  const values: Record<string, string> = {};
  for (const i of inputs) {
    const v = stringFlag(args, i.flag);
    if (v !== undefined) values[i.flag] = v;
  }
  const askFor = async (which: typeof inputs) => {
    for (const i of which) {
      const answer = await ctx.ask(`${ctx.t(`workflow:fields.${i.label}`)}: `);
      values[i.flag] = answer;
    }
  };
  const absent = inputs.filter((i) => values[i.flag] === undefined && !i.optional);
  if (absent.length > 0) {
    if (!ctx.interactive) throw missing(`--${absent[0]!.flag}`);
    ctx.say(ctx.t('workflow:shipping.deliveryTitle'));
    await askFor(inputs.filter((i) => values[i.flag] === undefined));
  }
  const checkContext = {
    supportedCarriers: summary.supportedCarriers,
    jobDriveCount: summary.driveIds.length,
    today: new Date(),
    jobCreated: summary.createdAt ? new Date(summary.createdAt) : undefined,
  };
  // On a terminal, wrong answers are asked again (three rounds); in scripts, one clear error per problem.
  for (let round = 0; ; round++) {
    const problems = checkShippingDetails(toDetails(values), checkContext);
    if (problems.length === 0) break;
    ctx.warn(ctx.t('workflow:shipping.problemsTitle'));
    for (const p of problems) ctx.warn(problemLine(ctx, p));
    if (!ctx.interactive || round >= 2) throw new ShippingInvalidError(problems);
    await askFor(inputs.filter((i) => problems.some((p) => p.field === i.field)));
  }

  const details = toDetails(values);
  ctx.say();
  ctx.say(ctx.t('workflow:shipping.reviewTitle', { job: record.name }));
  ctx.say(`  ${ctx.t('workflow:shipping.deliveryTitle')}`);
  for (const i of inputs.slice(0, 4)) ctx.say(`    ${ctx.t(`workflow:fields.${i.label}`)}: ${values[i.flag] ?? ''}`);
  ctx.say(`  ${ctx.t('workflow:shipping.returnTitle')}`);
  for (const i of inputs.slice(4)) if (values[i.flag]) ctx.say(`    ${ctx.t(`workflow:fields.${i.label}`)}: ${values[i.flag]}`);

  if (!boolFlag(args, 'yes')) {
    if (!ctx.interactive) throw missing('--yes');
    const yes = ctx.t('cli:prompts.yesWord');
    const answer = await ctx.ask(ctx.t('workflow:shipping.confirm', { yes }));
    if (answer.trim().toLocaleLowerCase(ctx.lang) !== yes.toLocaleLowerCase(ctx.lang)) {
      ctx.say(ctx.t('workflow:shipping.cancelled'));
      return 1;
    }
  }

  const result = await submitShipping(azure, {
    stagingDir: staging.stagingDir,
    session: staging.session,
    jobName: record.name,
    details,
    lang: ctx.lang,
  });
  if (ctx.json) {
    ctx.result({ job: result.job, details: result.details, file: result.file, packingSlip: result.packingSlip });
  } else {
    ctx.say(ctx.t('workflow:shipping.sent', { job: record.name, state: result.job.state }));
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
export async function createImportJobsStep(ctx: CliContext, stagingDir: string): Promise<number> {
  const { readPreparedDrives } = await import('../../core/formats/journal');
  const { createImportJobs } = await import('../../core/importJob/importJob');
  const dataDir = ensureAppDataDir(ctx.io.env);
  const session = await requireSession(stagingDir, 'importJob');
  await rememberStaging(dataDir, stagingDir).catch(() => undefined);
  const drives = await readPreparedDrives(stagingDir);
  const azure = await connectForSession(session, { cloud: ctx.cloud, dataDir, env: ctx.io.env, onDeviceCode: (m) => ctx.warn(m) });
  const storageAccount = await azure.storageAccountInfo();
  const jobs = await createImportJobs(azure, { session, stagingDir, drives, storageAccount });
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
