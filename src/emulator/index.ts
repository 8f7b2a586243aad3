/** The local Azure: one HTTPS server (Azure AD, ARM, Graph, control) on 127.0.0.1 plus Azurite, with state in a folder. */

import https from 'node:https';
import path from 'node:path';
import { promises as fs } from 'node:fs';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { localCloudProfileSchema, type LocalCloudProfile } from '../shared/cloud';
import { replaceFile } from './files';
import { createAad } from './aad';
import { createArm } from './arm';
import { startAzurite, type AzuriteLauncher, type RunningAzurite } from './azurite';
import { readFaults, type EmulatorContext, type Faults } from './context';
import { createGraph } from './graph';
import { armError, isObject, json, jsonBody, readRequest, send, type Reply, type Request } from './http';
import { StateStore } from './state';
import { ensureTls } from './tls';
import { createTokenService } from './tokens';
import { receiveDrives, type ReceiveResult } from './datacenter';
import { applyClock, type Transition } from './lifecycle';
import { deliverDisks, receiveDataBoxDisks, type DataBoxReceiveResult, type DeliverResult } from './dataBoxDatacenter';
import { rehearsalLocationIds } from './locations';
import type { DataBoxRestrictions } from './dataBoxJobs';

export type { ReceiveResult } from './datacenter';
export type { DataBoxReceiveResult, DeliverResult } from './dataBoxDatacenter';
export type { DataBoxRestrictions } from './dataBoxJobs';
export type { AzuriteLauncher, AzuriteProcess } from './azurite';
export type { Transition } from './lifecycle';

export interface RunningEmulator {
  profile: LocalCloudProfile;
  profilePath: string;
  /**
   * Moves the emulator's clock forward: jobs expire, deadlines pass, received drives are processed and shipped back.
   * Returns the jobs that changed state.
   */
  advanceDays(n: number): Promise<Transition[]>;
  /**
   * Makes a share (`rate` 0..1) of ARM requests (or of Graph's writes) fail with one of `statuses` before anything else
   * happens; null turns it off. Throws a RangeError, and changes nothing, for faults it cannot inject (`readFaults`).
   */
  setFaults(f: Faults | null): void;
  /** The datacenter receives the drives (folders holding a prepared drive's root) for a job in Shipping. */
  receive(jobName: string, drivePaths: string[], opts?: { resourceGroup?: string }): Promise<ReceiveResult>;
  /** Data Box: the disks of a dispatched order arrive as folders (precreated layout) under `into`. */
  dataBoxDeliver(jobName: string, into: string, opts?: { resourceGroup?: string }): Promise<DeliverResult>;
  /** Data Box: the datacenter receives the disks (folders) of a delivered or shipped order and uploads them. */
  dataBoxReceive(jobName: string, diskPaths: string[], opts?: { resourceGroup?: string }): Promise<DataBoxReceiveResult>;
  /**
   * Data Box, the rehearsal's own control: what Microsoft.DataBox refuses from now on (a subscription not allowed to
   * order, regions without Data Box Disk or without a date). Replaces the previous restrictions; `{}` lifts them.
   */
  dataBoxRestrict(r: DataBoxRestrictions): Promise<DataBoxRestrictions>;
  stop(): Promise<void>;
}

/** Name of the header that carries DIR/control.secret to the control endpoint. */
export const controlSecretHeader = 'x-offline-seed-control';

export function controlSecretPath(stateDir: string): string {
  return path.join(stateDir, 'control.secret');
}

async function ensureSecret(stateDir: string): Promise<string> {
  const file = controlSecretPath(stateDir);
  try {
    return (await fs.readFile(file, 'utf8')).trim();
  } catch {
    const s = randomBytes(32).toString('base64url');
    await replaceFile(file, s, 0o600);
    return s;
  }
}

/** `launchAzurite` starts Azurite's process (default: a Node child; the Electron app passes a utility process). */
export async function startEmulator(opts: { stateDir: string; launchAzurite?: AzuriteLauncher }): Promise<RunningEmulator> {
  const stateDir = path.resolve(opts.stateDir);
  await fs.mkdir(stateDir, { recursive: true, mode: 0o700 });
  // A profile left by an earlier run is removed, not kept until this run's is written: nothing answers at its address
  // until this start ends, and its port may be taken by then (the listen below falls back to any free port), so a
  // reader that took it could keep a wrong address for good (the app resolves a cloud profile once per process). A
  // missing profile is an error a reader can wait out or retry; this run's is written whole (replaceFile: a temporary
  // file renamed over it) once it listens.
  await fs.rm(path.join(stateDir, 'cloud.json'), { force: true });
  const tls = await ensureTls(stateDir);
  const store = await StateStore.open(stateDir);
  const secret = await ensureSecret(stateDir);
  let port = 0;
  let blobPort = 0;
  const baseUrl = () => `https://127.0.0.1:${port}`;
  const tokens = await createTokenService(stateDir, () => `${baseUrl()}/${store.state.tenantId}/v2.0`);
  const ctx: EmulatorContext = { store, tokens, baseUrl, blobEndpoint: () => `https://127.0.0.1:${blobPort}/${store.state.storageAccountName}`, faults: null };
  const routes = [createAad(ctx), createArm(ctx), createGraph(ctx)];

  let azurite: RunningAzurite | undefined;
  const running: RunningEmulator = {
    profile: undefined as unknown as LocalCloudProfile,
    profilePath: path.join(stateDir, 'cloud.json'),
    async advanceDays(n) {
      if (!Number.isFinite(n) || n < 0) throw new RangeError('advanceDays needs a number of days of 0 or more.');
      store.state.clockOffsetMs += n * 24 * 3600e3;
      const moved = applyClock(store.state.jobs, store.now());
      await store.save();
      return moved;
    },
    setFaults(f) {
      const read = readFaults(f);
      if ('error' in read) throw new RangeError(read.error);
      ctx.faults = read.faults;
    },
    receive: (jobName, drivePaths, o) => receiveDrives(ctx, { jobName, drivePaths, resourceGroup: o?.resourceGroup ?? store.state.resourceGroup, accountKey: store.state.storageAccountKeys[0], caPem: tls.caPem }),
    dataBoxDeliver: (jobName, into, o) => deliverDisks(ctx, { jobName, into, resourceGroup: o?.resourceGroup ?? store.state.resourceGroup }),
    dataBoxReceive: (jobName, diskPaths, o) => receiveDataBoxDisks(ctx, { jobName, diskPaths, resourceGroup: o?.resourceGroup ?? store.state.resourceGroup, accountKey: store.state.storageAccountKeys[0], caPem: tls.caPem }),
    async dataBoxRestrict(r) {
      const clean: DataBoxRestrictions = {
        ...(r.subscriptionNotAllowed ? { subscriptionNotAllowed: true } : {}),
        ...(r.skuUnavailableIn?.length ? { skuUnavailableIn: [...r.skuUnavailableIn] } : {}),
        ...(r.noDatesIn?.length ? { noDatesIn: [...r.noDatesIn] } : {}),
      };
      store.state.dataBoxRestrictions = clean;
      await store.save();
      return clean;
    },
    stop: async () => undefined,
  };

  async function control(req: Request): Promise<Reply> {
    const given = Buffer.from(String(req.headers[controlSecretHeader] ?? ''));
    const want = Buffer.from(secret);
    if (given.length !== want.length || !timingSafeEqual(given, want)) return armError(401, 'ControlSecretRequired', `The control endpoint needs the secret from ${controlSecretPath(stateDir)} in the ${controlSecretHeader} header.`);
    if (req.method !== 'POST') return armError(405, 'MethodNotAllowed', 'Control actions are POST requests.');
    const body = jsonBody(req);
    const b = isObject(body) ? body : {};
    switch (req.path) {
      case '/_emulator/advance':
        if (typeof b.days !== 'number' || !(b.days >= 0)) return armError(400, 'InvalidDays', 'days must be a number of 0 or more.');
        return json(200, { moved: await running.advanceDays(b.days), now: new Date(store.now()).toISOString() });
      case '/_emulator/faults': {
        const read = readFaults(b.faults);
        if ('error' in read) return armError(400, 'InvalidFaults', read.error);
        ctx.faults = read.faults;
        return json(200, { faults: ctx.faults });
      }
      case '/_emulator/receive':
        if (typeof b.job !== 'string' || !Array.isArray(b.drives)) return armError(400, 'InvalidRequestContent', 'receive needs job and drives.');
        try {
          return json(200, await running.receive(b.job, b.drives as string[], typeof b.resourceGroup === 'string' ? { resourceGroup: b.resourceGroup } : undefined));
        } catch (e) {
          const err = e as { code?: string; message: string; params?: unknown };
          return json(409, { error: { code: err.code ?? 'ReceiveFailed', message: err.message, params: err.params ?? {} } });
        }
      case '/_emulator/databox/restrict': {
        const names = (x: unknown) => Array.isArray(x) && x.every((l) => typeof l === 'string' && l.length > 0 && l.length <= 64);
        if ((b.subscriptionNotAllowed !== undefined && typeof b.subscriptionNotAllowed !== 'boolean') || (b.skuUnavailableIn !== undefined && !names(b.skuUnavailableIn)) || (b.noDatesIn !== undefined && !names(b.noDatesIn))) {
          return armError(400, 'InvalidRequestContent', 'restrict takes subscriptionNotAllowed (true or false), skuUnavailableIn and noDatesIn (lists of locations).');
        }
        return json(200, { restrictions: await running.dataBoxRestrict(b as DataBoxRestrictions) });
      }
      case '/_emulator/databox/deliver':
      case '/_emulator/databox/receive': {
        const rg = typeof b.resourceGroup === 'string' ? { resourceGroup: b.resourceGroup } : undefined;
        if (typeof b.job !== 'string') return armError(400, 'InvalidRequestContent', 'A Data Box control action needs job.');
        if (req.path.endsWith('/deliver') ? typeof b.into !== 'string' : !Array.isArray(b.disks)) return armError(400, 'InvalidRequestContent', 'deliver needs into (a folder); receive needs disks (folders).');
        try {
          return json(200, req.path.endsWith('/deliver') ? await running.dataBoxDeliver(b.job, b.into as string, rg) : await running.dataBoxReceive(b.job, b.disks as string[], rg));
        } catch (e) {
          const err = e as { code?: string; message: string; params?: unknown };
          return json(409, { error: { code: err.code ?? 'DataBoxControlFailed', message: err.message, params: err.params ?? {} } });
        }
      }
      default:
        return armError(404, 'NotFound', `No control action at ${req.path}.`);
    }
  }

  const server = https.createServer({ cert: tls.certPem, key: tls.keyPem }, (req, res) => {
    void (async () => {
      try {
        const r = await readRequest(req, baseUrl());
        let reply: Reply | null = r.path.startsWith('/_emulator/') ? await control(r) : null;
        for (const route of routes) {
          if (reply) break;
          reply = await route(r);
        }
        send(res, reply ?? { status: 404, text: `Nothing here on the local Azure: ${r.method} ${r.path}` }, store.now());
      } catch (e) {
        send(res, armError(500, 'InternalServerError', `The local Azure failed: ${(e as Error).message}`), store.now());
      }
    })();
  });
  server.keepAliveTimeout = 2000;

  const listen = (p: number) =>
    new Promise<void>((resolve, reject) => {
      const onError = (e: Error) => reject(e);
      server.once('error', onError);
      server.listen(p, '127.0.0.1', () => {
        server.off('error', onError);
        resolve();
      });
    });
  try {
    await listen(store.state.lastPort ?? 0);
  } catch {
    await listen(0);
  }
  port = (server.address() as AddressInfo).port;
  try {
    azurite = await startAzurite({ stateDir, tls, accountName: store.state.storageAccountName, accountKey: store.state.storageAccountKeys[0], preferredPort: store.state.lastBlobPort, launch: opts.launchAzurite });
  } catch (e) {
    await new Promise<void>((r) => server.close(() => r()));
    throw e;
  }
  blobPort = azurite.port;
  store.state.lastPort = port;
  store.state.lastBlobPort = blobPort;
  await store.save();

  const s = store.state;
  const profile = localCloudProfileSchema.parse({
    kind: 'local',
    tenantId: s.tenantId,
    subscriptionId: s.subscriptionId,
    resourceGroup: s.resourceGroup,
    location: s.location,
    storageAccount: { name: s.storageAccountName, id: `/subscriptions/${s.subscriptionId}/resourceGroups/${s.resourceGroup}/providers/Microsoft.Storage/storageAccounts/${s.storageAccountName}`, blobEndpoint: ctx.blobEndpoint() },
    endpoints: { authority: baseUrl(), resourceManager: baseUrl(), graph: baseUrl() },
    publicClientId: s.publicClientId,
    operator: { objectId: s.operator.objectId, userPrincipalName: s.operator.userPrincipalName },
    caCertificate: tls.caPem,
    control: `${baseUrl()}/_emulator`,
    rehearsalDatacenters: rehearsalLocationIds(),
  });
  running.profile = profile;
  await replaceFile(running.profilePath, JSON.stringify(profile, null, 2) + '\n');

  let stopping: Promise<void> | undefined;
  running.stop = () => {
    stopping ??= (async () => {
      server.closeAllConnections();
      await Promise.all([new Promise<void>((r) => server.close(() => r())), azurite?.stop()]);
      await store.save();
    })();
    return stopping;
  };
  return running;
}
