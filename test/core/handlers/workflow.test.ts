/** The workflow's contract requests through the runtime (validation both ways) against the local Azure, as the pages call them. */

import { driveInfoXml, writeLocalSession } from '../../helpers/session';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localAzureStarter, startLocalAzure, type LocalAzure } from '../../helpers/localAzure';
import { createRuntime, type Runtime } from '../../../src/core/runtime';

let az: LocalAzure;
let rt: Runtime;
let staging: string;
const dirs: string[] = [];

beforeAll(async () => {
  delete process.env.OFFLINE_SEED_CLOUD;
  az = await startLocalAzure();
  const data = mkdtempSync(path.join(os.tmpdir(), 'os-handlers-data-'));
  staging = mkdtempSync(path.join(os.tmpdir(), 'os-handlers-'));
  dirs.push(data, staging);
  rt = createRuntime({ shell: 'host', language: 'en', startLocalAzure: localAzureStarter, emit: () => undefined, openExternal: async () => undefined, dataDir: data });
  await writeLocalSession(staging, az, { jobName: 'pages-seed', container: 'pages' });
  mkdirSync(path.join(staging, 'journals'));
  for (const id of ['PAGES0001', 'PAGES0002']) {
    writeFileSync(path.join(staging, 'journals', `${id}_DriveInfo_${id}.xml`), driveInfoXml(id));
  }
}, 120_000);

afterAll(async () => {
  await az?.stop();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('workflow requests', () => {
  it('creates the job from the journals, fills the shipping form, ships, and reports the status', async () => {
    const created = await rt.handle('workflow.createJobs', { stagingDir: staging });
    expect(created).toMatchObject({ ok: true, result: { jobs: [{ name: 'pages-seed', created: true, driveIds: ['PAGES0001', 'PAGES0002'] }] } });

    const form = await rt.handle('workflow.shippingForm', { stagingDir: staging, jobName: 'pages-seed' });
    expect(form).toMatchObject({ ok: true, result: { job: { state: 'Creating' }, deadline: { kind: 'enterShipping', status: 'ok' } } });

    const details = {
      carrierName: 'FedEx',
      trackingNumber: `PAGES${Date.now()}`,
      shipDate: new Date().toISOString().slice(0, 10),
      driveCount: 2,
      returnAddress: { recipientName: 'Contoso', streetAddress1: '1 Microsoft Way', city: 'Redmond', stateOrProvince: 'WA', postalCode: '98052', countryOrRegion: 'USA', phone: '4255550100', email: 'a@contoso.com' },
      returnShipping: { carrierName: 'FedEx', carrierAccountNumber: '123456789' },
    };
    const bad = await rt.handle('workflow.submitShipping', { stagingDir: staging, jobName: 'pages-seed', details: { ...details, driveCount: 3 } });
    expect(bad).toMatchObject({ ok: false, error: { code: 'workflow:errors.shippingInvalid', step: 'shipping' } });
    const sent = await rt.handle('workflow.submitShipping', { stagingDir: staging, jobName: 'pages-seed', details });
    expect(sent).toMatchObject({ ok: true, result: { state: 'Shipping', file: path.join(staging, 'shipping', 'pages-seed.json') } });

    const jobs = await rt.handle('workflow.jobs', { stagingDir: staging });
    expect(jobs).toMatchObject({ ok: true, result: { container: 'pages', jobs: [{ name: 'pages-seed', trackingNumber: details.trackingNumber, lastState: 'Shipping' }] } });

    const status = await rt.handle('workflow.status', { stagingDir: staging });
    expect(status).toMatchObject({ ok: true, result: { jobs: [{ name: 'pages-seed', state: 'Shipping', deadline: { kind: 'reachDatacenter' } }] } });
    const byName = await rt.handle('workflow.status', { jobName: 'pages-seed', resourceGroup: az.profile.resourceGroup, subscriptionId: az.profile.subscriptionId });
    expect(byName.ok).toBe(false); // no staging, no OFFLINE_SEED_CLOUD: the page is told which cloud is missing
    if (!byName.ok) expect(byName.error.code).toBe('workflow:errors.cloudNeeded');
  });

  it('says the same "no session" sentence whichever step finds no session', async () => {
    const empty = mkdtempSync(path.join(os.tmpdir(), 'os-handlers-empty-'));
    dirs.push(empty);
    const asked = [
      rt.handle('workflow.jobs', { stagingDir: empty }),
      rt.handle('workflow.createJobs', { stagingDir: empty }),
      rt.handle('workflow.shippingForm', { stagingDir: empty, jobName: 'pages-seed' }),
      rt.handle('workflow.status', { stagingDir: empty }),
      rt.handle('workflow.verify', { stagingDir: empty }),
      rt.handle('drives.list', { stagingDir: empty }),
    ];
    for (const r of await Promise.all(asked)) {
      expect(r).toMatchObject({ ok: false, error: { code: 'staging:errors.noSession', message: `There is no Offline Seed session in ${empty}. Run the staging step first (offline-seed stage).` } });
    }
  });

  it('refuses malformed requests before anything runs', async () => {
    const r = await rt.handle('workflow.submitShipping', { stagingDir: staging, jobName: 'pages-seed', details: { carrierName: 'FedEx' } });
    expect(r).toMatchObject({ ok: false, error: { code: 'app:errors.invalidRequest' } });
  });
});
