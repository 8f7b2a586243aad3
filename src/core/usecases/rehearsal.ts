/**
 * The local rehearsal's datacenter and clock, as `offline-seed emulator receive|advance` and the wizard's Monitor
 * buttons both run them: the drives of a job arrive at the local Azure's datacenter, and its clock moves on.
 */

import path from 'node:path';
import { OfflineSeedError } from '../../shared/errors';
import { isPublicCloudName } from '../../shared/cloud';
import { rehearsalAdvanceSchema, rehearsalReceiveSchema, type EquivalentCommand, type RehearsalAdvance, type RehearsalReceive } from '../../shared/model/rehearsal';
import { controlLocalAzure, controlRefused, locateLocalAzure } from '../azure/localControl';
import { localRehearsalStateDir } from '../azure/localRehearsal';
import { jobsNamed, requireStaging } from '../session/locate';
import type { UseCaseEnv } from './env';

/** Which local Azure: its state folder, or a profile named as the cloud; else the wizard's rehearsal in the data folder. */
export interface LocalAzureChoice {
  stateDir?: string | undefined;
  cloud?: string | undefined;
}

function invalidReply(): OfflineSeedError {
  return new OfflineSeedError({ code: 'emulator:errors.controlRefused', params: { message: 'the reply is not what this version expects' } });
}

/** The local datacenter receives the drive folders `drives` of import job `job` and imports them. */
export async function receiveAtLocalDatacenter(
  env: UseCaseEnv,
  where: LocalAzureChoice,
  o: { job: string; drives: string[]; resourceGroup?: string | undefined },
): Promise<RehearsalReceive> {
  if (o.drives.length === 0) throw new OfflineSeedError({ code: 'emulator:errors.noDrives', exitCode: 2 });
  const c = await locateLocalAzure({ dataDir: env.dataDir, ...where });
  const r = await controlLocalAzure(c, 'receive', {
    job: o.job,
    drives: o.drives.map((d) => path.resolve(d.replace(/^dir:/, ''))),
    ...(o.resourceGroup ? { resourceGroup: o.resourceGroup } : {}),
  });
  if (r.status !== 200) throw controlRefused(r);
  const parsed = rehearsalReceiveSchema.safeParse(r.json);
  if (!parsed.success) throw invalidReply();
  return parsed.data;
}

/** Moves the local Azure's clock `days` ahead; the jobs that changed state. */
export async function advanceLocalClock(env: UseCaseEnv, where: LocalAzureChoice, days: number): Promise<RehearsalAdvance> {
  if (!Number.isInteger(days) || days < 0 || days > 3650) throw new OfflineSeedError({ code: 'emulator:errors.badDays', exitCode: 2 });
  const c = await locateLocalAzure({ dataDir: env.dataDir, ...where });
  const r = await controlLocalAzure(c, 'advance', { days });
  if (r.status !== 200) throw controlRefused(r);
  const parsed = rehearsalAdvanceSchema.safeParse(r.json);
  if (!parsed.success) throw invalidReply();
  return parsed.data;
}

/** Whole days from the drives' arrival to their return, on the local Azure's clock (at least 1). */
export function processingDays(r: RehearsalReceive): number {
  return Math.max(1, Math.ceil((Date.parse(r.timeline.shippedBack) - Date.parse(r.timeline.received)) / 86_400_000));
}

/** How the command line reaches the same local Azure: the data folder's rehearsal, or the session's cloud profile. */
function commandTarget(env: UseCaseEnv, cloud: string): { argv: string[]; env: Record<string, string> } {
  const own = path.resolve(localRehearsalStateDir(env.dataDir), 'cloud.json');
  return path.resolve(cloud) === own ? { argv: [], env: { OFFLINE_SEED_DATA_DIR: env.dataDir } } : { argv: ['--cloud', cloud], env: {} };
}

/** The rehearsal a staging location belongs to, or a refusal: a real datacenter cannot be simulated. */
async function rehearsalStaging(env: UseCaseEnv, stagingDir: string) {
  const s = await requireStaging(env, stagingDir, 'monitor');
  if (isPublicCloudName(s.session.cloud)) {
    throw new OfflineSeedError({ code: 'workflow:errors.notRehearsal', params: { cloud: s.session.cloud }, step: 'monitor', exitCode: 2 });
  }
  return s;
}

/**
 * The local datacenter receives the prepared drive folders of the staging location's shipped jobs (or of `jobName`):
 * what happened to each, and the equivalent `offline-seed emulator receive` commands.
 */
export async function receiveStagingDrives(
  env: UseCaseEnv,
  stagingDir: string,
  jobName?: string,
): Promise<{ receipts: RehearsalReceive[]; commands: EquivalentCommand[]; days: number }> {
  const s = await rehearsalStaging(env, stagingDir);
  const shipped = jobsNamed(s, jobName).filter((j) => jobName || j.shipping);
  if (shipped.length === 0) {
    throw new OfflineSeedError({ code: 'workflow:errors.nothingShipped', params: { staging: s.location }, step: 'shipping' });
  }
  const prepared = s.session.drives?.drives ?? [];
  const target = commandTarget(env, s.session.cloud);
  const receipts: RehearsalReceive[] = [];
  const commands: EquivalentCommand[] = [];
  for (const j of shipped) {
    const folders = prepared.filter((d) => j.driveIds.includes(d.driveId) && d.drive.startsWith('dir:')).map((d) => d.drive.slice(4));
    if (folders.length === 0) {
      throw new OfflineSeedError({ code: 'workflow:errors.noDriveFolders', params: { job: j.name }, step: 'monitor' });
    }
    receipts.push(await receiveAtLocalDatacenter(env, { cloud: s.session.cloud }, { job: j.name, drives: folders, resourceGroup: j.resourceGroup }));
    commands.push({
      argv: ['offline-seed', ...target.argv, 'emulator', 'receive', '--job', j.name, '--resource-group', j.resourceGroup, ...folders.flatMap((f) => ['--drive', f])],
      env: target.env,
    });
  }
  return { receipts, commands, days: Math.max(...receipts.map(processingDays)) };
}

/** The staging location's local Azure moves `days` ahead; the equivalent `offline-seed emulator advance` command. */
export async function advanceStagingClock(env: UseCaseEnv, stagingDir: string, days: number): Promise<RehearsalAdvance & { command: EquivalentCommand }> {
  const s = await rehearsalStaging(env, stagingDir);
  const r = await advanceLocalClock(env, { cloud: s.session.cloud }, days);
  const target = commandTarget(env, s.session.cloud);
  return { ...r, command: { argv: ['offline-seed', ...target.argv, 'emulator', 'advance', '--days', String(days)], env: target.env } };
}
