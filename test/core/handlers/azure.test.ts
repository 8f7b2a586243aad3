/**
 * What the sign-in page is told by core, through the runtime as the page calls it, against the local Azure:
 * - the token cache kept as a plain file (no secret store: D-Bus points at a socket that does not exist) is named in
 *   the signed-in state, for the page's one warning; a host protector (the app's safeStorage) leaves it out;
 * - the Import/Export and Data Box requests read the token cache the sign-in kept with the host's protector;
 * - `azure.localStarting` comes only when core really starts the local Azure, not when it hands back the running one.
 */

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { test } from '../../helpers/fixtures';
import { localAzureStarter, operatorToken, registerProvider, type LocalAzure } from '../../helpers/localAzure';
import { createRuntime } from '../../../src/core/runtime';
import { localRehearsalStateDir, stopLocalRehearsal } from '../../../src/core/azure/localRehearsal';
import { tokenCacheFile } from '../../../src/core/azure/operator';
import { cloudFromProfile } from '../../../src/core/azure/clouds';

let az: LocalAzure;
let root: string;

test.beforeAll(async ({ localAzure, tmp }) => {
  az = localAzure;
  root = tmp;
  // Before anything loads libsecret in this process (each test file runs in its own process).
  process.env.DBUS_SESSION_BUS_ADDRESS = `unix:path=${path.join(tmp, 'no-bus')}`;
}, 60_000);
afterAll(() => stopLocalRehearsal());

function runtime(dataDir: string, protect?: { encrypt(s: string): Buffer; decrypt(b: Buffer): string }) {
  const events: string[] = [];
  const rt = createRuntime({
    shell: 'host',
    language: 'en',
    startLocalAzure: localAzureStarter,
    emit: (name) => events.push(name),
    openExternal: async () => undefined,
    dataDir,
    ...(protect ? { protect } : {}),
  });
  return { rt, events };
}

describe('the sign-in state', () => {
  it('names the plain token cache once signed in where no secret store answers', async () => {
    const dataDir = path.join(root, 'plain');
    const { rt } = runtime(dataDir);
    const cloud = az.profilePath;
    const before = await rt.handle('azure.status', { cloud });
    expect(before).toMatchObject({ ok: true, result: { signedIn: false } });
    expect((before as { result: object }).result).not.toHaveProperty('unprotectedCache');
    const file = tokenCacheFile(dataDir, cloudFromProfile(az.profile));
    expect(await rt.handle('azure.signIn', { cloud, method: 'deviceCode' })).toMatchObject({ ok: true, result: { signedIn: true, unprotectedCache: file } });
    expect(await rt.handle('azure.status', { cloud })).toMatchObject({ ok: true, result: { signedIn: true, unprotectedCache: file } });
    const out = await rt.handle('azure.signOut', { cloud });
    expect((out as { result: object }).result).not.toHaveProperty('unprotectedCache');
  }, 60_000);

  it('leaves it out when the host protects the cache', async () => {
    const { rt } = runtime(path.join(root, 'protected'), { encrypt: (s) => Buffer.from(s).reverse(), decrypt: (b) => Buffer.from(b).reverse().toString() });
    const cloud = az.profilePath;
    const r = await rt.handle('azure.signIn', { cloud, method: 'deviceCode' });
    expect(r).toMatchObject({ ok: true, result: { signedIn: true } });
    expect((r as { result: object }).result).not.toHaveProperty('unprotectedCache');
  }, 60_000);
});

describe('the routes\' requests after a sign-in the host protects', () => {
  it('read the token cache the sign-in wrote: a Data Box readiness check and an import job lookup reach Azure as the operator', async () => {
    const dataDir = path.join(root, 'protected-routes');
    const { rt } = runtime(dataDir, { encrypt: (s) => Buffer.from(s).reverse(), decrypt: (b) => Buffer.from(b).reverse().toString() });
    const cloud = az.profilePath;
    expect(await rt.handle('azure.signIn', { cloud, method: 'deviceCode' })).toMatchObject({ ok: true, result: { signedIn: true } });
    const readiness = await rt.handle('databox.readiness', { cloud, dataSizeTB: 1, country: 'GB', register: true });
    expect(readiness, JSON.stringify(readiness)).toMatchObject({ ok: true, result: { checks: expect.arrayContaining([expect.objectContaining({ id: 'owner', ok: true, params: expect.objectContaining({ who: az.profile.operator.userPrincipalName }) })]) } });
    await registerProvider(az.profile, await operatorToken(az.profile, 'https://management.azure.com/.default'));
    const status = await rt.handle('workflow.status', { cloud, jobName: 'no-such-job', resourceGroup: az.profile.resourceGroup });
    // Azure itself answered: there is no such job (before, both requests read the encrypted cache as plain JSON and
    // failed to sign in).
    expect(status, JSON.stringify(status)).toMatchObject({ ok: false, error: { code: 'workflow:errors.jobNameNotFound', step: 'monitor' } });
    // Still the host-protected cache: no token was written in the clear beside it.
    expect(readFileSync(tokenCacheFile(dataDir, cloudFromProfile(az.profile)), 'utf8')).not.toContain('RefreshToken');
  }, 60_000);
});

describe('starting the local Azure', () => {
  it('says "starting" when it starts one, and not when it hands back the one running', async () => {
    const { rt, events } = runtime(path.join(root, 'rehearsal'));
    const first = await rt.handle('azure.startLocalRehearsal', {});
    expect(first).toMatchObject({ ok: true });
    expect(events.filter((e) => e === 'azure.localStarting')).toHaveLength(1);
    expect(await rt.handle('azure.startLocalRehearsal', {})).toEqual(first);
    expect(events.filter((e) => e === 'azure.localStarting')).toHaveLength(1);
  }, 120_000);

  it('answers a status asked while it starts once it is up, rather than finding its profile missing', async () => {
    await stopLocalRehearsal();
    const dataDir = path.join(root, 'restart');
    const { rt } = runtime(dataDir);
    const cloud = path.join(localRehearsalStateDir(dataDir), 'cloud.json');
    // The page asks who is signed in for the job's local cloud while the start (which rewrites cloud.json) runs.
    const starting = rt.handle('azure.startLocalRehearsal', {});
    const status = rt.handle('azure.status', { cloud });
    expect(await status).toMatchObject({ ok: true, result: { cloud, signedIn: false } });
    expect(await starting).toMatchObject({ ok: true, result: { cloud } });
  }, 120_000);
});
