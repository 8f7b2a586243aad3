/**
 * `offline-seed diskprep s:<staging> [p:<file>] [--drive D ...] [--yes] [--list]`: DiskPrep's drive preparation.
 *
 * Judges the chosen drives, shows the packing plan, asks before erasing (typing the drive; Cancel by default),
 * prepares them, copies and verifies, asks for another drive when they are full, records the drives in the
 * session, and ends with the import job step. `u:` hands over to the shipping command.
 */

import path from 'node:path';
import { parseArgs } from '../args';
import type { CliContext } from '../context';
import type { CliCommand } from './index';
import { OfflineSeedError } from '../../shared/errors';
import { formatBytes } from '../../shared/i18n/format';
import { checkDrive, checkDrives, type DriveInfo } from '../../shared/rules/driveEligibility';
import { planPacking, usableBytes } from '../../shared/rules/packingPlan';
import { createJobContext } from '../../core/jobs';
import type { Key, KeyUnder } from '../../shared/i18n';

const flags = {
  drive: { type: 'string', multiple: true },
  yes: { type: 'boolean' },
  list: { type: 'boolean' },
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

/** A rule's reason in the user's language (its sentence formats the sizes: `{{size, bytes}}`). */
function problemText(ctx: CliContext, p: { key: Key; params: Record<string, string | number> }): string {
  return ctx.t(p.key, p.params);
}

async function run(ctx: CliContext, argv: string[]): Promise<number> {
  // `u:` is the shipping command, with its own flags: hand over before parsing ours.
  if (argv.some((a) => /^u:/i.test(a))) return (await import('./diskprepShipping')).default.run(ctx, argv);
  const args = parseArgs(argv, flags, { keyTokens: ['s', 'p'] });
  if (args.positional.length > 0) throw usage('unexpectedArgument', { arg: args.positional[0]! });
  const s = args.keys.s;
  if (!s) throw usage('noStaging');
  const stagingDir = path.resolve(ctx.io.cwd, s);

  const { readSession } = await import('../../core/session/sessionFile');
  const { listShippableFiles } = await import('../../core/staging/layout');
  const { listDrives } = await import('../../core/drives/enumerate');
  const { resolveDrive } = await import('../../core/drives/resolve');
  const prep = await import('../../core/drives/prepare');
  const { journalPaths } = await import('../../core/formats/journal');
  const fs = (await import('node:fs')).promises;

  const session = await readSession(stagingDir);
  if (!session) {
    throw new OfflineSeedError({
      code: 'drives:errors.noSession',
      params: { staging: stagingDir },
      step: 'drives',
    });
  }
  const files = await listShippableFiles(stagingDir);
  if (files.length === 0) {
    throw new OfflineSeedError({ code: 'drives:errors.nothingToCopy', params: { staging: stagingDir }, step: 'copy' });
  }
  const cloud = ctx.cloud ?? session.cloud;
  const eligibility = await (await import('../../core/drives/context')).eligibilityContextFor(stagingDir, session, files);

  const driveArgs = (args.flags.drive as string[] | undefined) ?? [];
  const needList = args.flags.list === true || driveArgs.some((a) => !/^dir:/i.test(a)) || (driveArgs.length === 0 && ctx.interactive);
  const all = needList ? await listDrives() : [];

  if (args.flags.list === true) {
    const judged = checkDrives(all, eligibility);
    if (ctx.json) {
      ctx.result({ drives: judged });
      return 0;
    }
    const hidden = judged.filter((j) => j.eligibility.hidden).length;
    for (const j of judged.filter((x) => !x.eligibility.hidden)) {
      ctx.say(describe(ctx, j.drive));
      for (const p of [...j.eligibility.errors, ...j.eligibility.warnings]) ctx.say(`    ${p.level === 'error' ? '✗' : '!'} ${problemText(ctx, p)}`);
      if (j.eligibility.eligible) ctx.say(`    ✓ ${ctx.t('drives:cli.eligible')}`);
    }
    if (hidden > 0) ctx.say(ctx.t('drives:cli.hidden', { count: hidden }));
    return 0;
  }

  const started = async (d: DriveInfo) =>
    fs.stat(journalPaths(stagingDir, d.serial).journal).then(
      () => true,
      () => false,
    );

  /** Judges, refuses early, and asks before erasing; returns the drive ready to prepare. */
  const choose = async (arg: string, taken: DriveInfo[]): Promise<DriveInfo> => {
    const d = await resolveDrive(arg, all.length > 0 || /^dir:/i.test(arg) ? all : await listDrives());
    if (taken.some((t) => t.serial === d.serial && t.device === d.device)) throw usage('driveTwice', { drive: d.id });
    const resumed = await started(d);
    const e = checkDrive(d, eligibility, all.length > 0 ? all : undefined);
    const errors = e.errors.filter((p) => !(resumed && p.name === 'tooSmall'));
    if (errors.length > 0) {
      for (const p of errors.slice(1)) ctx.warn(`${d.id}: ${problemText(ctx, p)}`);
      throw prep.notEligibleError(d, errors);
    }
    for (const w of e.warnings) ctx.warn(`${d.id}: ${problemText(ctx, w)}`);
    prep.assertCanEncrypt(d, cloud);
    if (d.kind !== 'dir' && !resumed) {
      ctx.say(ctx.t('drives:cli.eraseWarning'));
      ctx.say(describe(ctx, d));
      if (args.flags.yes !== true) {
        if (!ctx.interactive) throw usage('needsConfirmation', { drive: d.id });
        const typed = await ctx.ask(ctx.t('drives:cli.typeToErase', { drive: d.id }) + ' ');
        if (typed.trim() !== d.id && typed.trim().toUpperCase() !== d.id.toUpperCase()) {
          throw new OfflineSeedError({ code: 'drives:errors.eraseCancelled', params: { drive: d.id }, step: 'drives' });
        }
      }
    }
    return d;
  };

  let args2 = driveArgs;
  if (args2.length === 0) {
    if (!ctx.interactive) throw usage('noDrive');
    const judged = checkDrives(all, eligibility).filter((j) => !j.eligibility.hidden);
    for (const j of judged) ctx.say(describe(ctx, j.drive));
    const answer = await ctx.ask(ctx.t('drives:cli.askDrive') + ' ');
    if (!answer) throw new OfflineSeedError({ code: 'drives:errors.noDriveChosen', step: 'drives' });
    args2 = [answer];
  }
  const chosen: DriveInfo[] = [];
  for (const a of args2) chosen.push(await choose(a, chosen));

  // Packing plan for the chosen drives.
  const plan = planPacking(files, chosen.map((d) => usableBytes(d.kind === 'dir' ? d.sizeBytes : Math.floor(d.sizeBytes * 0.97))));
  if (plan.unplaceable.length > 0) {
    throw new OfflineSeedError({ code: 'drives:errors.fileTooLarge', params: { file: plan.unplaceable[0]!.relPath }, step: 'drives' });
  }
  ctx.say(ctx.t('drives:cli.plan', { files: files.length, bytes: formatBytes(plan.totalBytes, ctx.lang), count: plan.driveCount, given: chosen.length }));
  if (plan.jobCount > 1) ctx.say(ctx.t('drives:cli.severalJobs', { count: plan.jobCount }));

  // Prepare, copy, verify.
  const { prepareAndCopy, assertReadyToShip } = await import('../../core/drives/prepareAndCopy');
  const taken = [...chosen];
  let out: Awaited<ReturnType<typeof prepareAndCopy>> | undefined;
  try {
    // A drive pulled mid-copy: on a terminal, wait for it and go on (finished files are checked, not copied again).
    while (!out) {
      try {
        out = await prepareAndCopy({
          stagingDir,
          session,
          cloud,
          drives: chosen,
          eligibility,
          totalBytes: plan.totalBytes,
          job: createJobContext('copy', (p) => ctx.progress(p)),
          nextDrive: async (left) => {
            ctx.endProgress();
            ctx.say(ctx.t('drives:cli.driveFull', { files: left.files, bytes: formatBytes(left.bytes, ctx.lang) }));
            if (!ctx.interactive) return null;
            const answer = await ctx.ask(ctx.t('drives:cli.askNextDrive') + ' ');
            if (!answer) return null;
            const d = await choose(answer, taken);
            taken.push(d);
            return d;
          },
        });
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
    if (r.verified && r.keyChecked) ctx.say(ctx.t('drives:cli.driveVerified', { drive: r.drive, driveId: r.driveId, files: r.files, bytes: formatBytes(r.bytes, ctx.lang) }));
    else if (!r.verified) for (const p of out.problems.get(r.driveId) ?? []) ctx.warn(ctx.t('drives:cli.verifyProblem', { drive: r.drive, file: p.filePath, problem: p.problem.kind }));
    else ctx.warn(ctx.t('drives:cli.keyProblem', { drive: r.drive }));
  }
  assertReadyToShip(out);
  ctx.say(ctx.t('drives:cli.ready', { count: out.records.length, staging: stagingDir }));
  return finishDiskprep(ctx, stagingDir);
}

/** What follows ready drives: the import job (created from the journals) and where to ship them. */
async function finishDiskprep(ctx: CliContext, stagingDir: string): Promise<number> {
  return (await import('./diskprepShipping')).createImportJobsStep(ctx, stagingDir);
}

export default { run } satisfies CliCommand;
