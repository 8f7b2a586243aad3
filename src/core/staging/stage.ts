/** The staging step end to end: check the inputs, create or reopen the session, write packs and index, mark it staged. */

import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Worker } from 'node:worker_threads';
import { randomUUID } from 'node:crypto';
import type { RuleViolation } from '../../shared/rules/azureNames';
import type { Session } from '../../shared/session';
import { stagingLayout } from '../../shared/stagingLayout';
import type { JobContext } from '../jobs';
import { updateSession, writeSession } from '../session/sessionFile';
import { writeError } from './errors';
import { findIndex } from './layout';
import { defaultThreads, endThreads, startThreads } from './slotWorkers';
import { checkStageInput, type StageInput } from './validate';
import { writeStaging, type StagingStats, type WriterHooks } from './writer';

export interface StageRequest extends StageInput {
  /** `AzureCloud`, `AzureUSGovernment`, `AzureChinaCloud` or a local profile path. */
  cloud: string;
  tenantId?: string;
  level?: number;
  onSkipped?: (item: { source: string; path: string; reason: string }) => void;
  /** Test hooks, see WriterHooks. */
  hooks?: WriterHooks;
}

export type StageOutcome =
  | { ok: false; problems: RuleViolation[] }
  | { ok: true; stagingDir: string; alreadyStaged: boolean; stats: StagingStats | null; session: Session };

/** Runs the staging step. Invalid input returns the problems and writes nothing. */
export async function runStaging(req: StageRequest, job: JobContext): Promise<StageOutcome> {
  // The pool's threads start while the input is checked and the sources measured (see `startThreads`): the run
  // takes them, and any it did not take end below.
  const threads = startThreads(defaultThreads());
  try {
    return await stage(req, job, threads);
  } finally {
    endThreads(threads);
  }
}

async function stage(req: StageRequest, job: JobContext, threads: Worker[]): Promise<StageOutcome> {
  const { problems, checked } = await checkStageInput(req);
  if (!checked) return { ok: false, problems };
  const { stagingDir } = checked;
  if (checked.existing && checked.existing.state !== 'staging' && (await findIndex(stagingDir)) !== null) {
    return { ok: true, stagingDir, alreadyStaged: true, stats: null, session: checked.existing };
  }
  const now = new Date().toISOString();
  const skipped: Array<{ source: string; path: string; reason: string }> = [];
  try {
    await fs.mkdir(stagingDir, { recursive: true });
    if (!checked.existing) {
      const cloud = req.cloud.includes('/') || req.cloud.includes('\\') ? path.resolve(req.cloud) : req.cloud;
      await writeSession(stagingDir, {
        formatVersion: 1,
        sessionId: randomUUID(),
        createdAt: now,
        updatedAt: now,
        cloud,
        ...(req.tenantId ? { tenantId: req.tenantId } : {}),
        subscriptionId: req.subscriptionId.toLowerCase(),
        resourceGroup: req.resourceGroup,
        storageAccount: req.storageAccount,
        container: req.container,
        importJobName: req.importJobName,
        sources: checked.sources,
        state: 'staging',
        staging: { packSize: checked.packSize, startedAt: now },
      });
    }
  } catch (e) {
    throw writeError(e, stagingDir);
  }
  const { stats, indexFile } = await writeStaging(
    {
      stagingDir,
      sources: checked.sources,
      packSize: checked.existing?.staging?.packSize ?? checked.packSize,
      // Validation measured the sources already: its totals drive progress, no second count.
      totals: { bytes: checked.sourceBytes, files: checked.sourceFiles },
      ...(req.skipUnreadable ? { skipUnreadable: true } : {}),
      ...(req.level ? { level: req.level } : {}),
      onSkipped: (item) => {
        if (skipped.length < 100) skipped.push(item);
        req.onSkipped?.(item);
      },
      ...(req.hooks ? { hooks: req.hooks } : {}),
      startedThreads: threads,
    },
    job,
  );
  const session = await updateSession(stagingDir, (s) => ({
    ...s,
    state: 'staged',
    staging: {
      ...s.staging,
      index: `${stagingLayout.indexDir}/${path.basename(indexFile)}`,
      stagedAt: new Date().toISOString(),
      stats,
      skipped,
    },
  }));
  return { ok: true, stagingDir, alreadyStaged: false, stats, session };
}

