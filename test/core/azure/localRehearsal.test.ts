/** The wizard's local rehearsal starts the local Azure through the starter the front end injects, once per process. */

import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { localAzureStarter } from '../../helpers/localAzure';
import { createRuntime } from '../../../src/core/runtime';
import { stopLocalRehearsal } from '../../../src/core/azure/localRehearsal';
import type { LocalCloudProfile } from '../../../src/shared/cloud';

const dirs: string[] = [];
afterAll(async () => {
  await stopLocalRehearsal();
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

async function runtime(startLocalAzure: Parameters<typeof createRuntime>[0]['startLocalAzure']) {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'os-rehearsal-'));
  dirs.push(dataDir);
  return { dataDir, rt: createRuntime({ shell: 'host', language: 'en', emit: () => undefined, openExternal: async () => undefined, dataDir, startLocalAzure }) };
}

describe('azure.startLocalRehearsal', () => {
  it('reports a failed start in one sentence and tries again on the next request', async () => {
    const starts: string[] = [];
    const { dataDir, rt } = await runtime(async ({ stateDir }) => {
      starts.push(stateDir);
      throw new Error('port in use');
    });
    const first = await rt.handle('azure.startLocalRehearsal', {});
    expect(first.ok).toBe(false);
    await rt.handle('azure.startLocalRehearsal', {});
    expect(starts).toEqual([path.join(dataDir, 'local-azure'), path.join(dataDir, 'local-azure')]);
  });

  it('starts the injected local Azure with its state in the data folder and reuses it', async () => {
    const { dataDir, rt } = await runtime(localAzureStarter);
    const reply = await rt.handle('azure.startLocalRehearsal', {});
    if (!reply.ok) throw new Error(JSON.stringify(reply.error));
    const profilePath = path.join(dataDir, 'local-azure', 'cloud.json');
    const profile = JSON.parse(await readFile(profilePath, 'utf8')) as LocalCloudProfile;
    expect(reply.result).toEqual({
      cloud: profilePath,
      subscriptionId: profile.subscriptionId,
      resourceGroup: profile.resourceGroup,
      storageAccount: profile.storageAccount.name,
      location: profile.location,
      operator: profile.operator.userPrincipalName,
    });
    const again = await rt.handle('azure.startLocalRehearsal', {});
    expect(again).toEqual(reply);
  }, 60_000);
});
