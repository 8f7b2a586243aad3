/**
 * Step 3 for a staging location the backup agent (DPM, MABS, MARS) wrote, as both front ends run it: the import
 * job's identity and how files become blobs are checked against the rules and the disk, then recorded in a session
 * kept in Offline Seed's data folder (or --work-dir). Nothing is ever written inside the staging location.
 */

import { randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { KeyUnder } from '../../shared/i18n';
import type { AgentStagingInput, AgentStagingSummary } from '../../shared/model/agentStaging';
import { agentStagingInputSchema } from '../../shared/model/agentStaging';
import {
  blobTypeChoiceSchema,
  checkBlobPrefix,
  defaultBlobPrefix,
  importDispositionSchema,
  type BlobTypeChoice,
  type ImportDisposition,
} from '../../shared/rules/agentStaging';
import {
  checkContainerName,
  checkImportJobName,
  checkResourceGroupName,
  checkStorageAccountName,
  checkSubscriptionId,
  type RuleViolation,
} from '../../shared/rules/azureNames';
import type { Session } from '../../shared/session';
import type { AgentStagingSection } from '../../shared/session/agentStaging';
import { stagingLayout } from '../../shared/stagingLayout';
import { agentInputError } from '../agentStaging/errors';
import { listAgentFiles, planAgentBlobs, type AgentListing, type PlannedAgentFile } from '../agentStaging/files';
import { holdsSession, makePrivateDir, rememberSessionFolder, sessionFolder } from '../session/folder';
import { readSession, writeSession } from '../session/sessionFile';
import type { UseCaseEnv } from './env';

const v = (key: KeyUnder<'agent:validation'>, params: Record<string, string | number> = {}): RuleViolation => ({ key: `agent:validation.${key}`, params });

/** Whether `inner` is `outer` or inside it (Windows paths compare without case). */
function within(inner: string, outer: string): boolean {
  const win = process.platform === 'win32';
  const rel = path.relative(win ? outer.toLowerCase() : outer, win ? inner.toLowerCase() : inner);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

export interface CheckedAgentStaging {
  problems: RuleViolation[];
  /** Filled when the staging location could be listed and every value is valid. */
  summary?: AgentStagingSummary;
  files?: PlannedAgentFile[];
  /** The session already recorded for this staging location, if any. */
  existing?: Session | null;
  sessionDir?: string;
  section?: AgentStagingSection;
}

/** Whether any drive was started for the session in `sessionDir` (its settings are then fixed). */
async function drivesStarted(sessionDir: string, session: Session | null): Promise<boolean> {
  if ((session?.drives?.drives?.length ?? 0) > 0) return true;
  const names = await fs.readdir(path.join(sessionDir, stagingLayout.journalsDir)).catch(() => [] as string[]);
  return names.some((n) => n.endsWith('.jrn'));
}

/** The staging location as a folder Offline Seed may read, or the one problem that says why not. */
async function checkLocation(dir: string): Promise<RuleViolation | null> {
  let st;
  try {
    st = await fs.stat(dir);
  } catch {
    return v('stagingMissing', { staging: dir });
  }
  if (!st.isDirectory()) return v('stagingNotFolder', { staging: dir });
  try {
    await fs.readdir(dir);
  } catch (e) {
    return v('stagingUnreadable', { staging: dir, reason: (e as NodeJS.ErrnoException).code ?? 'error' });
  }
  return (await holdsSession(dir)) ? v('stagingIsOwn', { staging: dir }) : null;
}

/**
 * Checks everything the operator gave, then lists the staging location: every problem found (each one sentence);
 * with none, what will be shipped. Writes nothing.
 */
export async function checkAgentStaging(env: Pick<UseCaseEnv, 'dataDir' | 'workDir'>, raw: AgentStagingInput): Promise<CheckedAgentStaging> {
  const input = agentStagingInputSchema.parse(raw);
  const stagingDir = path.resolve(input.stagingDir);
  const problems: RuleViolation[] = [];
  const location = await checkLocation(stagingDir);
  if (location) problems.push(location);
  const workDir = input.workDir ? path.resolve(input.workDir) : env.workDir ? path.resolve(env.workDir) : undefined;
  if (workDir && within(workDir, stagingDir)) problems.push(v('workDirInside', { workDir, staging: stagingDir }));
  for (const p of [
    checkImportJobName(input.importJobName),
    checkSubscriptionId(input.subscriptionId),
    checkResourceGroupName(input.resourceGroup),
    checkStorageAccountName(input.storageAccount),
    checkContainerName(input.container),
  ]) {
    if (p) problems.push(p);
  }
  const blobPrefix = input.blobPrefix ?? defaultBlobPrefix(input.importJobName);
  const prefixProblem = checkBlobPrefix(blobPrefix);
  if (prefixProblem) problems.push(prefixProblem);
  const blobType = blobTypeChoiceSchema.safeParse(input.blobType);
  if (!blobType.success) problems.push(v('blobType', { value: input.blobType }));
  const disposition = importDispositionSchema.safeParse(input.importDisposition);
  if (!disposition.success) problems.push(v('importDisposition', { value: input.importDisposition }));
  if (problems.length > 0 || !blobType.success || !disposition.success) return { problems };

  const f = await sessionFolder({ dataDir: env.dataDir, stagingDir, workDir });
  if (within(f.sessionDir, stagingDir)) return { problems: [v('workDirInside', { workDir: f.sessionDir, staging: stagingDir })] };
  let listing: AgentListing;
  try {
    listing = await listAgentFiles(stagingDir);
  } catch (e) {
    return { problems: [v('stagingUnreadable', { staging: stagingDir, reason: (e as NodeJS.ErrnoException).code ?? 'error' })] };
  }
  if (listing.files.length === 0) return { problems: [v('stagingEmpty', { staging: stagingDir })] };
  const planned = planAgentBlobs(listing.files, { blobPrefix, blobType: blobType.data });
  if (planned.problems.length > 0) return { problems: planned.problems };

  const section: AgentStagingSection = { path: stagingDir, blobPrefix, blobType: blobType.data, importDisposition: disposition.data };
  const existing = await readSession(f.sessionDir);
  if (existing && (await drivesStarted(f.sessionDir, existing))) {
    const changed = settingChanged(existing, input, section);
    if (changed) return { problems: [v('settingsChanged', { staging: stagingDir, job: existing.importJobName, setting: changed.setting, recorded: changed.recorded })] };
  }
  const largest = listing.files.reduce<{ relPath: string; size: number } | null>((m, x) => (!m || x.size > m.size ? { relPath: x.relPath, size: x.size } : m), null);
  return {
    problems: [],
    files: planned.files,
    existing,
    sessionDir: f.sessionDir,
    section,
    summary: {
      stagingDir,
      sessionDir: f.sessionDir,
      files: listing.files.length,
      bytes: listing.bytes,
      largestFile: largest,
      pageBlobs: planned.files.filter((x) => x.blobType === 'page').length,
      skipped: listing.skipped.slice(0, 20),
      container: input.container,
      blobPrefix,
      importDisposition: disposition.data,
    },
  };
}

/** The first setting the operator gave that differs from what the drives were prepared with (flag names, as typed). */
function settingChanged(s: Session, input: ReturnType<typeof agentStagingInputSchema.parse>, section: AgentStagingSection): { setting: string; recorded: string } | null {
  const pairs: Array<[string, string, string]> = [
    ['--job', s.importJobName, input.importJobName],
    ['--subscription', s.subscriptionId.toLowerCase(), input.subscriptionId.toLowerCase()],
    ['--resource-group', s.resourceGroup, input.resourceGroup],
    ['--storage-account', s.storageAccount, input.storageAccount],
    ['--container', s.container, input.container],
    ['s:', s.agentStaging?.path ?? '', section.path],
    ['--blob-prefix', s.agentStaging?.blobPrefix ?? '', section.blobPrefix],
    ['--blob-type', s.agentStaging?.blobType ?? '', section.blobType],
    ['--import-disposition', s.agentStaging?.importDisposition ?? '', section.importDisposition],
  ];
  const diff = pairs.find(([, recorded, given]) => recorded !== given);
  return diff ? { setting: diff[0], recorded: diff[1] } : null;
}

export { agentInputError };

export interface OpenedAgentStaging {
  summary: AgentStagingSummary;
  session: Session;
  files: PlannedAgentFile[];
  created: boolean;
}

/**
 * Checks the input (refusing with the first problem's sentence), then records the session in the session folder
 * (created 0700): new, or updated while no drive was started. The data folder remembers where that folder is.
 */
export async function openAgentStaging(
  env: Pick<UseCaseEnv, 'dataDir' | 'workDir'>,
  raw: AgentStagingInput,
  o: { cloud: string; tenantId?: string | undefined },
  /** The check of this same input, when the caller just made it (a large staging location is listed once). */
  checked?: CheckedAgentStaging,
): Promise<OpenedAgentStaging> {
  const c = checked ?? (await checkAgentStaging(env, raw));
  if (c.problems.length > 0 || !c.summary || !c.sessionDir || !c.section || !c.files) throw agentInputError(c.problems);
  const input = agentStagingInputSchema.parse(raw);
  const now = new Date().toISOString();
  const base: Session = c.existing ?? {
    formatVersion: 1,
    sessionId: randomUUID(),
    createdAt: now,
    updatedAt: now,
    cloud: o.cloud,
    subscriptionId: input.subscriptionId.toLowerCase(),
    resourceGroup: input.resourceGroup,
    storageAccount: input.storageAccount,
    container: input.container,
    importJobName: input.importJobName,
    sources: [],
    // Nothing to stage: the agent wrote the copy; the next step is the drives.
    state: 'staged',
  };
  const session: Session = {
    ...base,
    ...(c.existing && (await drivesStarted(c.sessionDir, c.existing)) ? {} : { cloud: o.cloud }),
    ...(o.tenantId ? { tenantId: o.tenantId } : {}),
    subscriptionId: input.subscriptionId.toLowerCase(),
    resourceGroup: input.resourceGroup,
    storageAccount: input.storageAccount,
    container: input.container,
    importJobName: input.importJobName,
    agentStaging: c.section,
  };
  await makePrivateDir(c.sessionDir);
  await writeSession(c.sessionDir, session);
  await rememberSessionFolder(env.dataDir, c.section.path, c.sessionDir);
  return { summary: c.summary, session, files: c.files, created: !c.existing };
}

/** The blob type and import disposition choices, for the front ends' menus. */
export const agentStagingChoices: { blobTypes: readonly BlobTypeChoice[]; importDispositions: readonly ImportDisposition[] } = {
  blobTypes: blobTypeChoiceSchema.options,
  importDispositions: importDispositionSchema.options,
};
