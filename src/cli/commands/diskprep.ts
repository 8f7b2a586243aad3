/**
 * `offline-seed diskprep s:<staging> [p:<file>] [--drive D ...] [--yes] [--list] [--allow-nonempty]`: DiskPrep's drive preparation.
 * For a staging location the backup agent wrote, the import job's identity and blob settings come first
 * (diskprepAgent.ts): its files are shipped as they are.
 *
 * Judges the chosen drives, shows the packing plan, asks before erasing (typing the drive; Cancel by default),
 * prepares them, copies and verifies, asks for another drive when they are full, records the drives in the
 * session, and ends with the import job step. `u:` hands over to the shipping command.
 */

import path from 'node:path';
import { parseArgs, stringFlag } from '../args';
import { useCaseEnv, type CliContext } from '../context';
import type { CliCommand } from './index';
import { OfflineSeedError } from '../../shared/errors';
import { formatBytes } from '../../shared/i18n/format';
import type { DriveInfo } from '../../shared/rules/driveEligibility';
import { driveCheck } from '../../shared/session/drives';
import { createJobContext } from '../../core/jobs';
import type { KeyUnder } from '../../shared/i18n';
import { agentFlags, openStagingForDiskprep } from './diskprepAgent';

const flags = {
  drive: { type: 'string', multiple: true },
  yes: { type: 'boolean' },
  list: { type: 'boolean' },
  'allow-nonempty': { type: 'boolean' },
  ...agentFlags,
} as const;

function usage(name: KeyUnder<'drives:errors'>, params: Record<string, string | number> = {}): OfflineSeedError {
  return new OfflineSeedError({ code: `drives:errors.${name}`, params, step: 'drives', exitCode: 2 });
}

/** One line per drive: id, model, size, bus, volumes. */
function describe(ctx: CliContext, d: DriveInfo): string {
  const vols = d.volumes.map((v) => [v.mountPoints.join(' '), v.label, v.fsType].filter(Boolean).join(' ')).filter(Boolean);
  return ctx.t('drives:cli.driveLine', {
    drive: d.id,
    model: d.model || '?',
    size: formatBytes(d.sizeBytes, ctx.lang),
    bus: d.bus,
    serial: d.serial || '?',
    volumes: vols.length > 0 ? vols.join('; ') : ctx.t('drives:cli.noVolumes'),
  });
}

async function run(ctx: CliContext, argv: string[]): Promise<number> {
  // `u:` is the shipping command, with its own flags: hand over before parsing ours.
  if (argv.some((a) => /^u:/i.test(a))) return (await import('./diskprepShipping')).default.run(ctx, argv);
  const args = parseArgs(argv, flags, { keyTokens: ['s', 'p'] });
  if (args.positional.length > 0) throw usage('unexpectedArgument', { arg: args.positional[0]! });
  const s = args.keys.s;
  if (!s) throw usage('noStaging');
  const stagingDir = path.resolve(ctx.io.cwd, s);

  const uc = await import('../../core/usecases');
  const { listDrives } = await import('../../core/drives/enumerate');
  const { resolveDrive } = await import('../../core/drives/resolve');
  const env = useCaseEnv(ctx, { workDir: stringFlag(args, 'work-dir') });
  await openStagingForDiskprep(ctx, env, args, stagingDir);
  const step = await uc.openDrivesStep(env, stagingDir);

  const driveArgs = (args.flags.drive as string[] | undefined) ?? [];
  const needList = args.flags.list === true || driveArgs.some((a) => !/^dir:/i.test(a)) || (driveArgs.length === 0 && ctx.interactive);
  const all = needList ? await listDrives() : [];

  if (args.flags.list === true) {
    const judged = await uc.judgeDrives(step, all);
    if (ctx.json) {
      ctx.result({ drives: judged });
      return 0;
    }
    // Every drive is listed with its judgement; system drives last, under a line saying they are never erased.
    const show = (j: (typeof judged)[number]) => {
      ctx.say(describe(ctx, j.drive));
      for (const p of [...j.eligibility.errors, ...j.eligibility.warnings]) ctx.say(`    ${p.level === 'error' ? '✗' : '!'} ${uc.driveProblemText(p, ctx.lang)}`);
      if (j.eligibility.eligible) ctx.say(`    ✓ ${ctx.t('drives:cli.eligible')}`);
    };
    judged.filter((j) => !j.eligibility.hidden).forEach(show);
    const system = judged.filter((j) => j.eligibility.hidden);
    if (system.length > 0) {
      ctx.say(ctx.t('drives:cli.systemDrives'));
      system.forEach(show);
    }
    if (!judged.some((j) => j.eligibility.eligible)) ctx.say(ctx.t('drives:cli.noneEligible'));
    return 0;
  }

  /** Judges, refuses early, and asks before erasing; returns the drive ready to prepare. */
  const choose = async (arg: string, taken: DriveInfo[]): Promise<DriveInfo> => {
    const d = await resolveDrive(arg, all.length > 0 || /^dir:/i.test(arg) ? all : await listDrives());
    const chosen = await uc.checkChosenDrive(step, d, {
      all,
      taken,
      allowNonEmpty: args.flags['allow-nonempty'] === true,
      onMoreProblems: (ps) => ps.forEach((p) => ctx.warn(`${d.id}: ${uc.driveProblemText(p, ctx.lang)}`)),
    });
    if (chosen.replaces.length > 0) ctx.warn(ctx.t('drives:cli.replacesFiles', { drive: d.id, files: chosen.replaces.join(', ') }));
    for (const w of chosen.warnings) ctx.warn(`${d.id}: ${uc.driveProblemText(w, ctx.lang)}`);
    if (chosen.erases) {
      ctx.say(ctx.t('drives:cli.eraseWarning'));
      ctx.say(describe(ctx, d));
      if (args.flags.yes !== true) {
        if (!ctx.interactive) throw usage('needsConfirmation', { drive: d.id });
        const typed = await ctx.ask(ctx.t('drives:cli.typeToErase', { drive: d.id }) + ' ');
        if (typed.trim() !== d.id && typed.trim().toUpperCase() !== d.id.toUpperCase()) throw uc.eraseCancelled(d.id);
      }
    }
    return d;
  };

  let args2 = driveArgs;
  if (args2.length === 0) {
    if (!ctx.interactive) throw usage('noDrive');
    const judged = (await uc.judgeDrives(step, all)).filter((j) => !j.eligibility.hidden);
    for (const j of judged) ctx.say(describe(ctx, j.drive));
    const answer = await ctx.ask(ctx.t('drives:cli.askDrive') + ' ');
    if (!answer) throw uc.eraseCancelled(null);
    args2 = [answer];
  }
  const chosen: DriveInfo[] = [];
  for (const a of args2) chosen.push(await choose(a, chosen));

  // Packing plan for the chosen drives.
  const plan = uc.planDrives(step, chosen);
  uc.assertPlaceable(step, plan);
  ctx.say(ctx.t('drives:cli.plan', { files: step.files.length, bytes: formatBytes(plan.totalBytes, ctx.lang), count: plan.driveCount, given: chosen.length }));
  if (plan.jobCount > 1) ctx.say(ctx.t('drives:cli.severalJobs', { count: plan.jobCount }));

  // Prepare, copy, verify.
  const { assertReadyToShip } = await import('../../core/drives/prepareAndCopy');
  const taken = [...chosen];
  let out: Awaited<ReturnType<typeof uc.prepareDrives>> | undefined;
  try {
    // A drive pulled mid-copy: on a terminal, wait for it and go on (finished files are checked, not copied again).
    while (!out) {
      try {
        const nextDrive = async (left: { files: number; bytes: number }) => {
          ctx.endProgress();
          ctx.say(ctx.t('drives:cli.driveFull', { count: left.files, bytes: formatBytes(left.bytes, ctx.lang) }));
          if (!ctx.interactive) return null;
          const answer = await ctx.ask(ctx.t('drives:cli.askNextDrive') + ' ');
          if (!answer) return null;
          const d = await choose(answer, taken);
          taken.push(d);
          return d;
        };
        // Only the kill tests set OFFLINE_SEED_TEST_FILE_DELAY_MS: they slow the copy down after each file to kill it there.
        const delayMs = Number(ctx.io.env.OFFLINE_SEED_TEST_FILE_DELAY_MS) || 0;
        // Run as the signed-in user: the drive operations alone go to the elevated helper (pkexec, sudo or UAC).
        const { detectElevation } = await import('../../core/platform/elevated');
        const hooks = {
          ...(delayMs > 0 ? { afterFile: () => new Promise<void>((r) => setTimeout(r, delayMs)) } : {}),
          ...(ctx.io.elevation && !detectElevation() ? { elevation: { command: ctx.io.elevation, env: ctx.io.env } } : {}),
        };
        out = await uc.prepareDrives(step, chosen, createJobContext('copy', (p) => ctx.progress(p)), nextDrive, hooks);
      } catch (e) {
        if (!(ctx.interactive && e instanceof OfflineSeedError && e.code === 'drives:errors.driveGone')) throw e;
        ctx.endProgress();
        ctx.warn(ctx.t(e.code, e.params));
        if ((await ctx.ask(ctx.t('drives:cli.waitForDrive') + ' ')).trim().toLowerCase() === 'q') throw e;
      }
    }
  } finally {
    ctx.endProgress();
  }
  for (const r of out.records) {
    const check = driveCheck(r);
    if (check === 'verified') ctx.say(ctx.t('drives:cli.driveVerified', { drive: r.drive, driveId: r.driveId, files: r.files, bytes: formatBytes(r.bytes, ctx.lang) }));
    else if (check === 'differs') for (const p of out.problems.get(r.driveId) ?? []) ctx.warn(ctx.t('drives:cli.verifyProblem', { drive: r.drive, file: p.filePath, problem: p.problem.kind }));
    else if (check === 'keyFailed') ctx.warn(ctx.t('drives:cli.keyProblem', { drive: r.drive }));
    // 'notVerified': the error assertReadyToShip throws names the drive and why it is not verified.
  }
  assertReadyToShip(out);
  ctx.say(ctx.t('drives:cli.ready', { count: out.records.length, staging: step.stagingDir }));
  // What follows ready drives: the import job (created from the journals) and where to ship them.
  return (await import('./diskprepShipping')).createImportJobsStep(ctx, env, step.location);
}

export default { run } satisfies CliCommand;
