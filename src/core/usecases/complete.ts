/** Step 9 (complete) as both front ends run it: every blob checked against the manifests, and the test restore. */

import path from 'node:path';
import { OfflineSeedError } from '../../shared/errors';
import type { Session } from '../../shared/session';
import { openCloudStagingSource } from '../complete/cloudSource';
import { loadManifests } from '../complete/manifests';
import type { VerifyReport } from '../../shared/model/verify';
import type { RestoreRecord, VerifyRecord } from '../../shared/session/workflow';
import { promises as fs } from 'node:fs';
import { compareTrees } from '../complete/compareTrees';
import { completionReportHtml } from '../complete/report';
import type { Completion } from '../../shared/model/completion';
import type { JobContext } from '../jobs';
import { verifyContainer } from '../complete/verify';
import { jobsNamed, jobsOfStaging, requireStaging } from '../session/locate';
import { sessionFolder } from '../session/folder';
import { readSession, updateSession } from '../session/sessionFile';
import { filesPackSource, folderPackSource, restoreStaging, type PackSource, type RestoreStats } from '../staging/restore';
import { connectFor, type UseCaseEnv } from './env';

export interface VerifyRun {
  /** Called once the manifests are read, before the first blob is checked. */
  onStart?(info: { container: string; blobs: number; bytes: number }): void;
  onProgress?(done: number, total: number, bytes: number, current: string): void;
}

/**
 * Checks every blob of the staging location's jobs (or of `jobName`) against the drive manifests: present, same
 * length, same MD5. When everything matches, each job checked records when (`verifiedAt` in the session).
 */
export async function verifyStaging(env: UseCaseEnv, q: { stagingDir?: string | undefined; jobName?: string | undefined }, run: VerifyRun = {}): Promise<VerifyReport> {
  const started = performance.now();
  const staging = await requireStaging(env, q.stagingDir, 'complete');
  const jobs = jobsNamed(staging, q.jobName);
  const azure = await connectFor(env, staging.session);
  const manifests = await loadManifests(azure, staging.stagingDir, jobs);
  run.onStart?.({ container: staging.session.container, blobs: manifests.length, bytes: manifests.reduce((n, m) => n + m.length, 0) });
  const report = await verifyContainer(azure, {
    container: staging.session.container,
    account: staging.session.storageAccount,
    manifests,
    // An agent's staging location may have changed since it was shipped: the manifests alone say what was sent.
    ...(staging.session.agentStaging ? {} : { stagingDir: staging.stagingDir }),
    ...(run.onProgress ? { onProgress: run.onProgress } : {}),
  });
  const now = new Date().toISOString();
  const names = new Set(jobs.map((j) => j.name));
  const record: VerifyRecord = {
    at: now,
    seconds: (performance.now() - started) / 1000,
    container: report.container,
    blobs: report.expectedBlobs,
    bytes: report.bytes,
    problems: report.problems.length,
    ok: report.ok,
  };
  await updateSession(staging.stagingDir, (s) => ({
    ...s,
    workflow: {
      ...s.workflow,
      verify: record,
      jobs: report.ok ? (s.workflow?.jobs ?? []).map((j) => (names.has(j.name) ? { ...j, verifiedAt: now } : j)) : s.workflow?.jobs,
    },
  }));
  return report;
}

/**
 * Restore reads Offline Seed's own format only: a staging location the backup agent wrote is read back by the agent
 * itself, from the storage account, once the import is done.
 */
function assertOwnFormat(session: Session | null): void {
  if (!session?.agentStaging) return;
  throw new OfflineSeedError({ code: 'agent:errors.restoreNotOwnFormat', params: { staging: session.agentStaging.path }, step: 'complete', exitCode: 2 });
}

/** The staging location's packs and index read back from the container (through the drive manifests). */
export async function cloudPackSource(env: UseCaseEnv, stagingDir: string): Promise<PackSource> {
  const s = await jobsOfStaging(env, stagingDir, 'complete');
  assertOwnFormat(s.session);
  const azure = await connectFor(env, s.session);
  const manifests = await loadManifests(azure, s.stagingDir, s.jobs);
  return filesPackSource(`${s.session.storageAccount}/${s.session.container}`, openCloudStagingSource(azure, s.session.container, manifests));
}

/** Where a restore reads from: the staging folder itself, or the cloud the drives were imported into. */
export async function restoreSource(env: UseCaseEnv, from: 'staging' | 'cloud', stagingDir: string): Promise<PackSource> {
  if (from === 'cloud') return cloudPackSource(env, stagingDir);
  const f = await sessionFolder({ ...env, stagingDir });
  if (!f.inPlace) assertOwnFormat(await readSession(f.sessionDir).catch(() => null));
  return folderPackSource(path.resolve(stagingDir));
}

/**
 * The folder a test restore goes into: an absolute path to a folder that does not exist yet or is empty, so the
 * comparison that follows sees only what the restore wrote.
 */
export async function checkRestoreTarget(toDir: string): Promise<string> {
  if (!path.isAbsolute(toDir)) {
    throw new OfflineSeedError({ code: 'workflow:errors.restoreRelative', params: { folder: toDir }, step: 'complete', exitCode: 2 });
  }
  const entries = await fs.readdir(toDir).catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return [];
    throw new OfflineSeedError({ code: 'staging:errors.restoreTargetNotFolder', params: { target: toDir }, step: 'complete', exitCode: 2, cause: e });
  });
  if (entries.length > 0) {
    throw new OfflineSeedError({ code: 'workflow:errors.restoreNotEmpty', params: { folder: toDir, count: entries.length }, step: 'complete', exitCode: 2 });
  }
  return path.resolve(toDir);
}

/**
 * Step 9's test restore: the staging location read back from the cloud into the empty folder `toDir`, then every
 * source compared with what came back (when the source folder is on this machine); the outcome and its timing are
 * recorded in the session for the completion report.
 */
export async function testRestoreFromCloud(env: UseCaseEnv, stagingDir: string, toDir: string, job: JobContext): Promise<RestoreStats & { record: RestoreRecord }> {
  const started = performance.now();
  const target = await checkRestoreTarget(toDir);
  const s = await jobsOfStaging(env, stagingDir, 'complete');
  const stats = await restoreStaging(await cloudPackSource(env, stagingDir), target, job);
  const sources: RestoreRecord['sources'] = [];
  for (const src of s.session.sources) {
    job.throwIfCancelled();
    const here = await fs.stat(src.path).then((st) => st.isDirectory(), () => false);
    const differences = here ? await compareTrees(src.path, path.join(target, src.name)) : [];
    sources.push({
      name: src.name,
      source: src.path,
      identical: here ? differences.length === 0 : null,
      differences: differences.length,
      examples: differences.slice(0, 20),
    });
  }
  const record: RestoreRecord = { at: new Date().toISOString(), seconds: (performance.now() - started) / 1000, to: target, files: stats.files, bytes: stats.bytes, sources };
  await updateSession(s.stagingDir, (x) => ({ ...x, workflow: { ...x.workflow, restore: record } }));
  return { ...stats, record };
}

/** What step 9 shows and the report holds, from the session alone (no Azure call). */
export async function completionFacts(env: UseCaseEnv, stagingDir: string): Promise<Completion> {
  const s = await jobsOfStaging(env, stagingDir, 'complete');
  const w = s.session.workflow;
  return {
    location: s.location,
    cloud: s.session.cloud,
    subscriptionId: s.session.subscriptionId,
    resourceGroup: s.session.resourceGroup,
    storageAccount: s.session.storageAccount,
    container: s.session.container,
    agentStaging: Boolean(s.session.agentStaging),
    jobs: s.jobs.map((j) => ({
      name: j.name,
      driveIds: j.driveIds,
      createdAt: j.createdAt,
      ...(j.shipping ? { shippedAt: j.shipping.enteredAt, trackingNumber: j.shipping.trackingNumber } : {}),
      ...(j.lastState ? { lastState: j.lastState } : {}),
      seenStates: j.seenStates ?? [],
      ...(j.verifiedAt ? { verifiedAt: j.verifiedAt } : {}),
    })),
    ...(w?.verify ? { verify: w.verify } : {}),
    ...(w?.restore ? { restore: w.restore } : {}),
  };
}

/**
 * Writes the completion report (HTML, in `env.lang`) into the session folder's `reports/` and returns its path and
 * text, so the wizard can also offer it as a download.
 */
export async function writeCompletionReport(env: UseCaseEnv, stagingDir: string): Promise<{ file: string; html: string }> {
  const facts = await completionFacts(env, stagingDir);
  const s = await jobsOfStaging(env, stagingDir, 'complete');
  const now = new Date();
  const html = completionReportHtml(facts, env.lang, now);
  const dir = path.join(s.stagingDir, 'reports');
  await fs.mkdir(dir, { recursive: true });
  const file = path.join(dir, `completion-${now.toISOString().replace(/[-:]/g, '').replace(/\..*$/, '')}.html`);
  await fs.writeFile(file, html, 'utf8');
  return { file, html };
}
