/**
 * The operator's token cache in a real Secret Service (Linux): a private D-Bus session bus and GNOME Keyring are
 * started for this file, and @azure/msal-node-extensions keeps the cache there through libsecret. After a real
 * sign-in against the local Azure, no token is on disk, the keyring holds them, a new credential signs in silently,
 * and a plain cache left from before moves into the keyring and leaves the disk.
 *
 * Needs dbus-daemon and gnome-keyring-daemon (scripts/prerequisites.mjs installs them for `npm test`) and keytar
 * built for this Node (a dependency of @azure/msal-node-extensions); without them the file is skipped, saying why.
 */

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { test } from '../../helpers/fixtures';
import type { LocalAzure } from '../../helpers/localAzure';
import { armScope, cloudFromProfile, graphScope } from '../../../src/core/azure/clouds';
import { operatorCredential, tokenCacheFile } from '../../../src/core/azure/operator';
import { openTokenCacheStore, protectedCacheFile, secretServiceName } from '../../../src/core/azure/tokenCacheStore';

type Keytar = { getPassword(service: string, account: string): Promise<string | null>; setPassword(service: string, account: string, password: string): Promise<void> };

const onPath = (cmd: string) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
function loadKeytar(): Keytar | null {
  try {
    return createRequire(import.meta.url)('keytar') as Keytar;
  } catch {
    return null;
  }
}
const keytar = process.platform === 'linux' ? loadKeytar() : null;
const missing = process.platform !== 'linux' ? 'not Linux' : !onPath('dbus-daemon') || !onPath('gnome-keyring-daemon') ? 'dbus-daemon or gnome-keyring-daemon is not installed (npm run prerequisites)' : !keytar ? 'keytar did not build (npm install with libsecret-1-dev, or with access to its prebuilt binaries)' : null;
if (missing) process.stdout.write(`[skip] the Secret Service token cache test: ${missing}.\n`);

let az: LocalAzure;
let root: string;
const children: ChildProcess[] = [];

/** Starts `cmd` and resolves with the first line it prints. */
function startPrinting(cmd: string, args: string[], env: NodeJS.ProcessEnv, input?: string): Promise<string> {
  const child = spawn(cmd, args, { env, stdio: ['pipe', 'pipe', 'ignore'] });
  children.push(child);
  if (input !== undefined) child.stdin.end(input);
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (b: Buffer) => {
      out += b.toString();
      if (out.includes('\n')) resolve(out.split('\n')[0]!);
    });
    child.on('exit', (code) => reject(new Error(`${cmd} ended (${code}) before it was ready`)));
    child.on('error', reject);
  });
}

test.beforeAll(async ({ localAzure, tmp }) => {
  az = localAzure;
  root = tmp;
  if (missing) return;
  const home = path.join(tmp, 'home');
  const run = path.join(tmp, 'run');
  mkdirSync(home, { recursive: true });
  mkdirSync(run, { recursive: true, mode: 0o700 });
  const env = { PATH: process.env.PATH, HOME: home, XDG_DATA_HOME: path.join(home, 'data'), XDG_RUNTIME_DIR: run };
  // A session bus without service activation: otherwise a libsecret call made before the keyring below owns its name
  // makes D-Bus start a second, locked keyring of its own.
  const config = path.join(tmp, 'bus.conf');
  writeFileSync(
    config,
    `<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN" "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig><type>session</type><listen>unix:dir=${run}</listen><auth>EXTERNAL</auth>
<policy context="default"><allow send_destination="*" eavesdrop="true"/><allow eavesdrop="true"/><allow own="*"/></policy></busconfig>`,
  );
  const address = await startPrinting('dbus-daemon', ['--config-file', config, '--nofork', '--print-address=1'], env);
  // The keyring is created and unlocked with the password on stdin; only its Secret Service part runs.
  const keyringEnv = { ...env, DBUS_SESSION_BUS_ADDRESS: address };
  void startPrinting('gnome-keyring-daemon', ['--foreground', '--unlock', '--components=secrets'], keyringEnv, 'test-keyring-password').catch(() => undefined);
  // libsecret in this process talks to that bus from now on (this file runs in its own process).
  process.env.DBUS_SESSION_BUS_ADDRESS = address;
  for (let i = 0; ; i++) {
    try {
      await keytar!.setPassword('offline-seed-test', 'ready', 'yes');
      break;
    } catch (e) {
      if (i > 300) throw e;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}, 60_000);
afterAll(() => {
  for (const c of children) c.kill('SIGTERM');
});

describe.skipIf(missing !== null)('token cache in the Secret Service', () => {
  it('keeps no token on disk: the keyring holds them, and a new credential signs in without a code', async () => {
    const dataDir = path.join(root, 'data');
    const cloud = cloudFromProfile(az.profile);
    let codes = 0;
    const told: string[] = [];
    const cred = operatorCredential({ cloud, dataDir, onDeviceCode: () => codes++, onCacheUnprotected: (f) => told.push(f) });
    await cred.getToken(armScope(cloud));
    expect(codes).toBe(1);
    expect(told).toEqual([]);

    const file = tokenCacheFile(dataDir, cloud);
    expect(existsSync(file)).toBe(false);
    const onDisk = readFileSync(protectedCacheFile(file), 'utf8');
    expect(onDisk).not.toContain('RefreshToken');
    expect(onDisk).not.toContain(az.profile.operator.userPrincipalName);
    const kept = await keytar!.getPassword(secretServiceName, path.basename(file));
    expect(kept).toContain('RefreshToken');
    expect(kept).toContain(az.profile.operator.userPrincipalName);

    await operatorCredential({ cloud, dataDir, onDeviceCode: () => codes++ }).getToken(graphScope(cloud));
    expect(codes).toBe(1);
  }, 60_000);

  it('moves a plain cache left from before into the keyring and removes the file', async () => {
    const dataDir = path.join(root, 'older');
    const cloud = cloudFromProfile(az.profile);
    const file = tokenCacheFile(dataDir, cloud);
    // An older version's cache: a plain file.
    const plain = await openTokenCacheStore(file, { loadExtensions: () => Promise.reject(new Error('not installed')) });
    let codes = 0;
    await operatorCredential({ cloud, dataDir, onDeviceCode: () => codes++, cachePlugin: plain.plugin }).getToken(armScope(cloud));
    expect(readFileSync(file, 'utf8')).toContain('RefreshToken');
    expect(codes).toBe(1);

    await operatorCredential({ cloud, dataDir, onDeviceCode: () => codes++ }).getToken(armScope(cloud));
    expect(codes).toBe(1);
    expect(existsSync(file)).toBe(false);
    expect(await keytar!.getPassword(secretServiceName, path.basename(file))).toContain('RefreshToken');
  }, 60_000);
});
