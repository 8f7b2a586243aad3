/**
 * The wizard without elevation: the host (`out/host/index.mjs`, the wizard's back end in a browser) run as uid
 * 65534 with no groups and its own data folder. Monitor (`workflow.status`) shows the import job from the local
 * Azure; the drives step asks for elevation for its drive operations alone: with neither pkexec nor sudo it answers
 * with one sentence before any job starts, and with pkexec it runs the elevated helper as root while the job's
 * progress (the helper's phases included) and its end reach the unelevated wizard. Real processes throughout; the
 * `pkexec` is the stand-in of test/helpers/elevation.ts.
 * Root only (setpriv, loop devices).
 * @module-tag root
 */

import { execFileSync, type ChildProcess } from 'node:child_process';
import { chmodSync, copyFileSync, promises as fs, mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import WebSocket from 'ws';
import { describe, expect, it } from 'vitest';
import { test } from '../helpers/fixtures';
import type { LocalAzure } from '../helpers/localAzure';
import { elevationHarness, nobody, notOwnedBy, startHostAsNobody, type ElevationHarness } from '../helpers/elevation';
import { preparedDrive, sessionFixture, writeLocalSession } from '../helpers/session';
import { stageForDrives } from '../helpers/staging';
import { LoopDrives, type LoopDrive } from '../core/copy/loopDrives';
import { readSession, writeSession } from '../../src/core/session/sessionFile';
import { connectWorkflowAzure } from '../../src/core/identity/connect';
import { createImportJobs } from '../../src/core/importJob/importJob';

const repo = path.resolve(import.meta.dirname, '..', '..');
const jobName = 'helpdesk-wizard';

let az: LocalAzure;
let root: string;
let profileCopy: string;
let harness: ElevationHarness;
let loops: LoopDrives;
let drive: LoopDrive;

interface Host {
  child: ChildProcess;
  messages: Array<Record<string, unknown>>;
  ws: WebSocket;
  request(name: string, arg: unknown): Promise<Record<string, unknown>>;
  stop(): Promise<void>;
}

/** The host as uid 65534, its PATH given, and a WebSocket connected to it with its token. */
async function startHost(pathDirs: string[]): Promise<Host> {
  const env = { PATH: pathDirs.join(':'), HOME: path.join(root, 'home'), LANG: 'en_US.UTF-8', OFFLINE_SEED_DATA_DIR: path.join(root, 'home', 'data'), OFFLINE_SEED_PORT: '0' };
  const { child, url } = await startHostAsNobody(env);
  const ws = new WebSocket(`ws://127.0.0.1:${url.port}/ws?token=${encodeURIComponent(url.searchParams.get('token')!)}`, { origin: `http://127.0.0.1:${url.port}` });
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  const messages: Array<Record<string, unknown>> = [];
  ws.on('message', (d) => messages.push(JSON.parse(d.toString()) as Record<string, unknown>));
  let id = 0;
  return {
    child,
    messages,
    ws,
    async request(name, arg) {
      const my = ++id;
      ws.send(JSON.stringify({ type: 'request', id: my, name, arg }));
      for (;;) {
        const reply = messages.find((m) => m.type === 'reply' && m.id === my);
        if (reply) return reply;
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    async stop() {
      ws.close();
      child.kill('SIGTERM');
      await new Promise((r) => (child.exitCode === null ? child.once('exit', r) : r(null)));
    },
  };
}

async function newStaging(name: string): Promise<string> {
  const dir = path.join(root, name);
  await stageForDrives(dir, [5, 5, 3]);
  await writeSession(dir, sessionFixture({ cloud: profileCopy, sources: [{ path: path.join(root, 'source'), name: 'source' }] }));
  execFileSync('chown', ['-R', `${nobody}:${nobody}`, dir]);
  return dir;
}

test.beforeAll(async ({ localAzure, tmp }) => {
  az = localAzure;
  root = tmp;
  chmodSync(root, 0o755);
  // The host runs from out/host as uid 65534, which cannot rebuild it: freshen it as root first.
  execFileSync(process.execPath, ['--input-type=module', '-e', "const { ensureFresh } = await import('./scripts/lib/freshness.mjs'); for (const b of ['host', 'renderer']) { const p = await ensureFresh(process.cwd(), b); if (p) { console.error(p); process.exit(1); } }"], { cwd: repo, stdio: 'inherit' });
  mkdirSync(path.join(root, 'home', 'data'), { recursive: true });
  execFileSync('chown', ['-R', `${nobody}:${nobody}`, path.join(root, 'home')]);
  // The helpdesk has the cloud profile, not the local Azure's private state folder.
  profileCopy = path.join(root, 'cloud.json');
  copyFileSync(az.profilePath, profileCopy);
  chmodSync(profileCopy, 0o644);

  const staging = path.join(root, 'admin-staging');
  mkdirSync(staging);
  await writeLocalSession(staging, az, { jobName, container: 'helpdesk' });
  const azure = await connectWorkflowAzure({ cloud: az.profilePath, subscriptionId: az.profile.subscriptionId, dataDir: path.join(root, 'admin-data') });
  await createImportJobs(azure, { session: (await readSession(staging))!, stagingDir: staging, drives: [preparedDrive('WIZARD01')], storageAccount: await azure.storageAccountInfo() });

  loops = await LoopDrives.create();
  // A loop device's serial comes from its backing file (path and inode): uid 65534 must be able to stat it, or it
  // would see no serial where the root helper sees one, and the helper would rightly refuse a changed serial.
  await fs.chmod(loops.dir, 0o755);
  drive = await loops.add(64);
  loops.unmount(drive);
  const helper = [process.execPath, path.join(repo, 'out', 'host', 'index.mjs'), '--elevated-helper'];
  harness = await elevationHarness(path.join(root, 'elevation'), (argv) => helper.every((a, i) => argv[i] === a));
}, 180_000);

test.afterAll(async () => {
  harness?.stop();
  await loops?.cleanup();
});

describe('the wizard run as uid 65534', () => {
  it('shows the import job on Monitor, and refuses the drives step in one sentence where nothing can ask for elevation', async () => {
    const host = await startHost([harness.plainBin]);
    try {
      const info = await host.request('app.info', {});
      expect(info).toMatchObject({ ok: true, result: { capabilities: { elevated: false } } });
      const status = await host.request('workflow.status', { jobName, resourceGroup: az.profile.resourceGroup, cloud: profileCopy });
      expect(status, JSON.stringify(status)).toMatchObject({ ok: true, result: { jobs: [{ name: jobName, state: 'Creating', drives: [{ driveId: 'WIZARD01' }] }] } });

      const staging = await newStaging('no-elevation');
      const r = await host.request('drives.prepare', { stagingDir: staging, drives: [drive.device], confirmations: [drive.device] });
      expect(r).toMatchObject({
        ok: false,
        error: { code: 'app:errors.elevationUnavailable', message: 'Preparing drives needs root rights, and this computer has neither pkexec nor sudo to ask for them: run Offline Seed as root for this step.' },
      });
      expect(harness.requests).toEqual([]);
      expect((await readSession(staging))!.drives).toBeUndefined();
    } finally {
      await host.stop();
    }
  }, 120_000);

  it('asks for elevation for the drives step alone: the helper prepares as root and the progress and end reach the wizard', async () => {
    const host = await startHost([harness.fakeBin, harness.plainBin]);
    try {
      const staging = await newStaging('via-pkexec');
      const r = await host.request('drives.prepare', { stagingDir: staging, drives: [drive.device], confirmations: [drive.device] });
      expect(r, JSON.stringify(r)).toMatchObject({ ok: true });
      const jobId = (r.result as { jobId: string }).jobId;
      let end: Record<string, unknown> | undefined;
      for (let i = 0; i < 1200 && !end; i++) {
        end = host.messages.find((m) => m.type === 'event' && m.name === 'job.end' && (m.payload as { jobId: string }).jobId === jobId);
        if (!end) await new Promise((res) => setTimeout(res, 100));
      }
      expect(end?.payload, JSON.stringify(end)).toMatchObject({ outcome: 'succeeded' });
      const phases = host.messages.filter((m) => m.type === 'event' && m.name === 'job.progress').map((m) => (m.payload as { phase: string }).phase);
      // 'encrypting' is sent by the helper alone (the wizard's side announces only 'formatting' before it asks).
      expect([...new Set(phases)]).toEqual(expect.arrayContaining(['formatting', 'encrypting', 'copying', 'verifying']));
      expect(phases.indexOf('encrypting')).toBeLessThan(phases.indexOf('copying'));
      // One elevation, for the helper alone, which ended cleanly.
      expect(harness.requests).toHaveLength(1);
      expect(harness.requests[0]).toMatchObject({ code: 0 });
      const results = await host.request('drives.results', { stagingDir: staging });
      expect(results).toMatchObject({ ok: true, result: { drives: [{ drive: drive.device, verified: true, keyChecked: true }] } });
      expect(notOwnedBy(staging, nobody)).toEqual([]);
      expect(statSync(path.join(staging, 'journals')).mode & 0o777).toBe(0o700);
      // Monitor still works in the same unelevated process.
      const status = await host.request('workflow.status', { jobName, resourceGroup: az.profile.resourceGroup, cloud: profileCopy });
      expect(status).toMatchObject({ ok: true });
      await fs.access(staging);
    } finally {
      await host.stop();
    }
  }, 180_000);
});
