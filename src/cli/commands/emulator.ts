/**
 * `offline-seed emulator start --state DIR | receive --job NAME --drive PATH... | advance --days N`.
 *
 * `start` runs the local Azure until SIGTERM/SIGINT. `receive` and `advance` reach the running one through the
 * profile's control endpoint, with the secret from its state folder (DIR/control.secret).
 */

import path from 'node:path';
import { listFlag, parseArgs, stringFlag } from '../args';
import type { CliContext } from '../context';
import type { UseCaseEnv } from '../../core/usecases/env';
import { appDataDir } from '../../core/platform/appDataDir';
import { controlLocalAzure, controlRefused, locateLocalAzure } from '../../core/azure/localControl';
import { advanceLocalClock, processingDays, receiveAtLocalDatacenter } from '../../core/usecases/rehearsal';
import type { CliCommand } from './index';
import { OfflineSeedError } from '../../shared/errors';
import type { LocalCloudProfile } from '../../shared/cloud';
import { formatBytes, formatDateTime } from '../../shared/i18n/format';
import { blobLogStatusMeaningKey, driveLogStatusMeaningKey } from '../../shared/rules/jobStates';
import { driveStateLabel, jobStateLabel } from '../statusText';

const flags = {
  state: { type: 'string' },
  job: { type: 'string' },
  drive: { type: 'string', multiple: true },
  days: { type: 'string' },
  'resource-group': { type: 'string' },
} as const;

async function start(ctx: CliContext, stateDir: string | undefined): Promise<number> {
  if (!stateDir) throw new OfflineSeedError({ code: 'emulator:errors.needState', exitCode: 2 });
  const { startEmulator } = await import('../../emulator');
  const emulator = await startEmulator({ stateDir: path.resolve(ctx.io.cwd, stateDir) });
  const stopped = new Promise<void>((resolve) => {
    process.once('SIGTERM', resolve);
    process.once('SIGINT', resolve);
  });
  ctx.say(ctx.t('emulator:start.running', { path: emulator.profilePath }));
  ctx.say(ctx.t('emulator:start.endpoints', { url: emulator.profile.endpoints.resourceManager }));
  ctx.say(ctx.t('emulator:start.blob', { url: emulator.profile.storageAccount.blobEndpoint }));
  ctx.say(ctx.t('emulator:start.useIt', { path: emulator.profilePath }));
  ctx.result({ profilePath: emulator.profilePath, profile: emulator.profile });
  await stopped;
  await emulator.stop();
  ctx.say(ctx.t('emulator:start.stopped'));
  return 0;
}

/**
 * The running emulator's profile and control secret, from --state DIR or --cloud/OFFLINE_SEED_CLOUD, else the
 * wizard's local rehearsal in the app's data folder (OFFLINE_SEED_DATA_DIR or the default one) when it has one.
 */
export async function locate(ctx: CliContext, stateDir: string | undefined): Promise<{ profile: LocalCloudProfile; secret: string }> {
  return locateLocalAzure({ dataDir: appDataDir(ctx.io.env), ...where(ctx, stateDir) });
}

/** The data folder where the wizard's rehearsal lives, read as it is (this command creates nothing in it). */
function localEnv(ctx: CliContext): UseCaseEnv {
  return { dataDir: appDataDir(ctx.io.env), lang: ctx.lang };
}

function where(ctx: CliContext, stateDir: string | undefined) {
  return {
    stateDir: stateDir ? path.resolve(ctx.io.cwd, stateDir) : undefined,
    cloud: ctx.cloud && ctx.cloud.endsWith('.json') ? path.resolve(ctx.io.cwd, ctx.cloud) : undefined,
  };
}

export function control(profile: LocalCloudProfile, secret: string, action: string, body: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  return controlLocalAzure({ profile, secret }, action, body);
}

export const refused = controlRefused;

async function advance(ctx: CliContext, stateDir: string | undefined, daysText: string | undefined): Promise<number> {
  const days = Number(daysText);
  if (daysText === undefined || !Number.isInteger(days) || days < 0 || days > 3650) {
    throw new OfflineSeedError({ code: 'emulator:errors.badDays', exitCode: 2 });
  }
  const r = await advanceLocalClock(localEnv(ctx), where(ctx, stateDir), days);
  ctx.say(ctx.t('emulator:advance.done', { now: r.now }));
  // States by their names in the user's language, the API's spelling beside them, as offline-seed status shows them.
  const state = (s: string) => jobStateLabel(s, ctx.lang);
  for (const m of r.moved) {
    ctx.say(m.to === 'Deleted' ? ctx.t('emulator:advance.expired', { job: m.job, state: state('Creating') }) : ctx.t('emulator:advance.moved', { job: m.job, from: state(m.from), to: state(m.to) }));
  }
  ctx.result(r);
  return 0;
}

async function receive(ctx: CliContext, stateDir: string | undefined, job: string | undefined, drives: string[], resourceGroup: string | undefined): Promise<number> {
  if (!job) throw new OfflineSeedError({ code: 'cli:errors.missingFlag', params: { flag: '--job' }, exitCode: 2 });
  if (drives.length === 0) throw new OfflineSeedError({ code: 'emulator:errors.noDrives', exitCode: 2 });
  const result = await receiveAtLocalDatacenter(localEnv(ctx), where(ctx, stateDir), {
    job,
    drives: drives.map((d) => path.resolve(ctx.io.cwd, d.replace(/^dir:/, ''))),
    resourceGroup,
  });
  ctx.result(result);
  // States by their names in the user's language with the API's spelling, copy-log statuses with their meaning: the
  // lines of offline-seed status.
  const state = (s: string) => jobStateLabel(s, ctx.lang);
  for (const d of result.drives) {
    ctx.say(ctx.t('emulator:receive.drive', { driveId: d.driveId, count: d.blobs.length, bytes: formatBytes(d.bytesSucceeded, ctx.lang) }));
    ctx.say(`  ${ctx.t('workflow:status.log', { drive: d.driveId, status: d.status, meaning: ctx.t(driveLogStatusMeaningKey(d.status)) })}`);
    for (const b of d.blobs.filter((x) => x.status !== 'Completed')) ctx.say(`  ${ctx.t('workflow:status.blob', { blob: b.blobPath, status: b.status, meaning: ctx.t(blobLogStatusMeaningKey(b.status)) })}`);
    if (d.status !== 'Completed' && d.errorLogUri) ctx.say(ctx.t('emulator:receive.errorLog', { uri: d.errorLogUri }));
  }
  for (const id of result.neverReceived) ctx.say(ctx.t('emulator:receive.neverReceived', { driveId: id, state: driveStateLabel('NeverReceived', ctx.lang) }));
  for (const p of result.unprocessed) ctx.say(ctx.t('emulator:receive.unprocessed', { path: p, job }));
  // The job is Received now; Transferring, Packaging and its end follow on the local Azure's clock.
  const when = (iso: string) => formatDateTime(iso, ctx.lang);
  const days = processingDays(result);
  ctx.say(
    ctx.t('emulator:receive.timeline', {
      job,
      received: state('Received'),
      transferring: state('Transferring'),
      transferringOn: when(result.timeline.transferring),
      packaging: state('Packaging'),
      packagingOn: when(result.timeline.packaging),
      endsAs: state(result.endsAs),
      shippedBack: when(result.timeline.shippedBack),
      days,
    }),
  );
  if (result.endsAs === 'Completed') {
    ctx.say(ctx.t('emulator:receive.completed', { job }));
    return 0;
  }
  ctx.say(ctx.t('emulator:receive.closed', { job, state: state('Closed') }));
  if (ctx.json) return 1;
  throw new OfflineSeedError({ code: 'emulator:errors.importClosed', params: { job }, step: 'monitor' });
}

export async function run(ctx: CliContext, argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === 'databox') return (await import('./emulatorDataBox')).run(ctx, rest);
  const args = parseArgs(rest, flags);
  const stateDir = stringFlag(args, 'state');
  switch (sub) {
    case 'start':
      return start(ctx, stateDir);
    case 'advance':
      return advance(ctx, stateDir, stringFlag(args, 'days'));
    case 'receive':
      return receive(ctx, stateDir, stringFlag(args, 'job'), listFlag(args, 'drive'), stringFlag(args, 'resource-group'));
    default:
      throw new OfflineSeedError({ code: 'emulator:errors.unknownSubcommand', params: { name: sub ?? '' }, exitCode: 2 });
  }
}

export default { run } satisfies CliCommand;
