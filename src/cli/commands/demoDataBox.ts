/**
 * `offline-seed demo --route databox [--keep]`: the Data Box route from nothing on a local Azure in a temporary
 * folder. Every step runs the real command line as a child process, as an operator would type it: readiness and
 * order, the passkey, the disks delivered as folders, the disk check before and after, a stand-in for the agent's
 * write (a generated page-blob tree in PageBlob: the agent's own layout is not documented), marking the disks
 * shipped, the datacenter's upload, the upload logs, then every page blob compared byte for byte with the disk, and
 * the order deleted. Exit 0 only if everything matched.
 */

import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { boolFlag, parseArgs } from '../args';
import { cacheUnprotectedWarning, type CliContext } from '../context';
import { OfflineSeedError } from '../../shared/errors';
import { formatBytes } from '../../shared/i18n/format';
import { cli, must, startEmulator, stopEmulator, StepFailed } from './demoRun';
import { connectDataBox } from '../../core/databox/client';
import { orderAccount } from '../../core/usecases';
import type { KeyUnder } from '../../shared/i18n';

type StepName = KeyUnder<'databox:demo.steps'>;

/** The stand-in for the agent's write: page-blob files (multiples of 512 bytes, some zero ranges) under PageBlob. */
async function writeAsAgent(disk: string): Promise<Array<{ file: string; container: string; blob: string; bytes: number }>> {
  const written = [];
  const plan = [
    ['offlinebackup', 'server01/volume-c.vhd', 3 * 1024 * 1024 + 512],
    ['offlinebackup', 'server01/volume-d.vhd', 5 * 1024 * 1024],
    ['offlinebackup', 'server01/catalog.bin', 64 * 512],
  ] as const;
  for (const [container, blob, bytes] of plan) {
    const file = path.join(disk, 'PageBlob', container, ...blob.split('/'));
    await fs.mkdir(path.dirname(file), { recursive: true });
    const data = randomBytes(bytes);
    // A zeroed range, as a sparse VHD has: the blob must read back zeros there too.
    if (bytes > 1024 * 1024) data.fill(0, 512 * 1024, 1024 * 1024);
    await fs.writeFile(file, data);
    written.push({ file, container, blob, bytes });
  }
  return written;
}

export async function run(ctx: CliContext, argv: string[]): Promise<number> {
  const args = parseArgs(argv, { keep: { type: 'boolean' }, route: { type: 'string' } });
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'offline-seed-databox-demo-'));
  const dataDir = path.join(dir, 'app-data');
  const stateDir = path.join(dir, 'local-azure');
  const env: NodeJS.ProcessEnv = { ...ctx.io.env, OFFLINE_SEED_DATA_DIR: dataDir, OFFLINE_SEED_LANG: ctx.lang, OFFLINE_SEED_CLOUD: '' };
  const t = (key: KeyUnder<'databox:demo'>, p?: Record<string, unknown>) => ctx.t(`databox:demo.${key}`, p);
  const timings: Array<{ step: StepName; seconds: number }> = [];
  let emulator: ChildProcess | null = null;
  let current: StepName = 'emulator';
  const step = async <T>(name: StepName, fn: () => Promise<T>): Promise<T> => {
    current = name;
    const started = Date.now();
    const out = await fn();
    const seconds = Math.round((Date.now() - started) / 100) / 10;
    timings.push({ step: name, seconds });
    ctx.say(t('step', { step: t(`steps.${name}`), seconds }));
    return out;
  };
  const job = 'seed-demo';
  let ok = false;
  try {
    ctx.say(t('title'));
    const started = await step('emulator', () => startEmulator(stateDir, env, dir));
    emulator = started.child;
    env.OFFLINE_SEED_CLOUD = started.profile;
    const state = ['--state', stateDir];
    await step('order', () =>
      must('order', cli(['databox', 'order', '--register', '--job', job, '--size-tb', '1', '--contact', 'Backup Operator', '--phone', '+31201234567', '--email', 'backup@example.com', '--street', 'Keizersgracht 1', '--city', 'Amsterdam', '--postal-code', '1015 CJ', '--country', 'NL'], env, dir)),
    );
    await step('credentials', async () => {
      await must('credentials', cli(['emulator', 'advance', '--days', '1', ...state], env, dir));
      await must('credentials', cli(['databox', 'credentials', '--job', job], env, dir));
    });
    const disks = await step('deliver', async () => {
      await must('deliver', cli(['emulator', 'advance', '--days', '2', ...state], env, dir));
      const r = await must('deliver', cli(['--json', 'emulator', 'databox', 'deliver', '--job', job, '--into', path.join(dir, 'disks'), ...state], env, dir));
      return (JSON.parse(r.stdout) as { disks: Array<{ serialNumber: string; path: string }> }).disks;
    });
    const disk = disks[0]!.path;
    await step('checkBefore', () => must('checkBefore', cli(['databox', 'check', '--disk', disk, '--need-bytes', String(16 * 1024 * 1024)], env, dir)));
    const written = await step('agent', () => writeAsAgent(disk));
    await step('checkAfter', () => must('checkAfter', cli(['databox', 'check', '--disk', disk, '--after'], env, dir)));
    await step('ship', () => must('ship', cli(['databox', 'ship', '--job', job, '--carrier', 'UPS', '--tracking', '1ZDEMO0000000001'], env, dir)));
    await step('receive', () => must('receive', cli(['emulator', 'databox', 'receive', '--job', job, '--disk', ...disks.map((d) => d.path), ...state], env, dir)));
    await step('logs', async () => {
      await must('logs', cli(['databox', 'status', '--job', job], env, dir));
      await must('logs', cli(['databox', 'logs', '--job', job], env, dir));
    });
    const bytes = await step('compare', async () => {
      const c = await connectDataBox({ cloud: started.profile, dataDir, env, onCacheUnprotected: cacheUnprotectedWarning(ctx) });
      const service = await c.blobs(orderAccount(c, undefined));
      let total = 0;
      for (const w of written) {
        const blob = service.getContainerClient(w.container).getPageBlobClient(w.blob);
        const props = await blob.getProperties().catch(() => null);
        if (props?.blobType !== 'PageBlob') throw new StepFailed('compare', `${w.container}/${w.blob}: ${props?.blobType ?? 'missing'}`);
        const [cloud, local] = await Promise.all([blob.downloadToBuffer(), fs.readFile(w.file)]);
        if (!cloud.equals(local)) throw new StepFailed('compare', `${w.container}/${w.blob}: content differs`);
        total += w.bytes;
      }
      return total;
    });
    await step('delete', () => must('delete', cli(['databox', 'delete', '--job', job], env, dir)));
    ctx.say(t('matched', { count: written.length, bytes: formatBytes(bytes, ctx.lang) }));
    ctx.result({ ok: true, dir, steps: timings, blobs: written.length, bytes });
    ok = true;
    return 0;
  } catch (e) {
    const f: StepFailed<StepName> = e instanceof StepFailed ? (e as StepFailed<StepName>) : new StepFailed(current, e instanceof Error ? e.message : String(e));
    ctx.result({ ok: false, step: f.step, reason: f.reason, dir, steps: timings });
    throw new OfflineSeedError({ code: 'databox:errors.demoFailed', params: { step: t(`steps.${f.step}`), reason: f.reason } });
  } finally {
    await stopEmulator(emulator);
    if (ok && !boolFlag(args, 'keep')) await fs.rm(dir, { recursive: true, force: true });
  }
}
