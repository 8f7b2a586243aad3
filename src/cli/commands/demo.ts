/**
 * `offline-seed demo [--keep]`: the whole workflow from nothing on a local Azure in a temporary folder.
 *
 * Every step runs the real command line as a child process (exactly what an operator would type), so the
 * demo exercises the same code the acceptance tests call. Exit 0 only if every byte came back identical.
 * The local Azure is stopped at the end whatever happens; the folder is removed on success unless --keep.
 */

import { spawn, type ChildProcess } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs, boolFlag } from '../args';
import type { CliContext } from '../context';
import type { CliCommand } from './index';
import { OfflineSeedError } from '../../shared/errors';
import { formatBytes, formatDuration } from '../../shared/i18n/format';
import { redact } from '../../shared/redact';
import { cli, must, startEmulator, stopEmulator, StepFailed } from './demoRun';
import { rehearsalShippingDetails, shippingFlags } from '../../shared/rules/shippingForm';
import { listShippableFiles } from '../../core/staging/layout';
import { readBitLockerMarker } from '../../core/drives/emulatedBitLocker';
import { compareTrees, makeSampleTree, spanningVolumeBytes } from '../demoTree';
import type { KeyUnder } from '../../shared/i18n';

const flags = { keep: { type: 'boolean' }, drives: { type: 'string' }, route: { type: 'string' } } as const;

type StepName = 'emulator' | 'sources' | 'certgen' | 'stage' | 'diskprep' | 'shipping' | 'receive' | 'wait' | 'verify' | 'restore' | 'compare';

interface StepResult {
  step: StepName;
  seconds: number;
}

/** Mounts a tmpfs of `bytes` on `dir` (Linux, root); false when that is not possible here. */
async function mountSmallVolume(dir: string, bytes: number): Promise<boolean> {
  if (process.platform !== 'linux' || process.getuid?.() !== 0) return false;
  const r = await run0('mount', ['-t', 'tmpfs', '-o', `size=${bytes},mode=0755`, 'offline-seed-demo', dir]);
  return r === 0;
}

async function unmountAll(dirs: string[]): Promise<void> {
  for (const d of dirs.splice(0)) await run0('umount', [d]);
}

function run0(cmd: string, args: string[]): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: 'ignore', windowsHide: true });
    child.on('error', () => resolve(1));
    child.on('close', (code) => resolve(code ?? 1));
  });
}

export async function run(ctx: CliContext, argv: string[]): Promise<number> {
  const args = parseArgs(argv, flags);
  // The Data Box route (current agents) has its own rehearsal; the default is Import/Export.
  if (args.flags.route === 'databox') return (await import('./demoDataBox')).run(ctx, argv);
  const driveCount = Math.max(2, Number((args.flags.drives as string | undefined) ?? 3) || 3);
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'offline-seed-demo-'));
  const env: NodeJS.ProcessEnv = {
    ...ctx.io.env,
    OFFLINE_SEED_DATA_DIR: path.join(dir, 'app-data'),
    OFFLINE_SEED_LANG: ctx.lang,
    OFFLINE_SEED_CLOUD: '',
  };
  const results: StepResult[] = [];
  const mounted: string[] = [];
  let emulator: ChildProcess | null = null;
  let current: StepName = 'emulator';
  const started = performance.now();
  const t = (k: KeyUnder<'workflow:demo'>, p?: Record<string, unknown>) => ctx.t(`workflow:demo.${k}`, p);
  const step = async <T>(name: StepName, work: () => Promise<T>): Promise<T> => {
    current = name;
    const t0 = performance.now();
    const out = await work();
    const seconds = (performance.now() - t0) / 1000;
    results.push({ step: name, seconds });
    ctx.say(t('stepDone', { step: t(`steps.${name}`), duration: formatDuration(seconds, ctx.lang) }));
    return out;
  };
  const stopOnSignal = () => void stopEmulator(emulator);
  process.once('SIGINT', stopOnSignal);
  process.once('SIGTERM', stopOnSignal);
  ctx.say(t('title', { dir }));
  try {
    const state = path.join(dir, 'azure');
    const { child, profile } = await step('emulator', () => startEmulator(state, env, dir));
    emulator = child;
    const cloudJson = JSON.parse(await fs.readFile(profile, 'utf8')) as {
      subscriptionId: string;
      resourceGroup: string;
      storageAccount: { name: string };
    };
    const cloud = ['--cloud', profile];
    const source = path.join(dir, 'source');
    const tree = await step('sources', () => makeSampleTree(source));
    await step('certgen', () => must('certgen', cli([...cloud, 'certgen', 'CreateNewApplication', `SubscriptionId:${cloudJson.subscriptionId}`], env, dir)));
    const staging = path.join(dir, 'staging');
    const jobName = 'offline-seed-demo';
    await step('stage', () =>
      must(
        'stage',
        cli(
          [
            ...cloud,
            'stage',
            '--source',
            source,
            `s:${staging}`,
            '--job',
            jobName,
            '--subscription',
            cloudJson.subscriptionId,
            '--resource-group',
            cloudJson.resourceGroup,
            '--storage-account',
            cloudJson.storageAccount.name,
            '--container',
            'offline-seed-demo',
            '--pack-size',
            '1MiB',
          ],
          env,
          dir,
        ),
      ),
    );
    const drives = Array.from({ length: driveCount }, (_, i) => path.join(dir, `drive${i + 1}`));
    for (const d of drives) await fs.mkdir(d, { recursive: true });
    // Small volumes, so that the staged copy has to span several drives: on Linux as root, each drive
    // folder becomes a tmpfs a bit over half the staged size (a `dir:` volume's capacity is its free space).
    const volumeBytes = spanningVolumeBytes((await listShippableFiles(staging)).map((f) => f.size));
    for (const d of drives) if (await mountSmallVolume(d, volumeBytes)) mounted.push(d);
    await step('diskprep', () =>
      must('diskprep', cli([...cloud, 'diskprep', `s:${staging}`, ...drives.flatMap((d) => ['--drive', `dir:${d}`]), '--yes'], env, dir)),
    );
    const status = async () => {
      const r = await must('wait', cli([...cloud, '--json', 'status', `s:${staging}`, '--no-logs'], env, dir));
      return JSON.parse(r.stdout) as { jobs: Array<{ name: string; state: string; outcome: string; terminal: boolean; supportedCarriers: string[]; drives: Array<{ driveId: string }> }> };
    };
    const jobs = (await status()).jobs;
    await step('shipping', async () => {
      for (const [i, j] of jobs.entries()) {
        await must(
          'shipping',
          cli(
            [
              ...cloud,
              'diskprep',
              'u:',
              `s:${staging}`,
              '--job',
              j.name,
              ...shippingFlags(rehearsalShippingDetails({ carrierName: j.supportedCarriers[0], trackingNumber: `DEMO${Date.now()}${i}`, driveCount: j.drives.length })),
              '--yes',
            ],
            env,
            dir,
          ),
        );
      }
    });
    const used: string[] = [];
    for (const d of drives) if ((await fs.readdir(d)).length > 0) used.push(d);
    // Each job's drives arrive in their own package: the datacenter receives them job by job.
    const driveIdOf = new Map<string, string>();
    for (const d of used) {
      const marker = await readBitLockerMarker(d);
      if (marker) driveIdOf.set(d, marker.driveId);
    }
    let processingDays = 0;
    await step('receive', async () => {
      for (const j of jobs) {
        const mine = used.filter((d) => j.drives.some((x) => x.driveId === driveIdOf.get(d)));
        const r = await must('receive', cli([...cloud, '--json', 'emulator', 'receive', '--state', state, '--job', j.name, ...mine.flatMap((d) => ['--drive', d])], env, dir));
        const { timeline } = JSON.parse(r.stdout) as { timeline: { received: string; shippedBack: string } };
        processingDays = Math.max(processingDays, Math.ceil((Date.parse(timeline.shippedBack) - Date.parse(timeline.received)) / 86_400_000));
      }
    });
    // The datacenter's days pass on the local Azure's clock, not in real time.
    await step('wait', async () => {
      await must('wait', cli([...cloud, 'emulator', 'advance', '--state', state, '--days', String(processingDays)], env, dir));
      const s = await status();
      const open = s.jobs.filter((j) => !j.terminal);
      if (open.length > 0) throw new StepFailed('wait', open.map((j) => `${j.name}: ${j.state}`).join(', '));
      const bad = s.jobs.find((j) => j.state !== 'Completed' || j.outcome !== 'succeeded');
      if (bad) throw new StepFailed('wait', `${bad.name}: ${bad.state} (${bad.outcome})`);
    });
    await step('verify', () => must('verify', cli([...cloud, 'verify', `s:${staging}`], env, dir)));
    const restored = path.join(dir, 'restored');
    await step('restore', () => must('restore', cli([...cloud, 'restore', '--from', 'cloud', `s:${staging}`, '--to', restored], env, dir)));
    await step('compare', async () => {
      const diff = await compareTrees(source, path.join(restored, path.basename(source)));
      if (diff.length > 0) throw new StepFailed('compare', diff.slice(0, 5).map((d) => `${d.path}: ${d.reason}`).join(', '));
    });
    const total = (performance.now() - started) / 1000;
    ctx.say();
    ctx.say(t('summaryTitle'));
    for (const r of results) ctx.say(`  ${t('summaryLine', { step: t(`steps.${r.step}`), duration: formatDuration(r.seconds, ctx.lang) })}`);
    ctx.say(t('ok', { files: tree.files, bytes: formatBytes(tree.bytes, ctx.lang), drives: used.length, duration: formatDuration(total, ctx.lang) }));
    ctx.result({ ok: true, dir, steps: results, files: tree.files, bytes: tree.bytes, drives: used.length, seconds: total });
    await stopEmulator(emulator);
    emulator = null;
    await unmountAll(mounted);
    if (boolFlag(args, 'keep')) ctx.say(t('kept', { dir }));
    else await fs.rm(dir, { recursive: true, force: true });
    return 0;
  } catch (e) {
    const reason = e instanceof StepFailed ? e.reason : e instanceof Error ? redact(e.message) : String(e);
    const failedStep = e instanceof StepFailed ? (e.step as StepName) : current;
    ctx.warn(t('stepFailed', { step: t(`steps.${failedStep}`), message: reason }));
    ctx.warn(t('kept', { dir }));
    throw new OfflineSeedError({
      code: 'workflow:errors.demoFailed',
      params: { step: t(`steps.${failedStep}`), reason },
    });
  } finally {
    process.removeListener('SIGINT', stopOnSignal);
    process.removeListener('SIGTERM', stopOnSignal);
    await stopEmulator(emulator);
    await unmountAll(mounted);
  }
}

export default { run } satisfies CliCommand;
