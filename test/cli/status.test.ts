/**
 * `offline-seed status` in helpdesk mode: run as an unprivileged user (uid 65534, no groups) from another
 * machine's point of view — only the cloud profile and the staging path — it shows the job, its state and
 * meaning, the drives and the countdown, and changes nothing in Azure.
 */

import { spawn } from 'node:child_process';
import { chmodSync, chownSync, copyFileSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { test } from '../helpers/fixtures';
import type { LocalAzure } from '../helpers/localAzure';
import { preparedDrive, writeLocalSession } from '../helpers/session';
import { sampleShippingDetails } from '../helpers/shipping';
import { readSession } from '../../src/core/session/sessionFile';
import { connectWorkflowAzure } from '../../src/core/identity/connect';
import { createImportJobs } from '../../src/core/importJob/importJob';
import { submitShipping } from '../../src/core/shipping/shipping';

const nobody = 65534;
const canDropPrivileges = typeof process.getuid === 'function' && process.getuid() === 0;

let az: LocalAzure;
let root: string;
let staging: string;
let profileCopy: string;
const jobName = 'helpdesk-seed';

function run(args: string[], asNobody: boolean, dataDir = path.join(root, 'home', 'data')): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: path.join(root, 'home'), LANG: 'C', OFFLINE_SEED_DATA_DIR: dataDir };
  const cmd = asNobody ? 'setpriv' : process.execPath;
  const argv = asNobody
    ? ['--reuid', String(nobody), '--regid', String(nobody), '--clear-groups', '--', process.execPath, 'bin/offline-seed', ...args]
    : ['bin/offline-seed', ...args];
  return new Promise((resolve) => {
    const child = spawn(cmd, argv, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

test.beforeAll(async ({ localAzure, tmp }) => {
  az = localAzure;
  root = tmp;
  chmodSync(root, 0o755);
  staging = path.join(root, 'staging');
  const { mkdirSync } = await import('node:fs');
  mkdirSync(staging, { mode: 0o755 });
  mkdirSync(path.join(root, 'home', 'data'), { recursive: true });
  if (canDropPrivileges) {
    chownSync(path.join(root, 'home'), nobody, nobody);
    chownSync(path.join(root, 'home', 'data'), nobody, nobody);
  }
  await writeLocalSession(staging, az, { jobName: jobName, container: 'helpdesk' });
  const azure = await connectWorkflowAzure({ cloud: az.profilePath, subscriptionId: az.profile.subscriptionId, dataDir: path.join(root, 'admin-data') });
  await createImportJobs(azure, {
    session: (await readSession(staging))!,
    stagingDir: staging,
    drives: [preparedDrive('HELPDESK01')],
    storageAccount: await azure.storageAccountInfo(),
  });
  chmodSync(path.join(staging, 'offline-seed.json'), 0o644);
  // The helpdesk gets the cloud profile, not the emulator's private state folder.
  profileCopy = path.join(root, 'cloud.json');
  copyFileSync(az.profilePath, profileCopy);
  chmodSync(profileCopy, 0o644);
}, 120_000);

describe('status in helpdesk mode', () => {
  it('runs without admin rights and shows the job, its meaning, drives and countdown', { tags: 'root' }, async () => {
    const stateBefore = readFileSync(path.join(az.stateDir, 'state.json'), 'utf8');
    const r = await run(['--cloud', profileCopy, 'status', `s:${staging}`, '--no-logs'], true);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('Read-only: nothing is changed in Azure');
    expect(r.stdout).toContain(`Import job ${jobName} (${az.profile.resourceGroup}): Creating`);
    expect(r.stdout).toContain('Azure assumes the drives have not been shipped');
    expect(r.stdout).toMatch(/Enter the tracking number by .*: 1[34] days/);
    expect(r.stdout).toContain('HELPDESK01: Specified');
    // Nothing in Azure changed (jobs and their timestamps are as before).
    const jobsOf = (s: string) => JSON.stringify((JSON.parse(s) as { jobs: unknown }).jobs);
    expect(jobsOf(readFileSync(path.join(az.stateDir, 'state.json'), 'utf8'))).toBe(jobsOf(stateBefore));
  });

  it('finds the job by name from another machine, in JSON with the API spelling, and in German', { tags: 'root' }, async () => {
    const json = await run(['--cloud', profileCopy, '--json', 'status', '--job', jobName, '--resource-group', az.profile.resourceGroup], true);
    expect(json.code, json.stderr).toBe(0);
    const doc = JSON.parse(json.stdout) as { jobs: Array<{ name: string; state: string; drives: Array<{ state: string }> }> };
    expect(doc.jobs[0]).toMatchObject({ name: jobName, state: 'Creating', drives: [{ state: 'Specified' }] });
    const de = await run(['--cloud', profileCopy, '--lang', 'de', 'status', '--job', jobName, '--resource-group', az.profile.resourceGroup], true);
    expect(de.stdout).toContain('Nur lesend');
    expect(de.stdout).toContain('Geben Sie die Sendungsnummer bis');
  });

  it('says what to give when it cannot tell which job is meant, and names a job that does not exist', async () => {
    // A machine that never saw this staging location (fresh data folder).
    const none = await run(['--cloud', profileCopy, 'status'], false, path.join(root, 'other-machine'));
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('Say which import job to show');
    const missing = await run(['--cloud', profileCopy, 'status', '--job', 'no-such-job', '--resource-group', az.profile.resourceGroup], false);
    expect(missing.code).toBe(1);
    // A name typed by hand that Azure does not know is a typo to check, not a job that expired.
    expect(missing.stderr).toContain(`No import job named “no-such-job” was found in resource group ${az.profile.resourceGroup}; check the spelling`);
    expect(missing.stderr).not.toContain('no longer exists');
  });

  it('shows the deadline passed and the drives never received two weeks after shipping', async () => {
    const azure = await connectWorkflowAzure({ cloud: az.profilePath, subscriptionId: az.profile.subscriptionId, dataDir: path.join(root, 'admin-data') });
    await submitShipping(azure, {
      stagingDir: staging,
      session: (await readSession(staging))!,
      jobName,
      lang: 'en',
      details: sampleShippingDetails({ trackingNumber: `HELP${Date.now()}`, driveCount: 1 }),
    });
    chmodSync(path.join(staging, 'offline-seed.json'), 0o644);
    const shipped = await run(['--cloud', profileCopy, 'status', `s:${staging}`, '--no-logs'], canDropPrivileges);
    expect(shipped.stdout).toMatch(/The drives should reach the datacenter by .*: 1[34] days/);
    // The countdown follows the local Azure's clock (its Date header), not this machine's.
    await az.advanceDays(12);
    const close = await run(['--cloud', profileCopy, 'status', `s:${staging}`, '--no-logs'], canDropPrivileges);
    expect(close.stdout).toMatch(/Only (1 day|2 days) \d+ hr left for the drives to reach the datacenter/);
    await az.advanceDays(3);
    const late = await run(['--cloud', profileCopy, 'status', `s:${staging}`, '--no-logs'], canDropPrivileges);
    expect(late.stdout).toContain('HELPDESK01: Never received (API: NeverReceived)');
    expect(late.stdout).toContain('two weeks passed after shipping without a package');
    expect(late.stdout).toContain('drives not received are marked NeverReceived. Check with the carrier.');
  });

  it('on the machine that used the staging location, finds its job without being told', { tags: 'root' }, async () => {
    const r = await run(['--cloud', profileCopy, 'status', '--no-logs'], true);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`Import job ${jobName}`);
  });
});
