import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { startEmulator, controlSecretHeader, controlSecretPath } from '../../src/emulator';
import { localCloudProfileSchema } from '../../src/shared/cloud';
import { httpsRequest, operatorToken } from '../helpers/localAzure';
import { blobServiceClient } from '../../src/emulator/datacenter';
import { nodeAzuriteLauncher } from '../../src/emulator/azurite';
import type { LocalCloudProfile } from '../../src/shared/cloud';

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

const listening = (port: number) =>
  new Promise<boolean>((resolve) => {
    const s = net.connect(port, '127.0.0.1', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });

/** A blob client with the account key from the state file (what ARM listKeys returns). */
async function blobs(profile: LocalCloudProfile, stateDir: string) {
  const state = JSON.parse(await readFile(path.join(stateDir, 'state.json'), 'utf8')) as { storageAccountKeys: string[] };
  return blobServiceClient(profile.storageAccount.blobEndpoint, profile.storageAccount.name, state.storageAccountKeys[0]!, profile.caCertificate);
}

describe('startEmulator', () => {
  it('writes a valid profile and secret files 0600, guards the control endpoint, keeps state across a restart and stops Azurite', async () => {
    const stateDir = await mkdtemp(path.join(os.tmpdir(), 'offline-seed-emu-'));
    dirs.push(stateDir);
    const first = await startEmulator({ stateDir });
    let blobPort: number | undefined;
    let appId: string | undefined;
    try {
      const onDisk = localCloudProfileSchema.parse(JSON.parse(await readFile(first.profilePath, 'utf8')));
      expect(onDisk).toEqual(first.profile);
      expect(first.profile.endpoints.resourceManager).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      for (const f of ['state.json', 'control.secret', 'token-signing-key.json', 'tls/server-key.pem']) {
        expect((await stat(path.join(stateDir, f))).mode & 0o777, f).toBe(0o600);
      }
      const control = `${first.profile.control}/advance`;
      const denied = await httpsRequest(first.profile.caCertificate, control, { method: 'POST', body: JSON.stringify({ days: 1 }) });
      expect(denied.status).toBe(401);
      const secret = await readFile(controlSecretPath(stateDir), 'utf8');
      const ok = await httpsRequest(first.profile.caCertificate, control, { method: 'POST', headers: { [controlSecretHeader]: secret }, body: JSON.stringify({ days: 3 }) });
      expect(ok.status).toBe(200);
      expect(Date.parse((ok.json() as { now: string }).now) - Date.now()).toBeGreaterThan(2.9 * 24 * 3600e3);
      const token = await operatorToken(first.profile, 'https://graph.microsoft.com/.default');
      const app = await httpsRequest(first.profile.caCertificate, `${first.profile.endpoints.graph}/v1.0/applications`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ displayName: 'persisted' }) });
      appId = (app.json() as { appId: string }).appId;
      await (await blobs(first.profile, stateDir)).getContainerClient('kept').create();
      await (await blobs(first.profile, stateDir)).getContainerClient('kept').getBlockBlobClient('a.txt').uploadData(Buffer.from('persisted'));
      blobPort = Number(new URL(first.profile.storageAccount.blobEndpoint).port);
      expect(await listening(blobPort)).toBe(true);
    } finally {
      await first.stop();
    }
    expect(await listening(blobPort!)).toBe(false);

    const second = await startEmulator({ stateDir });
    try {
      expect(second.profile.tenantId).toBe(first.profile.tenantId);
      expect(second.profile.caCertificate).toBe(first.profile.caCertificate);
      // Same ports again when they are free, so URLs kept in jobs (copy logs) stay valid.
      expect(second.profile.endpoints.resourceManager).toBe(first.profile.endpoints.resourceManager);
      expect(second.profile.storageAccount.blobEndpoint).toBe(first.profile.storageAccount.blobEndpoint);
      const token = await operatorToken(second.profile, 'https://graph.microsoft.com/.default');
      const list = await httpsRequest(second.profile.caCertificate, `${second.profile.endpoints.graph}/v1.0/applications`, { headers: { authorization: `Bearer ${token}` } });
      expect((list.json() as { value: Array<{ appId: string }> }).value.map((a) => a.appId)).toEqual([appId]);
      const kept = await (await blobs(second.profile, stateDir)).getContainerClient('kept').getBlockBlobClient('a.txt').downloadToBuffer();
      expect(kept.toString()).toBe('persisted');
    } finally {
      await second.stop();
    }
  }, 60_000);

  it('never shows the previous run\'s profile while it starts: its port may be taken, so cloud.json is absent until the new one is written whole', async () => {
    const stateDir = await mkdtemp(path.join(os.tmpdir(), 'offline-seed-emu-'));
    dirs.push(stateDir);
    const first = await startEmulator({ stateDir });
    const oldPort = Number(new URL(first.profile.endpoints.resourceManager).port);
    await first.stop();
    // Another program takes the port the previous run listened on: this run cannot have it back.
    const squatter = net.createServer();
    await new Promise<void>((resolve) => squatter.listen(oldPort, '127.0.0.1', () => resolve()));
    try {
      const profilePath = path.join(stateDir, 'cloud.json');
      const duringStart: string[] = [];
      // Azurite is launched once the local Azure listens and before the profile is written: a reader there.
      const second = await startEmulator({
        stateDir,
        launchAzurite: (o) => {
          duringStart.push(existsSync(profilePath) ? readFileSync(profilePath, 'utf8') : 'absent');
          return nodeAzuriteLauncher(o);
        },
      });
      try {
        expect(duringStart).toEqual(['absent']);
        const newPort = Number(new URL(second.profile.endpoints.resourceManager).port);
        expect(newPort).not.toBe(oldPort);
        // Written whole, by rename: the profile of this run and no temporary file beside it.
        expect(localCloudProfileSchema.parse(JSON.parse(readFileSync(profilePath, 'utf8')))).toEqual(second.profile);
        expect((await readdir(stateDir)).filter((n) => n.includes('cloud.json') && n !== 'cloud.json')).toEqual([]);
      } finally {
        await second.stop();
      }
    } finally {
      await new Promise<void>((resolve) => squatter.close(() => resolve()));
    }
  }, 90_000);
});
