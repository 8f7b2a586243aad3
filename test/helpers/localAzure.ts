/** Starts the local Azure in a fresh temp state folder for a test; stop() also removes the folder. */

import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import http from 'node:http';
import https from 'node:https';
import { PublicClientApplication, type INetworkModule, type NetworkRequestOptions, type NetworkResponse } from '@azure/msal-node';
import { startEmulator, type RunningEmulator } from '../../src/emulator';
import { blobServiceClient } from '../../src/emulator/datacenter';
import type { LocalCloudProfile } from '../../src/shared/cloud';

export type LocalAzure = RunningEmulator & { stateDir: string };

/**
 * The local Azure's starter, for tests that wire core the way Electron main and the host do
 * (`createRuntime({ startLocalAzure: localAzureStarter, … })`): core itself never imports src/emulator.
 */
export const localAzureStarter = startEmulator;

/**
 * Usage: `let azure: LocalAzure; beforeAll(async () => { azure = await startLocalAzure(); }); afterAll(() => azure?.stop());`
 * The profile (`azure.profile`, also written to `azure.profilePath`) has the endpoints, the CA and the ids.
 */
export async function startLocalAzure(): Promise<LocalAzure> {
  const stateDir = await mkdtemp(path.join(os.tmpdir(), 'offline-seed-azure-'));
  let emulator: RunningEmulator;
  try {
    emulator = await startEmulator({ stateDir });
  } catch (e) {
    await rm(stateDir, { recursive: true, force: true });
    throw e;
  }
  const stopEmulator = emulator.stop;
  const stop = async () => {
    try {
      await stopEmulator();
    } finally {
      await rm(stateDir, { recursive: true, force: true });
    }
  };
  return { ...emulator, profile: emulator.profile, stateDir, stop };
}

export interface HttpAnswer {
  status: number;
  headers: Record<string, string>;
  text: string;
  json(): unknown;
}

/** An HTTPS request that trusts the local Azure's CA (no global NODE_EXTRA_CA_CERTS needed). */
export function httpsRequest(ca: string, url: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const req = https.request(url, { method: init.method ?? 'GET', headers: init.headers, ca }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v;
        resolve({ status: res.statusCode ?? 0, headers, text, json: () => JSON.parse(text) as unknown });
      });
    });
    req.on('error', reject);
    if (init.body !== undefined) req.write(init.body);
    req.end();
  });
}

/** msal-node's `system.networkClient` over HTTPS with the local Azure's CA. */
export function msalNetworkClient(ca: string): INetworkModule {
  const send = async <T>(method: string, url: string, options?: NetworkRequestOptions): Promise<NetworkResponse<T>> => {
    const r = await httpsRequest(ca, url, { method, headers: options?.headers, body: options?.body });
    return { status: r.status, headers: r.headers, body: JSON.parse(r.text || '{}') as T };
  };
  return {
    sendGetRequestAsync: (url, options) => send('GET', url, options),
    sendPostRequestAsync: (url, options) => send('POST', url, options),
  };
}

/** msal-node auth options for an authority on the local Azure (tenant-specific, no instance discovery). */
export function localAuthority(profile: LocalCloudProfile): { authority: string; knownAuthorities: string[] } {
  return { authority: `${profile.endpoints.authority}/${profile.tenantId}`, knownAuthorities: [new URL(profile.endpoints.authority).host] };
}

/** The operator's access token for `scope` (device code flow, auto-approved by the local Azure). */
export async function operatorToken(profile: LocalCloudProfile, scope: string): Promise<string> {
  const pca = new PublicClientApplication({
    auth: { clientId: profile.publicClientId, ...localAuthority(profile) },
    system: { networkClient: msalNetworkClient(profile.caCertificate) },
  });
  const r = await pca.acquireTokenByDeviceCode({ scopes: [scope], deviceCodeCallback: () => undefined });
  if (!r) throw new Error('no token from the device code flow');
  return r.accessToken;
}

/**
 * What the system browser does with the local Azure's interactive sign-in: loads the page at `url` and submits its
 * form to the app's loopback address, as the page's script would. Returns the fields it posted.
 */
export async function submitSignInPage(ca: string, url: string): Promise<Array<[string, string]>> {
  const page = await httpsRequest(ca, url);
  const action = /action="([^"]+)"/.exec(page.text)![1]!;
  const fields = [...page.text.matchAll(/name="([^"]+)" value="([^"]*)"/g)].map((m): [string, string] => [m[1]!, m[2]!.replace(/&amp;/g, '&').replace(/&quot;/g, '"')]);
  await new Promise<void>((resolve, reject) => {
    const req = http.request(action, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' } }, (res) => {
      res.resume();
      res.on('end', () => resolve());
    });
    req.on('error', reject);
    req.end(new URLSearchParams(fields).toString());
  });
  return fields;
}

/**
 * Registers a resource provider on the local Azure as a client must: the register action answers Registering, then
 * the provider is read until it says Registered (each read counts; nothing sleeps). Returns the states seen.
 */
export async function registerProvider(profile: LocalCloudProfile, token: string, namespace = 'Microsoft.ImportExport'): Promise<string[]> {
  const base = `${profile.endpoints.resourceManager}/subscriptions/${profile.subscriptionId}/providers/${namespace}`;
  const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const seen = [((await httpsRequest(profile.caCertificate, `${base}/register?api-version=2021-04-01`, { method: 'POST', headers: auth })).json() as { registrationState: string }).registrationState];
  for (let i = 0; i < 10 && seen.at(-1) !== 'Registered'; i++) {
    seen.push(((await httpsRequest(profile.caCertificate, `${base}?api-version=2021-04-01`, { headers: auth })).json() as { registrationState: string }).registrationState);
  }
  return seen;
}

/** The local Azure's storage account (Azurite over TLS), with the key kept in its state folder: to look at the blobs a test made. */
export async function localBlobService(az: LocalAzure) {
  const state = JSON.parse(await readFile(path.join(az.stateDir, 'state.json'), 'utf8')) as { storageAccountKeys: string[] };
  return blobServiceClient(az.profile.storageAccount.blobEndpoint, az.profile.storageAccount.name, state.storageAccountKeys[0]!, az.profile.caCertificate);
}
