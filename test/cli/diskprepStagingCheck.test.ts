/**
 * diskprep checks the staging location before any drive is written: a truncated pack, a flipped byte in a pack,
 * a missing index and a garbled index are each refused with a sentence naming the file; the drive folder stays
 * empty, no drive is recorded in the session, and no import job exists on the local Azure. The same location
 * undamaged goes through to the import job (so the job query below would see one).
 */

import { promises as fs } from 'node:fs';
import path from 'node:path';
import { describe, expect } from 'vitest';
import { test } from '../helpers/fixtures';
import { httpsRequest, operatorToken, type LocalAzure } from '../helpers/localAzure';
import { writeLocalSession } from '../helpers/session';
import { stageForDrives } from '../helpers/staging';
import { readSession } from '../../src/core/session/sessionFile';
import { runCommand } from '../helpers/command';

let az: LocalAzure;
let root: string;
let env: NodeJS.ProcessEnv;
let sound: string;
const job = 'checkjob';
const bin = path.resolve('bin/offline-seed');

const cli = (args: string[]) => runCommand(process.execPath, [bin, ...args], { env, cwd: root });

/** The import jobs of the local Azure's resource group, by name. */
async function jobNames(): Promise<string[]> {
  const token = await operatorToken(az.profile, 'https://management.azure.com/.default');
  const scope = `/subscriptions/${az.profile.subscriptionId}/resourceGroups/${az.profile.resourceGroup}/providers/Microsoft.ImportExport/jobs`;
  const r = await httpsRequest(az.profile.caCertificate, `${az.profile.endpoints.resourceManager}${scope}?api-version=2021-01-01`, { headers: { authorization: `Bearer ${token}` } });
  expect(r.status).toBe(200);
  return (r.json() as { value: Array<{ name: string }> }).value.map((j) => j.name);
}

/** A copy of the sound staging location (session included) and an empty drive folder. */
async function copyOf(name: string): Promise<{ staging: string; drive: string }> {
  const staging = path.join(root, name, 'staging');
  await fs.cp(sound, staging, { recursive: true });
  const drive = path.join(root, name, 'drive');
  await fs.mkdir(drive, { recursive: true });
  return { staging, drive };
}

async function flipByte(file: string, at: number): Promise<void> {
  const h = await fs.open(file, 'r+');
  try {
    const b = Buffer.alloc(1);
    await h.read(b, 0, 1, at);
    b[0] = b[0]! ^ 0xff;
    await h.write(b, 0, 1, at);
  } finally {
    await h.close();
  }
}

test.beforeAll(async ({ localAzure, tmp }) => {
  az = localAzure;
  root = tmp;
  env = { ...process.env, OFFLINE_SEED_CLOUD: az.profilePath, OFFLINE_SEED_DATA_DIR: path.join(root, 'data'), OFFLINE_SEED_LANG: 'en' };
  const cert = await cli(['certgen', 'CreateNewApplication', `SubscriptionId:${az.profile.subscriptionId}`]);
  expect(cert.code, cert.stderr).toBe(0);
  sound = path.join(root, 'sound');
  await stageForDrives(sound, [2, 2, 1]);
  await writeLocalSession(sound, az, { jobName: job, container: 'checked', state: 'staged' });
}, 180_000);

const damages: Array<{ name: string; damage(staging: string): Promise<void>; says: (staging: string) => string }> = [
  {
    name: 'a truncated pack',
    damage: async (s) => {
      const pack = path.join(s, 'packs', 'pack-000002.osp');
      await fs.truncate(pack, (await fs.stat(pack)).size - 1000);
    },
    says: () => 'The pack pack-000002.osp in',
  },
  {
    name: 'a flipped byte in a pack',
    damage: (s) => flipByte(path.join(s, 'packs', 'pack-000003.osp'), 4096),
    says: () => 'The pack pack-000003.osp in',
  },
  {
    name: 'a missing index',
    damage: (s) => fs.rm(path.join(s, 'index'), { recursive: true }),
    says: (s) => `${s} holds no finished staging index`,
  },
  {
    name: 'a garbled index',
    damage: async (s) => {
      const index = path.join(s, 'index', 'index-000001.osi');
      await flipByte(index, (await fs.stat(index)).size - 10);
    },
    says: (s) => `The staging index ${path.join(s, 'index', 'index-000001.osi')} is damaged`,
  },
];

describe('diskprep checks the staging location first', () => {
  for (const [i, d] of damages.entries()) {
    test(`refuses ${d.name}, naming it, with nothing written to the drive and no import job`, async () => {
      const { staging, drive } = await copyOf(`damaged-${i}`);
      await d.damage(staging);
      const r = await cli(['diskprep', `s:${staging}`, '--drive', `dir:${drive}`, '--yes']);
      expect(r.code, r.stdout + r.stderr).toBe(1);
      expect(r.stderr).toContain(d.says(staging));
      expect(r.stdout).not.toContain('ready');
      expect(await fs.readdir(drive)).toEqual([]);
      const session = (await readSession(staging))!;
      expect(session.state).toBe('staged');
      expect(session.drives?.drives ?? []).toEqual([]);
      expect(await jobNames()).not.toContain(job);
    }, 60_000);
  }

  test('ships the same location undamaged, up to the import job', async () => {
    const { staging, drive } = await copyOf('undamaged');
    const r = await cli(['diskprep', `s:${staging}`, '--drive', `dir:${drive}`, '--yes']);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain(`Import job ${job} created`);
    expect((await fs.readdir(drive)).sort()).toEqual(['DriveManifest.xml', 'OfflineSeedBitLocker.json', job]);
    expect(await jobNames()).toContain(job);
  }, 120_000);
});
