/**
 * The wizard's jobs, kept in the app's data folder (`wizard-jobs.json`, mode 0600): the current one and the recent
 * ones. Writes are atomic and one at a time, so a crash or two quick saves never leave half a file.
 */

import { randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { OfflineSeedError, stepIds } from '../../shared/errors';
import {
  accountSteps,
  accountSummaryKeys,
  routeStepIds,
  wizardJobsFileSchema,
  type JobSummary,
  type RecentJob,
  type WizardJob,
  type WizardJobChange,
  type WizardJobsFile,
} from '../../shared/model/wizardJob';
import { writeFileAtomic } from './sessionFile';

export const wizardJobsFileName = 'wizard-jobs.json';
/** How many jobs the recent list keeps. */
export const recentJobsKept = 20;

const queues = new Map<string, Promise<unknown>>();

/** Runs `fn` after every earlier change of the same data folder has finished. */
function serialized<T>(dataDir: string, fn: () => Promise<T>): Promise<T> {
  const before = queues.get(dataDir) ?? Promise.resolve();
  const run = before.then(fn, fn);
  queues.set(
    dataDir,
    run.catch(() => undefined),
  );
  return run;
}

function blankJob(now: Date, from?: WizardJob): WizardJob {
  const summary: JobSummary = {};
  const status: WizardJob['status'] = Object.fromEntries(stepIds.map((s) => [s, 'notStarted'])) as WizardJob['status'];
  if (from) {
    for (const k of accountSummaryKeys) {
      const v = from.summary[k];
      if (v !== undefined) summary[k] = v;
    }
    for (const s of accountSteps) status[s] = from.status[s] ?? 'notStarted';
  }
  // The route is asked again on step 1, the last job's preselected: a new job may be for another agent.
  if (from?.summary.route) summary.route = from.summary.route;
  const at = now.toISOString();
  return { id: randomUUID(), createdAt: at, updatedAt: at, summary, status, fields: {}, step: 'signIn' };
}

async function readFile(dataDir: string): Promise<WizardJobsFile | null> {
  const file = path.join(dataDir, wizardJobsFileName);
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
  let parsed: ReturnType<typeof wizardJobsFileSchema.safeParse>;
  try {
    parsed = wizardJobsFileSchema.safeParse(JSON.parse(text));
  } catch {
    parsed = { success: false } as typeof parsed;
  }
  if (parsed.success && parsed.data.jobs.some((j) => j.id === parsed.data.current)) return parsed.data;
  // Unreadable (an older or damaged file): kept aside for diagnostics, and the wizard starts afresh.
  await fs.rename(file, `${file}.unreadable`).catch(() => undefined);
  return null;
}

async function writeJobs(dataDir: string, data: WizardJobsFile): Promise<void> {
  await fs.mkdir(dataDir, { recursive: true, mode: 0o700 });
  await writeFileAtomic(path.join(dataDir, wizardJobsFileName), JSON.stringify(data, null, 2) + '\n', 0o600);
}

function recentOf(data: WizardJobsFile): RecentJob[] {
  return data.jobs.map((j) => {
    const route = j.summary.route ?? 'importExport';
    return {
      id: j.id,
      createdAt: j.createdAt,
      updatedAt: j.updatedAt,
      ...(j.summary.importJobName ? { importJobName: j.summary.importJobName } : {}),
      ...(j.summary.stagingLocation ? { stagingLocation: j.summary.stagingLocation } : {}),
      ...(j.summary.dataBoxOrder ? { dataBoxOrder: j.summary.dataBoxOrder } : {}),
      route,
      // Out of the job's own route: a Data Box job has no certificate, staging or drives steps.
      done: routeStepIds[route].filter((s) => j.status[s] === 'done').length,
      total: routeStepIds[route].length,
    };
  });
}

export interface CurrentWizardJob {
  job: WizardJob;
  recent: RecentJob[];
}

function current(data: WizardJobsFile): CurrentWizardJob {
  return { job: data.jobs.find((j) => j.id === data.current)!, recent: recentOf(data) };
}

/** Puts `job` first and keeps the newest `recentJobsKept`. */
function withFirst(data: WizardJobsFile | null, job: WizardJob): WizardJobsFile {
  const others = (data?.jobs ?? []).filter((j) => j.id !== job.id);
  return { current: job.id, jobs: [job, ...others].slice(0, recentJobsKept) };
}

/** The current job; the first call makes a blank one. */
export function currentWizardJob(dataDir: string, now = new Date()): Promise<CurrentWizardJob> {
  return serialized(dataDir, async () => {
    const data = await readFile(dataDir);
    if (data) return current(data);
    const fresh = withFirst(null, blankJob(now));
    await writeJobs(dataDir, fresh);
    return current(fresh);
  });
}

/** Saves the current job's change; false when `id` is no longer the current job (another window switched). */
export function saveWizardJob(dataDir: string, id: string, change: WizardJobChange, now = new Date()): Promise<boolean> {
  return serialized(dataDir, async () => {
    const data = await readFile(dataDir);
    if (!data || data.current !== id) return false;
    const job = data.jobs.find((j) => j.id === id)!;
    await writeJobs(dataDir, withFirst(data, { ...job, ...change, updatedAt: now.toISOString() }));
    return true;
  });
}

/** Starts a new job that keeps the cloud, the account and the account-wide steps of the current one. */
export function newWizardJob(dataDir: string, now = new Date()): Promise<CurrentWizardJob> {
  return serialized(dataDir, async () => {
    const data = await readFile(dataDir);
    const from = data?.jobs.find((j) => j.id === data.current);
    const next = withFirst(data, blankJob(now, from));
    await writeJobs(dataDir, next);
    return current(next);
  });
}

/** Makes the recent job `id` the current one. */
export function switchWizardJob(dataDir: string, id: string): Promise<CurrentWizardJob> {
  return serialized(dataDir, async () => {
    const data = await readFile(dataDir);
    const job = data?.jobs.find((j) => j.id === id);
    if (!data || !job) throw new OfflineSeedError({ code: 'app:errors.wizardJobGone' });
    const next: WizardJobsFile = { ...data, current: id };
    await writeJobs(dataDir, next);
    return current(next);
  });
}
