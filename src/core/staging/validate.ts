/** Checks every staging input against the disk (sources exist, free space, an existing session) without writing anything. */

import { promises as fs } from 'node:fs';
import path from 'node:path';
import * as z from 'zod';
import {
  checkContainerName,
  checkImportJobName,
  checkResourceGroupName,
  checkStorageAccountName,
  checkSubscriptionId,
  type RuleViolation,
} from '../../shared/rules/azureNames';
import {
  checkFreeSpace,
  checkPackSize,
  checkSources,
  checkStagingVersusSources,
  parseSize,
  sourceFolderName,
  stagingSpaceEstimate,
} from '../../shared/rules/staging';
import type { Session } from '../../shared/session';
import { readSession } from '../session/sessionFile';
import { listShippableFiles } from './layout';
import { measureTree } from './walk';
import type { KeyUnder } from '../../shared/i18n';
import type { StageInput } from '../../shared/model/staging';

export type { StageInput };

export interface CheckedStageInput {
  stagingDir: string;
  sources: Array<{ path: string; name: string }>;
  packSize: number;
  sourceBytes: number;
  sourceFiles: number;
  existing: Session | null;
}

const v = (key: KeyUnder<'staging:validation'>, params: Record<string, string | number> = {}): RuleViolation => ({ key: `staging:validation.${key}`, params });

/** The real path of `p`, or of its nearest existing ancestor joined with the rest (staging may not exist yet). */
async function realish(p: string): Promise<{ real: string; existing: string }> {
  let cur = path.resolve(p);
  const rest: string[] = [];
  for (;;) {
    try {
      const real = await fs.realpath(cur);
      return { real: path.join(real, ...rest.reverse()), existing: real };
    } catch {
      const parent = path.dirname(cur);
      if (parent === cur) return { real: path.resolve(p), existing: cur };
      rest.push(path.basename(cur));
      cur = parent;
    }
  }
}

/** All problems with `input`, one per violation, or the checked input when there are none. */
export async function checkStageInput(input: StageInput): Promise<{ problems: RuleViolation[]; checked: CheckedStageInput | null }> {
  const problems: RuleViolation[] = [];
  const push = (x: RuleViolation | null) => {
    if (x) problems.push(x);
  };
  if (!input.stagingDir.trim()) problems.push(v('noStaging'));
  push(checkImportJobName(input.importJobName));
  // The session file keeps subscription ids as RFC 4122 UUIDs (as Azure issues them), a little stricter than a GUID.
  push(checkSubscriptionId(input.subscriptionId) ?? (z.uuid().safeParse(input.subscriptionId.trim().toLowerCase()).success ? null : { key: 'app:validation.subscriptionId', params: { value: input.subscriptionId } }));
  push(checkResourceGroupName(input.resourceGroup));
  push(checkStorageAccountName(input.storageAccount));
  push(checkContainerName(input.container));
  push(checkPackSize(input.packSize));
  problems.push(...checkSources(input.sources));

  const sources: Array<{ path: string; name: string }> = [];
  for (const s of input.sources) {
    const abs = path.resolve(s);
    const st = await fs.stat(abs).catch((e: NodeJS.ErrnoException) => e);
    if (st instanceof Error) {
      problems.push(v(st.code === 'ENOENT' ? 'sourceMissing' : 'sourceUnreadable', { source: abs }));
      continue;
    }
    if (!st.isDirectory()) {
      problems.push(v('sourceNotFolder', { source: abs }));
      continue;
    }
    sources.push({ path: await fs.realpath(abs), name: sourceFolderName(abs) });
  }
  if (!input.stagingDir.trim()) return { problems, checked: null };

  const staging = await realish(input.stagingDir);
  problems.push(...checkStagingVersusSources(staging.real, sources.map((s) => s.path)));
  const stagingStat = await fs.stat(staging.real).catch(() => null);
  if (stagingStat && !stagingStat.isDirectory()) problems.push(v('stagingNotFolder', { staging: staging.real }));

  let existing: Session | null = null;
  if (stagingStat?.isDirectory()) {
    try {
      existing = await readSession(staging.real);
    } catch {
      problems.push(v('sessionUnreadable', { staging: staging.real }));
    }
    if (!existing) {
      const names = await fs.readdir(staging.real);
      if (names.some((n) => !n.startsWith('.'))) problems.push(v('stagingNotEmpty', { staging: staging.real }));
    }
  }
  if (existing) {
    const same =
      existing.importJobName === input.importJobName &&
      existing.storageAccount === input.storageAccount &&
      existing.container === input.container &&
      existing.subscriptionId.toLowerCase() === input.subscriptionId.toLowerCase() &&
      existing.sources.length === sources.length &&
      existing.sources.every((s, i) => s.path === sources[i]?.path);
    if (!same) problems.push(v('sessionMismatch', { staging: staging.real, job: existing.importJobName }));
  }
  if (problems.length > 0) return { problems, checked: null };

  let sourceBytes = 0;
  let sourceFiles = 0;
  for (const s of sources) {
    const n = await measureTree(s.path);
    sourceBytes += n.bytes;
    sourceFiles += n.files;
  }
  const already = stagingStat ? (await listShippableFiles(staging.real)).reduce((n, f) => n + f.size, 0) : 0;
  const needed = stagingSpaceEstimate(sourceBytes, already);
  const fsStat = await fs.statfs(staging.existing).catch(() => null);
  if (fsStat) push(checkFreeSpace(fsStat.bavail * fsStat.bsize, needed, staging.real));
  if (problems.length > 0) return { problems, checked: null };
  return { problems, checked: { stagingDir: staging.real, sources, packSize: parseSize(input.packSize)!, sourceBytes, sourceFiles, existing } };
}
