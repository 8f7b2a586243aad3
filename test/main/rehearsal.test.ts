/**
 * Local rehearsal started from the built Electron main process under the Electron stand-in: the local Azure in main,
 * its Azurite in a utility process (a Node child standing in for one) started from out/azurite, a full operator
 * sign-in through the preload and IPC, and quitting: with a job running it asks first, then cancels the job and stops
 * the local Azure cleanly before the app ends.
 */

import { afterEach, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, openSync, closeSync, ftruncateSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { readSession } from '../../src/core/session/sessionFile';
import { launchApp, type LaunchedApp } from '../electron/launch';

type Reply<T = Record<string, unknown>> = { ok: boolean; result: T; error?: { code: string; message: string } };
type Bridge = { request<T = Record<string, unknown>>(name: string, arg?: unknown): Promise<Reply<T>>; subscribe(name: string, l: (p: unknown) => void): () => void };

const launched: LaunchedApp[] = [];
const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(launched.splice(0).map((a) => a.close()));
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function start() {
  const app = await launchApp();
  launched.push(app);
  const win = await app.shown();
  return { app, win, bridge: win.webContents.page!.world.offlineSeed as Bridge };
}

/** Status of an HTTPS GET to `url`, trusting `ca` only. */
function httpsStatus(url: string, ca: string): Promise<number> {
  return new Promise((resolve, reject) => {
    https.get(url, { ca }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    }).on('error', reject);
  });
}

interface Rehearsal {
  cloud: string;
  subscriptionId: string;
  resourceGroup: string;
  storageAccount: string;
  operator: string;
}

describe('local rehearsal in the app (Electron stand-in)', () => {
  it('runs Azurite in a utility process from out/azurite, signs the operator in through IPC, and stops Azurite cleanly on quit', async () => {
    const { app, bridge } = await start();
    const e = app.electron;
    const started = await bridge.request<Rehearsal>('azure.startLocalRehearsal', {});
    const startedAt = Date.now();
    expect(started, JSON.stringify(started.error)).toMatchObject({ ok: true });
    expect(started.result.cloud).toBe(path.join(app.dataDir, 'local-azure', 'cloud.json'));

    // Azurite: a utility process, forked after ready, from the built script outside main's folder.
    expect(e.utilityProcesses).toHaveLength(1);
    const azurite = e.utilityProcesses[0]!;
    const fork = e.callsTo('utilityProcess.fork')[0]!;
    expect(fork.ready).toBe(true);
    expect(azurite.modulePath).toBe(path.resolve('out/azurite/azurite.cjs'));
    expect(azurite.args).toEqual(expect.arrayContaining(['--blobHost', '127.0.0.1', '--location', path.join(app.dataDir, 'local-azure', 'azurite')]));
    expect(azurite.options.env?.OFFLINE_SEED_AZURITE_HEARTBEAT_MS).toBe('2000');
    expect(azurite.options.stdio).toEqual(['ignore', 'ignore', 'pipe']);
    expect(azurite.pid).toBeGreaterThan(0);
    // No Node child of main: nothing but the utility process runs Azurite.
    expect(e.callsTo('utilityProcess.fork')).toHaveLength(1);

    const profile = JSON.parse(readFileSync(started.result.cloud, 'utf8')) as { storageAccount: { blobEndpoint: string }; caCertificate: string };
    // Azurite answers over TLS with the local Azure's certificate (400: a request without a signature).
    expect(await httpsStatus(`${profile.storageAccount.blobEndpoint}?comp=list`, profile.caCertificate)).toBeGreaterThanOrEqual(400);

    // The operator signs in with a device code, shown through the azure.deviceCode event, as a real sign-in is.
    const codes: Array<{ userCode: string; verificationUri: string }> = [];
    bridge.subscribe('azure.deviceCode', (p) => codes.push(p as (typeof codes)[number]));
    expect(await bridge.request('azure.status', { cloud: started.result.cloud })).toMatchObject({ ok: true, result: { signedIn: false } });
    const signIn = await bridge.request('azure.signIn', { cloud: started.result.cloud, method: 'deviceCode' });
    expect(signIn, JSON.stringify(signIn.error)).toMatchObject({ ok: true, result: { signedIn: true, user: started.result.operator } });
    await new Promise((r) => setImmediate(r));
    expect(codes).toHaveLength(1);
    expect(codes[0]!.userCode).toMatch(/\w+/);
    expect(await bridge.request('azure.status', { cloud: started.result.cloud })).toMatchObject({ ok: true, result: { signedIn: true, user: started.result.operator } });
    // The token cache went through safeStorage: no token in clear in the data folder.
    expect(e.callsTo('safeStorage.encryptString').length).toBeGreaterThan(0);
    const cache = readdirSync(app.dataDir).find((f) => f.startsWith('msal-cache-local-'));
    expect(cache).toBeDefined();
    const stored = readFileSync(path.join(app.dataDir, cache!));
    expect(stored.subarray(0, 3).toString()).toBe('v10');
    expect(stored.toString('latin1')).not.toMatch(/eyJ[\w-]+\.eyJ/);

    // Main's heartbeat reaches it: still up and serving after more than three beats (6 s) without the app asking.
    await new Promise((r) => setTimeout(r, Math.max(0, startedAt + 7000 - Date.now())));
    expect(azurite.exitCode).toBeNull();
    expect(await httpsStatus(`${profile.storageAccount.blobEndpoint}?comp=list`, profile.caCertificate)).toBeGreaterThanOrEqual(400);

    // Quit: Azurite is asked to close, ends by itself (code 0) after writing its metadata, then the app ends.
    await app.close();
    expect(azurite.posted).toContain('shutdown');
    expect(azurite.exitCode).toBe(0);
    const t = e.timeline;
    expect(t.indexOf('utility process exit 0')).toBeGreaterThan(t.indexOf('will-quit'));
    expect(t.indexOf('utility process exit 0')).toBeLessThan(t.indexOf('exit 0'));
  }, 120_000);

  it('on Linux, safeStorage on its basic_text backend counts as no secret store: the token cache is the 0600 file, and the page is told', async () => {
    // basic_text: "available", but under a hard-coded password. No Secret Service either (D-Bus points nowhere).
    const app = await launchApp({ options: { storageBackend: 'basic_text' }, env: { DBUS_SESSION_BUS_ADDRESS: `unix:path=${path.join(os.tmpdir(), 'offline-seed-no-bus')}` } });
    launched.push(app);
    const win = await app.shown();
    const bridge = win.webContents.page!.world.offlineSeed as Bridge;
    const e = app.electron;
    const started = await bridge.request<Rehearsal>('azure.startLocalRehearsal', {});
    expect(started, JSON.stringify(started.error)).toMatchObject({ ok: true });
    const signIn = await bridge.request<{ signedIn: boolean; unprotectedCache?: string }>('azure.signIn', { cloud: started.result.cloud, method: 'deviceCode' });
    expect(signIn, JSON.stringify(signIn.error)).toMatchObject({ ok: true, result: { signedIn: true } });
    expect(e.callsTo('safeStorage.getSelectedStorageBackend')).toHaveLength(1);
    expect(e.callsTo('safeStorage.encryptString')).toHaveLength(0);
    const cache = readdirSync(app.dataDir).find((f) => /^msal-cache-local-.*\.json$/.test(f) && !f.includes('.protected'));
    expect(cache).toBeDefined();
    const file = path.join(app.dataDir, cache!);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8')).toContain('RefreshToken');
    expect(signIn.result.unprotectedCache).toBe(file);
    expect(await bridge.request('azure.status', { cloud: started.result.cloud })).toMatchObject({ ok: true, result: { signedIn: true, unprotectedCache: file } });
  }, 120_000);

  it('a utility process whose parent stops answering ends by itself, cleanly', async () => {
    const { app, bridge } = await start();
    expect(await bridge.request('azure.startLocalRehearsal', {})).toMatchObject({ ok: true });
    const azurite = app.electron.utilityProcesses[0]!;
    azurite.silenced = true;
    // Three missed beats of 2 s.
    const code = await Promise.race([azurite.ended(), new Promise((r) => setTimeout(() => r('still running'), 15_000))]);
    expect(code).toBe(0);
    expect(existsSync(path.join(app.dataDir, 'local-azure', 'azurite', '__azurite_db_blob__.json'))).toBe(true);
  }, 60_000);

  it('quitting with a job running asks first; quitting anyway cancels the job and stops the local Azure before the app ends', async () => {
    const { app, win, bridge } = await start();
    const e = app.electron;
    const started = await bridge.request<Rehearsal>('azure.startLocalRehearsal', {});
    expect(started.ok).toBe(true);
    const work = mkdtempSync(path.join(os.tmpdir(), 'os-quit-'));
    dirs.push(work);
    const source = path.join(work, 'source');
    mkdirSync(source);
    // A large sparse file: the job is still reading it when the window closes.
    const fd = openSync(path.join(source, 'big.bin'), 'w');
    ftruncateSync(fd, 1024 * 1024 * 1024);
    closeSync(fd);
    const stagingDir = path.join(work, 'staging');
    const ends: unknown[] = [];
    bridge.subscribe('job.end', (p) => ends.push(p));
    const job = await bridge.request<{ jobId: string }>('staging.start', {
      cloud: started.result.cloud,
      input: {
        stagingDir,
        sources: [source],
        importJobName: 'quit-test',
        subscriptionId: started.result.subscriptionId,
        resourceGroup: started.result.resourceGroup,
        storageAccount: started.result.storageAccount,
        container: 'offline-seed',
      },
    });
    expect(job, JSON.stringify(job)).toMatchObject({ ok: true, result: { jobId: expect.any(String) } });

    // Closing the window asks; "Cancel" keeps it open and the job running.
    e.dialogAnswers.push(0);
    win.close();
    await new Promise((r) => setTimeout(r, 50));
    const asked = e.callsTo('dialog.showMessageBoxSync');
    expect(asked).toHaveLength(1);
    expect(asked[0]!.args[1]).toMatchObject({ type: 'warning', message: 'A job is still running. Cancel it or wait until it finishes before quitting.', buttons: ['Cancel', 'Quit anyway'], cancelId: 0 });
    expect(win.isDestroyed()).toBe(false);
    expect(ends).toEqual([]);

    // "Quit anyway": the window closes, the job is cancelled and ends, the local Azure stops, then the app ends.
    e.dialogAnswers.push(1);
    win.close();
    expect(await e.exited).toBe(0);
    expect(e.callsTo('dialog.showMessageBoxSync')).toHaveLength(2);
    const azurite = e.utilityProcesses[0]!;
    expect(azurite.exitCode).toBe(0);
    const t = e.timeline;
    expect(t.indexOf('window closed')).toBeLessThan(t.indexOf('will-quit'));
    expect(t.indexOf('utility process exit 0')).toBeLessThan(t.indexOf('exit 0'));
    // The job was cancelled mid-way, not finished: what it wrote is a session the same step resumes.
    const session = await readSession(stagingDir);
    expect(session).toMatchObject({ importJobName: 'quit-test', state: 'staging' });
  }, 120_000);
});
