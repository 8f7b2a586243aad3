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
import { checkDrive, checkDrives, type DriveInfo, type EligibilityContext } from '../../shared/rules/driveEligibility';
import { planPacking, usableBytes } from '../../shared/rules/packingPlan';
import { sessionStates } from '../../shared/session';
import type { PreparedDriveRecord } from '../../shared/session/drives';
import { createJobContext } from '../../core/jobs';

const flags = {
  drive: { type: 'string', multiple: true },
  yes: { type: 'boolean' },
  list: { type: 'boolean' },
} as const;

function usage(code: string, message: string, params: Record<string, string | number> = {}): OfflineSeedError {
  return new OfflineSeedError({ code, message, params, step: 'drives', exitCode: 2 });
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

/** A rule's reason in the user's language, sizes formatted. */
function problemText(ctx: CliContext, p: { key: string; params: Record<string, string | number> }): string {
  const params = Object.fromEntries(Object.entries(p.params).map(([k, v]) => [k, typeof v === 'number' && k !== 'count' ? formatBytes(v, ctx.lang) : v]));
  return ctx.t(p.key, params);
}

async function run(ctx: CliContext, argv: string[]): Promise<number> {
  // `u:` is the shipping command, with its own flags: hand over before parsing ours.
  if (argv.some((a) => /^u:/i.test(a))) return (await import('./diskprepShipping')).default.run(ctx, argv);
  const args = parseArgs(argv, flags, { keyTokens: ['s', 'p'] });
  if (args.positional.length > 0) throw usage('drives:errors.unexpectedArgument', `Unexpected argument ${args.positional[0]}; see offline-seed diskprep --help.`, { arg: args.positional[0]! });
  const s = args.keys.s;
  if (!s) throw usage('drives:errors.noStaging', 'No staging location was given; give it with s:<staging>.');
  const stagingDir = path.resolve(ctx.io.cwd, s);

  const { readSession, updateSession } = await import('../../core/session/sessionFile');
  const { listShippableFiles } = await import('../../core/staging/layout');
  const { listDrives, isVirtualMachine } = await import('../../core/drives/enumerate');
  const { resolveDrive } = await import('../../core/drives/resolve');
  const prep = await import('../../core/drives/prepare');
  const { copySession } = await import('../../core/copy/copySession');
  const { journalPaths } = await import('../../core/copy/journal');
  const fs = (await import('node:fs')).promises;

  const session = await readSession(stagingDir);
  if (!session) {
    throw new OfflineSeedError({
      code: 'drives:errors.noSession',
      params: { staging: stagingDir },
      step: 'drives',
      message: `There is no Offline Seed session in ${stagingDir}; run the staging step first (offline-seed stage).`,
    });
  }
  const files = await listShippableFiles(stagingDir);
  if (files.length === 0) {
    throw new OfflineSeedError({ code: 'drives:errors.nothingToCopy', params: { staging: stagingDir }, step: 'copy', message: `The staging location ${stagingDir} has no packs or index to copy; finish the staging step first.` });
  }
  const cloud = ctx.cloud ?? session.cloud;
  const eligibility: EligibilityContext = {
    stagingDir,
    sourcePaths: session.sources.map((x) => x.path),
    largestFileBytes: Math.max(...files.map((f) => f.size)),
    copyMachineVirtual: await isVirtualMachine(),
    sourceMachineVirtual: null,
    windows: process.platform === 'win32',
  };
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
    if (taken.some((t) => t.serial === d.serial && t.device === d.device)) throw usage('drives:errors.driveTwice', `The drive ${d.id} was given twice; give each drive once.`, { drive: d.id });
    const resumed = await started(d);
    const e = checkDrive(d, eligibility, all.length > 0 ? all : undefined);
    const errors = e.errors.filter((p) => !(resumed && p.name === 'tooSmall'));
    if (errors.length > 0) {
      throw new OfflineSeedError({
        code: 'drives:errors.notEligible',
        params: { drive: d.id, reasons: errors.map((p) => problemText(ctx, p)).join(' ') },
        step: 'drives',
        message: `The drive ${d.id} cannot be used: ${errors.map((p) => p.name).join(', ')}; choose another drive.`,
      });
    }
    for (const w of e.warnings) ctx.warn(`${d.id}: ${problemText(ctx, w)}`);
    prep.assertCanEncrypt(d, cloud);
    if (d.kind !== 'dir' && !resumed) {
      ctx.say(ctx.t('drives:cli.eraseWarning'));
      ctx.say(describe(ctx, d));
      if (args.flags.yes !== true) {
        if (!ctx.interactive) throw usage('drives:errors.needsConfirmation', `Preparing ${d.id} erases everything on it; confirm on a terminal or add --yes.`, { drive: d.id });
        const typed = await ctx.ask(ctx.t('drives:cli.typeToErase', { drive: d.id }) + ' ');
        if (typed.trim() !== d.id && typed.trim().toUpperCase() !== d.id.toUpperCase()) {
          throw new OfflineSeedError({ code: 'drives:errors.eraseCancelled', params: { drive: d.id }, step: 'drives', message: `Nothing was erased on ${d.id}: the confirmation was not given.` });
        }
      }
    }
    return d;
  };

  let args2 = driveArgs;
  if (args2.length === 0) {
    if (!ctx.interactive) throw usage('drives:errors.noDrive', 'No drive was given; name each drive with --drive (a letter, /dev/sdX or dir:<folder>); offline-seed diskprep --list shows them.');
    const judged = checkDrives(all, eligibility).filter((j) => !j.eligibility.hidden);
    for (const j of judged) ctx.say(describe(ctx, j.drive));
    const answer = await ctx.ask(ctx.t('drives:cli.askDrive') + ' ');
    if (!answer) throw new OfflineSeedError({ code: 'drives:errors.eraseCancelled', params: { drive: '' }, step: 'drives', message: 'Nothing was erased: no drive was chosen.' });
    args2 = [answer];
  }
  const chosen: DriveInfo[] = [];
  for (const a of args2) chosen.push(await choose(a, chosen));

  // Packing plan for the chosen drives.
  const plan = planPacking(files, chosen.map((d) => usableBytes(d.kind === 'dir' ? d.sizeBytes : Math.floor(d.sizeBytes * 0.97))));
  if (plan.unplaceable.length > 0) {
    throw new OfflineSeedError({ code: 'drives:errors.fileTooLarge', params: { file: plan.unplaceable[0]!.relPath }, step: 'drives', message: `The file ${plan.unplaceable[0]!.relPath} is larger than every chosen drive; choose a larger drive.` });
  }
  ctx.say(ctx.t('drives:cli.plan', { files: files.length, bytes: formatBytes(plan.totalBytes, ctx.lang), count: plan.driveCount, given: chosen.length }));
  if (plan.jobCount > 1) ctx.say(ctx.t('drives:cli.severalJobs', { count: plan.jobCount }));

  // Prepare, copy, verify.
  const job = createJobContext('copy', (p) => ctx.progress(p));
  const targets: Array<Awaited<ReturnType<typeof prep.prepareDrive>>> = [];
  const prepare = async (d: DriveInfo) => {
    job.report({ phase: 'formatting', bytesDone: 0, bytesTotal: plan.totalBytes, current: d.id }, true);
    const t = await prep.prepareDrive({ drive: d, stagingDir, cloud, label: session.importJobName.slice(0, 32), eligibility, onPhase: (phase) => job.report({ phase, bytesDone: 0, bytesTotal: plan.totalBytes, current: d.id }, true) });
    targets.push(t);
    return t;
  };
  const prepared = [];
  for (const d of chosen) prepared.push(await prepare(d));
  let copied = 0;
  let verified = 0;
  try {
    const result = await copySession({
      stagingDir,
      container: session.container,
      importJobName: session.importJobName,
      sessionId: session.sessionId,
      targets: prepared,
      throwIfCancelled: () => job.throwIfCancelled(),
      onDriveStart: (t) => prep.activateDrive(stagingDir, targets.find((x) => x.driveId === t.driveId)!),
      onBytes: (n, phase, current, driveId) => {
        if (phase === 'copying') copied += n;
        else verified += n;
        job.report({ phase, bytesDone: phase === 'copying' ? copied : verified, bytesTotal: plan.totalBytes, current, extra: { drive: driveId } });
      },
      nextDrive: async (left) => {
        ctx.endProgress();
        ctx.say(ctx.t('drives:cli.driveFull', { files: left.files, bytes: formatBytes(left.bytes, ctx.lang) }));
        if (!ctx.interactive) return null;
        const answer = await ctx.ask(ctx.t('drives:cli.askNextDrive') + ' ');
        if (!answer) return null;
        return prepare(await choose(answer, [...chosen, ...targets.map((t) => t.drive)]));
      },
    });
    ctx.endProgress();

    const records: PreparedDriveRecord[] = [];
    for (const r of result.drives) {
      const t = targets.find((x) => x.driveId === r.driveId)!;
      const keyChecked = await prep.checkRecordedKey(t);
      records.push({
        driveId: r.driveId,
        drive: t.drive.id,
        model: t.drive.model,
        sizeBytes: t.drive.sizeBytes,
        bitLocker: t.bitLocker,
        bitLockerKeyRef: path.relative(stagingDir, r.driveInfoFile),
        journalFile: path.relative(stagingDir, r.journalFile),
        manifestFile: r.manifestFile,
        manifestHash: r.manifestHash,
        files: r.files.length,
        bytes: r.bytes,
        verified: r.verified,
        keyChecked,
        preparedAt: new Date().toISOString(),
      });
      if (keyChecked) await prep.forgetPendingKey(stagingDir, r.driveId);
      if (r.verified && keyChecked) ctx.say(ctx.t('drives:cli.driveVerified', { drive: t.drive.id, driveId: r.driveId, files: r.files.length, bytes: formatBytes(r.bytes, ctx.lang) }));
      else if (!r.verified) for (const p of r.verifyProblems) ctx.warn(ctx.t('drives:cli.verifyProblem', { drive: t.drive.id, file: p.filePath, problem: p.problem.kind }));
      else ctx.warn(ctx.t('drives:cli.keyProblem', { drive: t.drive.id }));
    }
    await updateSession(stagingDir, (x) => {
      const keep = (x.drives?.drives ?? []).filter((d) => !records.some((r) => r.driveId === d.driveId));
      const done = result.complete && records.every((r) => r.keyChecked);
      const state = done && sessionStates.indexOf(x.state) < sessionStates.indexOf('copied') ? 'copied' : x.state;
      return { ...x, state, drives: { ...x.drives, drives: [...keep, ...records], remainingFiles: result.remaining.length, updatedAt: new Date().toISOString() } };
    });

    const bad = records.filter((r) => !r.verified).map((r) => r.drive);
    if (bad.length > 0) {
      throw new OfflineSeedError({ code: 'drives:errors.verifyFailed', params: { drives: bad.join(', ') }, step: 'copy', message: `Reading back ${bad.join(', ')} did not match what was written; do not ship it: run the same command again to copy the damaged files once more.` });
    }
    const unchecked = records.filter((r) => !r.keyChecked).map((r) => r.drive);
    if (unchecked.length > 0) {
      throw new OfflineSeedError({ code: 'drives:errors.keyCheckFailed', params: { drives: unchecked.join(', ') }, step: 'drives', message: `The recorded BitLocker key does not open ${unchecked.join(', ')}; do not ship it: prepare that drive again.` });
    }
    if (result.remaining.length > 0) {
      const bytes = result.remaining.reduce((n, f) => n + f.size, 0);
      throw new OfflineSeedError({
        code: 'drives:errors.needMoreDrives',
        params: { files: result.remaining.length, bytes: formatBytes(bytes, ctx.lang) },
        step: 'copy',
        message: `The drives are full and ${result.remaining.length} files (${formatBytes(bytes, 'en')}) are left; run the same command again with another --drive: finished drives are checked, not copied again.`,
      });
    }
    ctx.say(ctx.t('drives:cli.ready', { count: records.length, staging: stagingDir }));
  } finally {
    ctx.endProgress();
    for (const t of targets) await prep.releaseDrive(t).catch(() => undefined);
  }
  return finishDiskprep(ctx, stagingDir);
}

/** What follows ready drives: the import job (created from the journals) and where to ship them. */
async function finishDiskprep(ctx: CliContext, stagingDir: string): Promise<number> {
  return (await import('./diskprepShipping')).createImportJobsStep(ctx, stagingDir);
}

export default { run } satisfies CliCommand;
