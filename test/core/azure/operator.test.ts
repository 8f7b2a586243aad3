/** Operator sign-in against the local Azure over TLS: device code (MSAL's message), the browser with a loopback form_post, the 0600 token cache reused silently. */

import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { test } from '../../helpers/fixtures';
import { submitSignInPage, type LocalAzure } from '../../helpers/localAzure';
import { cloudFromProfile, graphScope, armScope } from '../../../src/core/azure/clouds';
import { operatorCredential, tokenCacheFile } from '../../../src/core/azure/operator';
import { GraphRest } from '../../../src/core/azure/graph';
import { ArmRest } from '../../../src/core/azure/arm';

let az: LocalAzure;
let root: string;

test.beforeAll(async ({ localAzure, tmp }) => {
  az = localAzure;
  root = tmp;
}, 60_000);

const claims = (jwt: string) => JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;

describe('operator sign-in', () => {
  it('device code: shows MSAL’s message once, then the persisted cache signs in silently for ARM and Graph', async () => {
    const dataDir = path.join(root, 'device');
    const cloud = cloudFromProfile(az.profile);
    const messages: string[] = [];
    const cred = operatorCredential({ cloud, dataDir, onDeviceCode: (m) => messages.push(m) });
    const arm = await cred.getToken(armScope(cloud));
    expect(claims(arm!.token).aud).toBe('https://management.azure.com');
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(/^To sign in, use a web browser to open the page \S+ and enter the code \S+ to authenticate/);
    expect(cred.identity()).toEqual({ objectId: az.profile.operator.objectId, tenantId: az.profile.tenantId, userPrincipalName: az.profile.operator.userPrincipalName });
    const me = await new GraphRest(cloud, cred).me();
    expect(me.userPrincipalName).toBe(az.profile.operator.userPrincipalName);
    expect(messages).toHaveLength(1);

    const file = tokenCacheFile(dataDir, cloud);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    // A new process (new credential) finds the account in the cache and needs no code.
    const again = operatorCredential({ cloud, dataDir, onDeviceCode: (m) => messages.push(m) });
    expect((await new ArmRest(cloud, again).getSubscription(az.profile.subscriptionId, 'signIn'))?.subscriptionId).toBe(az.profile.subscriptionId);
    expect(messages).toHaveLength(1);
    // Signing out empties the cache: the next token needs a code again.
    await again.signOut();
    expect(readFileSync(file, 'utf8')).not.toContain(az.profile.operator.userPrincipalName);
    await operatorCredential({ cloud, dataDir, onDeviceCode: (m) => messages.push(m) }).getToken(graphScope(cloud));
    expect(messages).toHaveLength(2);
  }, 60_000);

  it('the token cache can be encrypted at rest by the host (Electron safeStorage)', async () => {
    const dataDir = path.join(root, 'protected');
    const cloud = cloudFromProfile(az.profile);
    const protect = { encrypt: (s: string) => Buffer.from(Buffer.from(s, 'utf8').map((b) => b ^ 0x5a)), decrypt: (b: Buffer) => Buffer.from(b.map((x) => x ^ 0x5a)).toString('utf8') };
    await operatorCredential({ cloud, dataDir, protect }).getToken(armScope(cloud));
    const raw = readFileSync(tokenCacheFile(dataDir, cloud));
    expect(raw.toString('utf8')).not.toContain('RefreshToken');
    expect(protect.decrypt(raw)).toContain('RefreshToken');
    let codes = 0;
    await operatorCredential({ cloud, dataDir, protect, onDeviceCode: () => codes++ }).getToken(graphScope(cloud));
    expect(codes).toBe(0);
  }, 60_000);

  it('browser: authorization code with PKCE posted to the loopback redirect', async () => {
    const cloud = cloudFromProfile(az.profile);
    let opened = '';
    const cred = operatorCredential({
      cloud,
      dataDir: path.join(root, 'browser'),
      method: 'browser',
      openBrowser: async (url) => {
        opened = url;
        await submitSignInPage(az.profile.caCertificate, url);
      },
    });
    const t = await cred.getToken(armScope(cloud));
    expect(new URL(opened).searchParams.get('code_challenge_method')).toBe('S256');
    expect(new URL(opened).searchParams.get('redirect_uri')).toMatch(/^http:\/\/localhost:\d+/);
    expect(claims(t!.token).oid).toBe(az.profile.operator.objectId);
  }, 60_000);
});
