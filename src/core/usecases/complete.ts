/** Step 9 (complete) as both front ends run it: every blob checked against the manifests, and the test restore. */

import path from 'node:path';
import { OfflineSeedError } from '../../shared/errors';
import type { Session } from '../../shared/session';
import { openCloudStagingSource } from '../complete/cloudSource';
import { loadManifests } from '../complete/manifests';
import type { VerifyReport } from '../../shared/model/verify';
import { verifyContainer } from '../complete/verify';
import { jobsNamed, jobsOfStaging, requireStaging } from '../session/locate';
import { sessionFolder } from '../session/folder';
import { readSession, updateSession } from '../session/sessionFile';
import { filesPackSource, folderPackSource, type PackSource } from '../staging/restore';
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
  if (report.ok) {
    const now = new Date().toISOString();
    const names = new Set(jobs.map((j) => j.name));
    await updateSession(staging.stagingDir, (s) => ({
      ...s,
      workflow: { ...s.workflow, jobs: (s.workflow?.jobs ?? []).map((j) => (names.has(j.name) ? { ...j, verifiedAt: now } : j)) },
    }));
  }
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
