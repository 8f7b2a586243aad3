/**
 * The operator's token cache where no secret store answers (this file points D-Bus at a socket that does not exist,
 * so libsecret has no Secret Service): a plain file 0600 in a 0700 folder whatever the umask, the caller told once,
 * and nothing left behind by the attempt to use a store. A real sign-in against the local Azure writes it.
 */

import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { test } from '../../helpers/fixtures';
import type { LocalAzure } from '../../helpers/localAzure';
import { armScope, cloudFromProfile, graphScope } from '../../../src/core/azure/clouds';
import { operatorCredential, tokenCacheFile } from '../../../src/core/azure/operator';
import { openTokenCacheStore, protectedCacheFile } from '../../../src/core/azure/tokenCacheStore';
import { translate } from '../../../src/shared/i18n';
import { openDataBox } from '../../../src/core/usecases/databox';

let az: LocalAzure;
let root: string;
const umask = process.umask();

test.beforeAll(async ({ localAzure, tmp }) => {
  az = localAzure;
  root = tmp;
  // Before anything loads libsecret in this process (each test file runs in its own process).
  process.env.DBUS_SESSION_BUS_ADDRESS = `unix:path=${path.join(tmp, 'no-bus')}`;
}, 60_000);
afterAll(() => {
  process.umask(umask);
});

describe('token cache without a secret store', () => {
  it('is a plain 0600 file in a 0700 folder under umask 000, and the caller is told once for all writes', async () => {
    process.umask(0);
    const dataDir = path.join(root, 'data', 'nested');
    const cloud = cloudFromProfile(az.profile);
    const told: string[] = [];
    const cred = operatorCredential({ cloud, dataDir, onDeviceCode: () => undefined, onCacheUnprotected: (f) => told.push(f) });
    await cred.getToken(armScope(cloud));
    await cred.getToken(graphScope(cloud));
    await cred.signOut();
    await cred.getToken(armScope(cloud));

    const file = tokenCacheFile(dataDir, cloud);
    expect(told).toEqual([file]);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
    expect(readFileSync(file, 'utf8')).toContain('RefreshToken');
    // The store's attempt left nothing: no protected file, no lock.
    expect(existsSync(protectedCacheFile(file))).toBe(false);
    expect(existsSync(`${protectedCacheFile(file)}.lockfile`)).toBe(false);
  }, 60_000);

  it('is named by the Data Box route\'s clients too', async () => {
    const dataDir = path.join(root, 'data-box');
    const told: string[] = [];
    const env = { dataDir, lang: 'en' as const, onDeviceCode: () => undefined, onCacheUnprotected: (f: string) => told.push(f) };
    const c = await openDataBox(env, { cloud: az.profilePath, subscriptionId: undefined, resourceGroup: undefined });
    // What every Data Box call asks first: an ARM token, signed in through the operator's token cache.
    await c.credential.getToken(armScope(c.cloud));
    await c.credential.getToken(armScope(c.cloud));
    const file = tokenCacheFile(dataDir, c.cloud);
    expect(told).toEqual([file]);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  }, 60_000);

  it('says so in one sentence naming the file, in every language', () => {
    for (const lang of ['en', 'fr', 'de', 'es', 'it', 'nl'] as const) {
      const s = translate(lang, 'azure:signIn.cacheUnprotected', { file: '/home/op/.config/msal-cache-AzureCloud.json' });
      expect(s).toContain('/home/op/.config/msal-cache-AzureCloud.json');
      expect(s).not.toMatch(/\{\{|\n/);
      expect(s.match(/[.!?](\s|$)/g)?.length ?? 0).toBe(1);
    }
  });

  it('uses the host protector over any store, and a plain file when the store package does not load', async () => {
    const file = path.join(root, 'choice', 'msal-cache-x.json');
    const protect = { encrypt: (s: string) => Buffer.from(s), decrypt: (b: Buffer) => b.toString() };
    let loads = 0;
    const load = () => {
      loads++;
      return Promise.reject(new Error('Cannot find module keytar'));
    };
    expect((await openTokenCacheStore(file, { protect, loadExtensions: load })).protection).toBe('host');
    expect(loads).toBe(0);
    expect((await openTokenCacheStore(file, { loadExtensions: load, platform: 'win32' })).protection).toBe('none');
    expect((await openTokenCacheStore(file, { loadExtensions: load, platform: 'darwin' })).protection).toBe('none');
    expect(loads).toBe(2);
  });
});
