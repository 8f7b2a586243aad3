/**
 * `offline-seed databox order|status|credentials|unlock|check|ship|logs|mitigate|cancel|delete|repair-certificate`: the Data Box route for current
 * agents (MARS, DPM 2019 UR2+, MABS v3 UR2+), whose offline backup writes straight onto an unlocked Data Box Disk
 * (https://learn.microsoft.com/azure/backup/offline-backup-azure-data-box). Offline Seed does everything around
 * that write; the write itself is the agent's.
 *
 * The order is placed by the signed-in operator (Owner of the subscription). A custom passkey is read from a file
 * (--passkey-file), never from the command line, where other users could see it.
 */

import { promises as fs } from 'node:fs';
import path from 'node:path';
import { boolFlag, listFlag, parseArgs, stringFlag } from '../args';
import { useCaseEnv, type CliContext } from '../context';
import type { CliCommand } from './index';
import { OfflineSeedError } from '../../shared/errors';
import { formatBytes, formatDateTime, formatPercent } from '../../shared/i18n/format';
import { mitigateActions, passkeyRuleBroken, type DataBoxStatus, type ReadinessCheck } from '../../shared/model/dataBox';
import type { Key } from '../../shared/i18n';
import { stateLabel } from '../../shared/i18n/stateLabel';
import { dataBoxCopyStatusNameKey, dataBoxStageLabel, nextStepStage } from '../../shared/rules/dataBoxStates';
import { openDataBox, orderAccount, orderDataBox } from '../../core/usecases';
import { cancelOrder, deleteOrder, markShipped, mitigateOrder, orderStatus, storeCredentials, uploadLogs } from '../../core/databox/orders';
import { checkDisk } from '../../core/databox/diskCheck';
import { findSecretsFile, unlockDisks } from '../../core/databox/unlock';

const flags = {
  job: { type: 'string' },
  'resource-group': { type: 'string' },
  subscription: { type: 'string' },
  'storage-account': { type: 'string' },
  location: { type: 'string' },
  'size-tb': { type: 'string' },
  contact: { type: 'string' },
  phone: { type: 'string' },
  email: { type: 'string', multiple: true },
  street: { type: 'string' },
  city: { type: 'string' },
  'postal-code': { type: 'string' },
  country: { type: 'string' },
  company: { type: 'string' },
  'passkey-file': { type: 'string' },
  register: { type: 'boolean' },
  'check-only': { type: 'boolean' },
  watch: { type: 'boolean' },
  disk: { type: 'string' },
  after: { type: 'boolean' },
  'need-bytes': { type: 'string' },
  carrier: { type: 'string' },
  tracking: { type: 'string' },
  reason: { type: 'string' },
  tool: { type: 'string' },
  interval: { type: 'string' },
  action: { type: 'string' },
  thumbprint: { type: 'string' },
  folder: { type: 'string' },
  'no-wait': { type: 'boolean' },
  browser: { type: 'boolean' },
} as const;

type Args = ReturnType<typeof parseArgs>;

function need(args: Args, name: string): string {
  const v = stringFlag(args, name);
  if (!v) throw new OfflineSeedError({ code: 'cli:errors.missingFlag', params: { flag: `--${name}` }, exitCode: 2 });
  return v;
}

function sayChecks(ctx: CliContext, checks: ReadinessCheck[]): void {
  for (const c of checks) {
    const line = ctx.t(`databox:readiness.${c.id}.${c.ok ? 'ok' : 'fail'}` as Key, c.params);
    if (c.ok) ctx.say(`  ok  ${line}`);
    else ctx.warn(`  !!  ${line}`);
  }
}

/**
 * An order's status or one of its stages as the user reads it: the catalog's name in the user's language, with
 * Azure's value beside a name that differs from it ("Zugestellt (API: Delivered)"; src/shared/i18n/stateLabel.ts).
 * Every message of these commands that names an order's status says it through this one helper (their errors name it
 * by the same rule in `localizeError`).
 */
function stageLabel(ctx: CliContext, value: string): string {
  return dataBoxStageLabel((key, params) => ctx.t(key, params), value);
}

/** One disk's copy status in the datacenter, named the same way. */
function copyStatusLabel(ctx: CliContext, value: string): string {
  return stateLabel((key, params) => ctx.t(key, params), dataBoxCopyStatusNameKey(value), value);
}

/**
 * The stage timeline, the disks' copy progress and the next step, in the user's language. Statuses, stages and copy
 * statuses are named from the catalog (src/shared/rules/dataBoxStates.ts gives the sources of the names), with Azure's
 * value beside a name that differs from it; Azure's own displayName of a stage stays in --json. A stage's time is
 * written in the user's language and time zone, as the other commands write times; --json keeps Azure's ISO time.
 */
export function statusLines(ctx: CliContext, s: DataBoxStatus): string[] {
  const stage = (v: string) => stageLabel(ctx, v);
  const lines = [ctx.t('databox:status.title', { job: s.jobName, status: stage(s.status) })];
  for (const st of s.stages) {
    if (st.status === 'None') lines.push(ctx.t('databox:status.stagePending', { name: stage(st.name) }));
    else if (st.status === 'InProgress') lines.push(ctx.t('databox:status.stageNow', { name: stage(st.name) }));
    else lines.push(ctx.t('databox:status.stageDone', { name: stage(st.name), time: st.time ? formatDateTime(st.time, ctx.lang) : '' }));
  }
  for (const d of s.disks) {
    lines.push(ctx.t('databox:status.disk', { serial: d.serialNumber, status: copyStatusLabel(ctx, d.status), percent: formatPercent(d.percentComplete / 100, ctx.lang), bytes: formatBytes(d.bytesCopied, ctx.lang) }));
  }
  if (s.returnLabel && (s.status === 'Delivered' || s.status === 'PickedUp')) lines.push(ctx.t('databox:status.returnLabel', { url: s.returnLabel }));
  if (s.actions.length > 0) lines.push(ctx.t('databox:status.actions', { actions: s.actions.join(', '), job: s.jobName }));
  const next = nextStepStage(s.status);
  lines.push(next ? ctx.t(`databox:status.next.${next}`) : ctx.t('databox:status.next.other', { status: stage(s.status) }));
  return lines;
}

async function order(ctx: CliContext, args: Args): Promise<number> {
  // Everything the operator typed is checked before anything reaches Azure.
  const sizeText = need(args, 'size-tb');
  const dataSizeTB = Number(sizeText);
  if (!(dataSizeTB > 0)) throw new OfflineSeedError({ code: 'databox:errors.badOrderField', params: { field: '--size-tb' }, exitCode: 2 });
  let passkey: string | undefined;
  const pf = stringFlag(args, 'passkey-file');
  if (pf) {
    const file = path.resolve(ctx.io.cwd, pf);
    const text = await fs.readFile(file, 'utf8').catch(() => null);
    if (text === null) throw new OfflineSeedError({ code: 'databox:errors.passkeyFile', params: { path: file }, exitCode: 2 });
    passkey = text.trim();
    const broken = passkeyRuleBroken(passkey);
    if (broken) throw new OfflineSeedError({ code: `databox:errors.passkey.${broken}`, exitCode: 2 });
  }
  const c = await openDataBox(useCaseEnv(ctx), { subscriptionId: stringFlag(args, 'subscription'), resourceGroup: stringFlag(args, 'resource-group') });
  const account = orderAccount(c, stringFlag(args, 'storage-account'));
  const emails = listFlag(args, 'email');
  const company = stringFlag(args, 'company');
  const status = await orderDataBox(
    c,
    {
      jobName: need(args, 'job'),
      storageAccountId: account.id,
      dataSizeTB,
      location: stringFlag(args, 'location'),
      contact: { name: need(args, 'contact'), phone: need(args, 'phone'), emails },
      address: { street: need(args, 'street'), city: need(args, 'city'), postalCode: need(args, 'postal-code'), country: need(args, 'country').toUpperCase(), ...(company ? { company } : {}) },
      ...(passkey !== undefined ? { passkey } : {}),
    },
    { register: boolFlag(args, 'register'), checkOnly: boolFlag(args, 'check-only'), onChecks: (checks) => sayChecks(ctx, checks), onRegistered: () => ctx.say(ctx.t('databox:readiness.registered')) },
  );
  if (!status) {
    ctx.say(ctx.t('databox:order.checkOnly'));
    ctx.result({ ordered: false });
    return 0;
  }
  ctx.say(ctx.t('databox:order.placed', { job: status.jobName, status: stageLabel(ctx, status.status) }));
  if (passkey === undefined) ctx.say(ctx.t('databox:order.passkeyLater'));
  ctx.result(status);
  return 0;
}

async function status(ctx: CliContext, args: Args): Promise<number> {
  // --watch looks again every --interval seconds (60 by default) and shows the order when it changed.
  const intervalText = stringFlag(args, 'interval');
  const intervalS = intervalText === undefined ? 60 : Number(intervalText);
  if (!Number.isInteger(intervalS) || intervalS < 1 || intervalS > 86_400) throw new OfflineSeedError({ code: 'databox:errors.badInterval', params: { value: intervalText ?? '' }, exitCode: 2 });
  const c = await openDataBox(useCaseEnv(ctx), { subscriptionId: stringFlag(args, 'subscription'), resourceGroup: stringFlag(args, 'resource-group') });
  const job = need(args, 'job');
  let s = await orderStatus(c, job);
  const show = (x: DataBoxStatus) => {
    if (ctx.json) ctx.result(x);
    else for (const l of statusLines(ctx, x)) ctx.say(l);
  };
  show(s);
  if (boolFlag(args, 'watch')) {
    const controller = new AbortController();
    const stop = () => controller.abort();
    process.once('SIGINT', stop);
    try {
      while (!s.final && !controller.signal.aborted) {
        await new Promise((r) => setTimeout(r, intervalS * 1000));
        const next = await orderStatus(c, job);
        if (next.status !== s.status || JSON.stringify(next.disks) !== JSON.stringify(s.disks)) {
          ctx.say();
          show(next);
        }
        s = next;
      }
    } finally {
      process.off('SIGINT', stop);
    }
  }
  return s.status === 'CompletedWithErrors' || s.status.startsWith('Failed') || s.status === 'Aborted' ? 1 : 0;
}

async function credentials(ctx: CliContext, args: Args): Promise<number> {
  const env = useCaseEnv(ctx);
  const c = await openDataBox(env, { subscriptionId: stringFlag(args, 'subscription'), resourceGroup: stringFlag(args, 'resource-group') });
  const job = need(args, 'job');
  const stored = await storeCredentials(c, env.dataDir, job);
  ctx.say(ctx.t('databox:credentials.stored', { count: stored.disks.length, job, file: stored.file }));
  // Offline Seed does not run the unlock tool (a closed Microsoft binary shipped on the disks' download page); it names
  // the documented invocation, `.\DataBoxDiskUnlock.exe /Passkey:<passkey>`, from "Tutorial: Unpack, connect, and
  // unlock Azure Data Box Disk" (https://learn.microsoft.com/azure/databox/data-box-disk-deploy-set-up#unlock-disks-on-windows-client).
  ctx.say(ctx.t(process.platform === 'win32' ? 'databox:credentials.unlockWindows' : 'databox:credentials.unlockLinux'));
  ctx.result({ file: stored.file, disks: stored.disks, passkeyUserDefined: stored.passkeyUserDefined });
  return 0;
}

/**
 * Runs Microsoft's unlock tool (--tool) with the kept passkey: on Windows `DataBoxDiskUnlock.exe`, answering its
 * "Enter the passkey :" prompt on standard input; on Linux `DataBoxDiskUnlock_x86_64 /PassKey:<passkey>`, as
 * https://learn.microsoft.com/azure/databox/data-box-disk-deploy-set-up documents. The passkey is masked in every
 * line shown; the command line is never printed.
 */
async function unlock(ctx: CliContext, args: Args): Promise<number> {
  const job = need(args, 'job');
  const tool = stringFlag(args, 'tool');
  if (!tool) throw new OfflineSeedError({ code: 'databox:errors.needTool', exitCode: 2 });
  const secrets = await findSecretsFile(useCaseEnv(ctx).dataDir, job, stringFlag(args, 'subscription'));
  const r = await unlockDisks({ secretsFile: secrets, tool: path.resolve(ctx.io.cwd, tool), platform: process.platform, onLine: (l) => ctx.say(ctx.t('databox:unlock.line', { line: l })) });
  ctx.result({ volumes: r.volumes });
  if (r.volumes.length === 0) {
    ctx.warn(ctx.t('databox:unlock.noVolumes'));
    return 1;
  }
  ctx.say(ctx.t('databox:unlock.done', { count: r.volumes.length, volumes: r.volumes.join(', ') }));
  return 0;
}

async function check(ctx: CliContext, args: Args): Promise<number> {
  const disk = stringFlag(args, 'disk');
  if (!disk) throw new OfflineSeedError({ code: 'databox:errors.needDisk', exitCode: 2 });
  const root = path.resolve(ctx.io.cwd, disk.replace(/^dir:/, ''));
  const needBytes = stringFlag(args, 'need-bytes');
  const r = await checkDisk(root, { phase: boolFlag(args, 'after') ? 'after' : 'before', ...(needBytes ? { needBytes: Number(needBytes) } : {}) });
  ctx.result(r);
  if (r.violations.length === 0) {
    ctx.say(ctx.t('databox:check.ok', { path: root, files: r.files, bytes: formatBytes(r.bytes, ctx.lang) }));
    return 0;
  }
  for (const v of r.violations) ctx.warn(ctx.t('databox:check.violation', { file: v.file, rule: ctx.t(`databox:rules.${v.rule}`, { detail: v.detail ?? '' }) }));
  if (ctx.json) return 1;
  throw new OfflineSeedError({ code: 'databox:errors.checkFailed', params: { path: root, count: r.violations.length } });
}

async function ship(ctx: CliContext, args: Args): Promise<number> {
  const c = await openDataBox(useCaseEnv(ctx), { subscriptionId: stringFlag(args, 'subscription'), resourceGroup: stringFlag(args, 'resource-group') });
  const job = need(args, 'job');
  const carrier = stringFlag(args, 'carrier') ?? '';
  const tracking = stringFlag(args, 'tracking') ?? '';
  const s = await markShipped(c, job, carrier, tracking);
  ctx.say(ctx.t('databox:ship.done', { job, carrier, tracking, status: stageLabel(ctx, s.status) }));
  ctx.result(s);
  return 0;
}

async function logs(ctx: CliContext, args: Args): Promise<number> {
  const c = await openDataBox(useCaseEnv(ctx), { subscriptionId: stringFlag(args, 'subscription'), resourceGroup: stringFlag(args, 'resource-group') });
  const job = need(args, 'job');
  const { status: s, entries } = await uploadLogs(c, job, orderAccount(c, stringFlag(args, 'storage-account')));
  const problems = entries.filter((e) => e.status !== 'Completed');
  ctx.result({ status: s, entries });
  for (const e of problems) ctx.say(ctx.t('databox:logs.entry', { serial: e.serialNumber, filePath: e.filePath, blobPath: e.blobPath, status: e.status }));
  ctx.say(ctx.t('databox:logs.summary', { job, count: entries.length, problems: problems.length }));
  if (problems.length === 0) return 0;
  if (ctx.json) return 1;
  throw new OfflineSeedError({ code: 'databox:errors.uploadProblems', params: { job, status: s.status } });
}

/** Answers what the service asks (details.actions) with Jobs_Mitigate. */
async function mitigate(ctx: CliContext, args: Args): Promise<number> {
  const job = need(args, 'job');
  const action = stringFlag(args, 'action');
  if (!action || !(mitigateActions as readonly string[]).includes(action)) throw new OfflineSeedError({ code: 'databox:errors.needAction', exitCode: 2 });
  const c = await openDataBox(useCaseEnv(ctx), { subscriptionId: stringFlag(args, 'subscription'), resourceGroup: stringFlag(args, 'resource-group') });
  const s = await mitigateOrder(c, job, action);
  ctx.say(ctx.t('databox:mitigate.done', { job, action, status: stageLabel(ctx, s.status) }));
  ctx.result(s);
  return 0;
}

async function cancel(ctx: CliContext, args: Args): Promise<number> {
  const c = await openDataBox(useCaseEnv(ctx), { subscriptionId: stringFlag(args, 'subscription'), resourceGroup: stringFlag(args, 'resource-group') });
  const job = need(args, 'job');
  const s = await cancelOrder(c, job, stringFlag(args, 'reason') ?? '');
  ctx.say(ctx.t('databox:cancel.done', { job }));
  ctx.result(s);
  return 0;
}

async function remove(ctx: CliContext, args: Args): Promise<number> {
  const env = useCaseEnv(ctx);
  const c = await openDataBox(env, { subscriptionId: stringFlag(args, 'subscription'), resourceGroup: stringFlag(args, 'resource-group') });
  const job = need(args, 'job');
  await deleteOrder(c, env.dataDir, job);
  ctx.say(ctx.t('databox:delete.done', { job }));
  ctx.result({ deleted: job });
  return 0;
}

/**
 * The agent's certificate repair (Microsoft's workaround for "cannot add a second certificate", see
 * src/core/databox/certificateRepair.ts): the .cer goes to --folder (the current folder by default); in a public cloud
 * the command waits for the portal upload (up to 30 minutes, --no-wait checks once); the HKLM value is written by
 * the elevated helper when this process is not elevated (one UAC prompt).
 */
async function repairCertificate(ctx: CliContext, args: Args): Promise<number> {
  const folder = stringFlag(args, 'folder');
  const { environment } = await import('./certgen');
  const env = await environment(ctx, boolFlag(args, 'browser'));
  const { detectElevation } = await import('../../core/platform/elevated');
  const command = !ctx.io.windows && process.platform === 'win32' && ctx.io.elevation && !detectElevation() ? ctx.io.elevation : undefined;
  const { thumbprintValueElevated } = await import('../../core/elevation/client');
  const { repairAgentCertificate } = await import('../../core/databox/certificateRepair');
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once('SIGINT', stop);
  let r;
  try {
    r = await repairAgentCertificate(
      {
        ...env,
        cwd: folder ? path.resolve(ctx.io.cwd, folder) : ctx.io.cwd,
        platform: ctx.io.windows ? 'win32' : process.platform,
        ...(ctx.io.windows ? { run: ctx.io.windows } : {}),
        ...(command ? { elevatedValue: (v: { valueName: string; thumbprint: string }) => thumbprintValueElevated({ command, env: ctx.io.env }, v) } : {}),
      },
      {
        thumbprint: stringFlag(args, 'thumbprint'),
        waitMs: boolFlag(args, 'no-wait') ? 0 : 30 * 60_000,
        signal: controller.signal,
        onPhase: (p) => ctx.say(`  … ${ctx.t(`databox:repair.phases.${p}`)}`),
        onUploadNeeded: (u) => {
          ctx.warn(ctx.t('databox:repair.uploadNeeded', { file: u.cerPath, application: u.application, url: u.portalUrl }));
          if (!boolFlag(args, 'no-wait')) ctx.warn(ctx.t('databox:repair.waiting', { thumbprint: u.thumbprint, application: u.application }));
        },
      },
    );
  } finally {
    process.off('SIGINT', stop);
  }
  ctx.say(ctx.t('databox:repair.exported', { thumbprint: r.thumbprint, file: r.cerPath }));
  ctx.result(r);
  if (r.outcome === 'uploadNeeded') {
    ctx.warn(ctx.t('databox:repair.notYet', { thumbprint: r.thumbprint, application: r.application }));
    return 1;
  }
  ctx.say(ctx.t('databox:repair.done', { thumbprint: r.thumbprint, application: r.application, valueName: r.valueName, location: r.registryLocation }));
  return 0;
}

export async function run(ctx: CliContext, argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  const args = parseArgs(rest, flags);
  switch (sub) {
    case 'order':
      return order(ctx, args);
    case 'status':
      return status(ctx, args);
    case 'credentials':
      return credentials(ctx, args);
    case 'unlock':
      return unlock(ctx, args);
    case 'check':
      return check(ctx, args);
    case 'ship':
      return ship(ctx, args);
    case 'logs':
      return logs(ctx, args);
    case 'mitigate':
      return mitigate(ctx, args);
    case 'cancel':
      return cancel(ctx, args);
    case 'delete':
      return remove(ctx, args);
    case 'repair-certificate':
      return repairCertificate(ctx, args);
    default:
      throw new OfflineSeedError({ code: 'databox:errors.unknownSubcommand', params: { name: sub ?? '' }, exitCode: 2 });
  }
}

export default { run } satisfies CliCommand;
