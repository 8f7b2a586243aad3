/**
 * `offline-seed emulator start --state DIR | receive --job NAME --drive PATH... | advance --days N`.
 *
 * `start` runs the local Azure until SIGTERM/SIGINT. `receive` and `advance` reach the running one through the
 * profile's control endpoint, with the secret from its state folder (DIR/control.secret).
 */

import https from 'node:https';
import path from 'node:path';
import { existsSync, promises as fs } from 'node:fs';
import { listFlag, parseArgs, stringFlag } from '../args';
import type { CliContext } from '../context';
import { appDataDir } from '../../core/platform/appDataDir';
import { localRehearsalStateDir } from '../../core/azure/localRehearsal';
import type { CliCommand } from './index';
import { OfflineSeedError } from '../../shared/errors';
import { isErrorCode } from '../../shared/i18n';
import { localCloudProfileSchema, type LocalCloudProfile } from '../../shared/cloud';
import { formatBytes, formatDateTime } from '../../shared/i18n/format';
import type { ReceiveResult, Transition } from '../../emulator';
import { FileTooLargeError, fileLimits, readFileLimited } from '../../core/files/readLimited';

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
  const rehearsal = path.join(localRehearsalStateDir(appDataDir(ctx.io.env)), 'cloud.json');
  const file = stateDir
    ? path.join(path.resolve(ctx.io.cwd, stateDir), 'cloud.json')
    : ctx.cloud && ctx.cloud.endsWith('.json')
      ? path.resolve(ctx.io.cwd, ctx.cloud)
      : existsSync(rehearsal)
        ? rehearsal
        : undefined;
  if (!file) {
    throw new OfflineSeedError({ code: 'emulator:errors.needProfile', exitCode: 2 });
  }
  const parsed = localCloudProfileSchema.safeParse(
    await readFileLimited(file, fileLimits.smallJson, 'utf8').then(
      (t) => JSON.parse(t) as unknown,
      (e: unknown) => {
        if (e instanceof FileTooLargeError) throw e;
        return null;
      },
    ),
  );
  if (!parsed.success || !parsed.data.control) {
    throw new OfflineSeedError({ code: 'emulator:errors.badProfile', params: { path: file }, exitCode: 2 });
  }
  const secretFile = path.join(path.dirname(file), 'control.secret');
  const secret = await fs.readFile(secretFile, 'utf8').catch(() => null);
  if (secret === null) {
    throw new OfflineSeedError({ code: 'emulator:errors.secretMissing', params: { path: secretFile } });
  }
  return { profile: parsed.data, secret: secret.trim() };
}

export function control(profile: LocalCloudProfile, secret: string, action: string, body: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const url = `${profile.control}/${action}`;
  return new Promise((resolve, reject) => {
    const req = https.request(url, { method: 'POST', ca: profile.caCertificate, headers: { 'content-type': 'application/json', 'x-offline-seed-control': secret } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        try {
          resolve({ status: res.statusCode ?? 0, json: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown> });
        } catch (e) {
          reject(e instanceof Error ? e : new Error(String(e)));
        }
      });
    });
    req.on('error', (e) =>
      reject(new OfflineSeedError({ code: 'emulator:errors.notRunning', params: { url: profile.control ?? '' }, cause: e })),
    );
    req.end(JSON.stringify(body));
  });
}

export function refused(r: { json: Record<string, unknown> }): OfflineSeedError {
  const err = (r.json.error ?? {}) as { code?: string; message?: string; params?: Record<string, string | number> };
  if (err.code?.startsWith('emulator:errors.') && isErrorCode(err.code)) return new OfflineSeedError({ code: err.code, params: err.params ?? {} });
  const message = err.message ?? 'unknown error';
  return new OfflineSeedError({ code: 'emulator:errors.controlRefused', params: { message } });
}

async function advance(ctx: CliContext, stateDir: string | undefined, daysText: string | undefined): Promise<number> {
  const days = Number(daysText);
  if (daysText === undefined || !Number.isInteger(days) || days < 0 || days > 3650) {
    throw new OfflineSeedError({ code: 'emulator:errors.badDays', exitCode: 2 });
  }
  const { profile, secret } = await locate(ctx, stateDir);
  const r = await control(profile, secret, 'advance', { days });
  if (r.status !== 200) throw refused(r);
  ctx.say(ctx.t('emulator:advance.done', { now: String(r.json.now) }));
  for (const m of (r.json.moved ?? []) as Transition[]) {
    ctx.say(m.to === 'Deleted' ? ctx.t('emulator:advance.expired', { job: m.job }) : ctx.t('emulator:advance.moved', { job: m.job, from: m.from, to: m.to }));
  }
  ctx.result(r.json);
  return 0;
}

async function receive(ctx: CliContext, stateDir: string | undefined, job: string | undefined, drives: string[], resourceGroup: string | undefined): Promise<number> {
  if (!job) throw new OfflineSeedError({ code: 'cli:errors.missingFlag', params: { flag: '--job' }, exitCode: 2 });
  if (drives.length === 0) throw new OfflineSeedError({ code: 'emulator:errors.noDrives', exitCode: 2 });
  const { profile, secret } = await locate(ctx, stateDir);
  const r = await control(profile, secret, 'receive', { job, drives: drives.map((d) => path.resolve(ctx.io.cwd, d.replace(/^dir:/, ''))), ...(resourceGroup ? { resourceGroup } : {}) });
  if (r.status !== 200) throw refused(r);
  const result = r.json as unknown as ReceiveResult;
  ctx.result(result);
  for (const d of result.drives) {
    ctx.say(ctx.t('emulator:receive.drive', { driveId: d.driveId, status: d.status, count: d.blobs.length, bytes: formatBytes(d.bytesSucceeded, ctx.lang) }));
    for (const b of d.blobs.filter((x) => x.status !== 'Completed')) ctx.say(ctx.t('emulator:receive.blobProblem', { blobPath: b.blobPath, status: b.status }));
    if (d.status !== 'Completed' && d.errorLogUri) ctx.say(ctx.t('emulator:receive.errorLog', { uri: d.errorLogUri }));
  }
  for (const id of result.neverReceived) ctx.say(ctx.t('emulator:receive.neverReceived', { driveId: id }));
  for (const p of result.unprocessed) ctx.say(ctx.t('emulator:receive.unprocessed', { path: p, job }));
  // The job is Received now; Transferring, Packaging and its end follow on the local Azure's clock.
  const when = (iso: string) => formatDateTime(iso, ctx.lang);
  const days = Math.ceil((Date.parse(result.timeline.shippedBack) - Date.parse(result.timeline.received)) / 86_400_000);
  ctx.say(
    ctx.t('emulator:receive.timeline', {
      job,
      transferring: when(result.timeline.transferring),
      packaging: when(result.timeline.packaging),
      endsAs: result.endsAs,
      shippedBack: when(result.timeline.shippedBack),
      days: Math.max(1, days),
    }),
  );
  if (result.endsAs === 'Completed') {
    ctx.say(ctx.t('emulator:receive.completed', { job }));
    return 0;
  }
  ctx.say(ctx.t('emulator:receive.closed', { job }));
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
