/**
 * `offline-seed emulator databox deliver --job NAME --into DIR | receive --job NAME --disk DIR...`: the local Azure's
 * Data Box datacenter, reached through the running local Azure's control endpoint (see emulator.ts).
 */

import path from 'node:path';
import { listFlag, parseArgs, stringFlag } from '../args';
import type { CliContext } from '../context';
import { OfflineSeedError } from '../../shared/errors';
import { isErrorCode } from '../../shared/i18n';
import { formatBytes } from '../../shared/i18n/format';
import type { DataBoxReceiveResult, DeliverResult } from '../../emulator';
import { control, locate, refused } from './emulator';

const flags = {
  state: { type: 'string' },
  job: { type: 'string' },
  into: { type: 'string' },
  disk: { type: 'string', multiple: true },
  'resource-group': { type: 'string' },
} as const;

/** The control endpoint's refusal: Data Box codes are ours (databox:errors.emulator…), the rest as emulator.ts has them. */
function dataBoxRefused(r: { json: Record<string, unknown> }): OfflineSeedError {
  const err = (r.json.error ?? {}) as { code?: string; params?: Record<string, string | number> };
  if (err.code?.startsWith('databox:errors.') && isErrorCode(err.code)) return new OfflineSeedError({ code: err.code, params: err.params ?? {} });
  return refused(r);
}

export async function run(ctx: CliContext, argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  const args = parseArgs(rest, flags);
  const job = stringFlag(args, 'job');
  if (!job) throw new OfflineSeedError({ code: 'cli:errors.missingFlag', params: { flag: '--job' }, exitCode: 2 });
  const rg = stringFlag(args, 'resource-group');
  const { profile, secret } = await locate(ctx, stringFlag(args, 'state'));
  if (sub === 'deliver') {
    const into = stringFlag(args, 'into');
    if (!into) throw new OfflineSeedError({ code: 'cli:errors.missingFlag', params: { flag: '--into' }, exitCode: 2 });
    const r = await control(profile, secret, 'databox/deliver', { job, into: path.resolve(ctx.io.cwd, into), ...(rg ? { resourceGroup: rg } : {}) });
    if (r.status !== 200) throw dataBoxRefused(r);
    const result = r.json as unknown as DeliverResult;
    for (const d of result.disks) ctx.say(ctx.t('databox:emulator.delivered', { serial: d.serialNumber, job, path: d.path }));
    ctx.result(result);
    return 0;
  }
  if (sub === 'receive') {
    const disks = listFlag(args, 'disk');
    if (disks.length === 0) throw new OfflineSeedError({ code: 'databox:errors.emulatorNoDisks', params: { job }, exitCode: 2 });
    const r = await control(profile, secret, 'databox/receive', { job, disks: disks.map((d) => path.resolve(ctx.io.cwd, d.replace(/^dir:/, ''))), ...(rg ? { resourceGroup: rg } : {}) });
    if (r.status !== 200) throw dataBoxRefused(r);
    const result = r.json as unknown as DataBoxReceiveResult;
    for (const d of result.disks) {
      ctx.say(ctx.t('databox:emulator.received', { serial: d.serialNumber, status: d.status, bytes: formatBytes(d.bytesCopied, ctx.lang) }));
      for (const b of d.blobs.filter((x) => x.status !== 'Completed')) ctx.say(ctx.t('databox:emulator.problem', { filePath: b.filePath, status: b.status }));
    }
    ctx.say(ctx.t('databox:emulator.final', { job, status: result.status }));
    if (result.awaiting) ctx.say(ctx.t('databox:status.actions', { actions: result.awaiting, job }));
    ctx.result(result);
    return 0;
  }
  throw new OfflineSeedError({ code: 'emulator:errors.unknownSubcommand', params: { name: `databox ${sub ?? ''}` }, exitCode: 2 });
}
