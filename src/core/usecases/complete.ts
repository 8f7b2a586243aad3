/** Step 9 (complete) as both front ends run it: every blob checked against the manifests, and the test restore. */

import path from 'node:path';
import { openCloudStagingSource } from '../complete/cloudSource';
import { loadManifests } from '../complete/manifests';
import type { VerifyReport } from '../../shared/model/verify';
import { verifyContainer } from '../complete/verify';
import { jobsNamed, jobsOfStaging, requireStaging } from '../session/locate';
import { updateSession } from '../session/sessionFile';
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
  const staging = await requireStaging(env.dataDir, q.stagingDir, 'complete');
  const jobs = jobsNamed(staging, q.jobName);
  const azure = await connectFor(env, staging.session);
  const manifests = await loadManifests(azure, staging.stagingDir, jobs);
  run.onStart?.({ container: staging.session.container, blobs: manifests.length, bytes: manifests.reduce((n, m) => n + m.length, 0) });
  const report = await verifyContainer(azure, {
    container: staging.session.container,
    manifests,
    stagingDir: staging.stagingDir,
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

/** The staging location's packs and index read back from the container (through the drive manifests). */
export async function cloudPackSource(env: UseCaseEnv, stagingDir: string): Promise<PackSource> {
  const s = await jobsOfStaging(stagingDir, 'complete');
  const azure = await connectFor(env, s.session);
  const manifests = await loadManifests(azure, s.stagingDir, s.jobs);
  return filesPackSource(`${s.session.storageAccount}/${s.session.container}`, openCloudStagingSource(azure, s.session.container, manifests));
}

/** Where a restore reads from: the staging folder itself, or the cloud the drives were imported into. */
export function restoreSource(env: UseCaseEnv, from: 'staging' | 'cloud', stagingDir: string): Promise<PackSource> {
  return from === 'cloud' ? cloudPackSource(env, stagingDir) : Promise.resolve(folderPackSource(path.resolve(stagingDir)));
}
