/** The workflow's contract requests through the runtime (validation both ways) against the local Azure, as the pages call them. */

import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { test } from '../../helpers/fixtures';
import { localAzureStarter, type LocalAzure } from '../../helpers/localAzure';
import { driveInfoXml, writeLocalSession } from '../../helpers/session';
import { sampleShippingDetails } from '../../helpers/shipping';
import { createRuntime, type Runtime } from '../../../src/core/runtime';

let az: LocalAzure;
let rt: Runtime;
let staging: string;
let root: string;

test.beforeAll(async ({ localAzure, tmp }) => {
  delete process.env.OFFLINE_SEED_CLOUD;
  az = localAzure;
  root = tmp;
  staging = path.join(root, 'staging');
  mkdirSync(staging);
  rt = createRuntime({ shell: 'host', language: 'en', startLocalAzure: localAzureStarter, emit: () => undefined, openExternal: async () => undefined, dataDir: path.join(root, 'data') });
  await writeLocalSession(staging, az, { jobName: 'pages-seed', container: 'pages' });
  mkdirSync(path.join(staging, 'journals'));
  for (const id of ['PAGES0001', 'PAGES0002']) {
    writeFileSync(path.join(staging, 'journals', `${id}_DriveInfo_${id}.xml`), driveInfoXml(id));
  }
}, 120_000);

describe('workflow requests', () => {
  it('creates the job from the journals, fills the shipping form, ships, and reports the status', async () => {
    const created = await rt.handle('workflow.createJobs', { stagingDir: staging });
    expect(created).toMatchObject({ ok: true, result: { jobs: [{ name: 'pages-seed', created: true, driveIds: ['PAGES0001', 'PAGES0002'] }] } });

    const form = await rt.handle('workflow.shippingForm', { stagingDir: staging, jobName: 'pages-seed' });
    expect(form).toMatchObject({ ok: true, result: { job: { state: 'Creating' }, deadline: { kind: 'enterShipping', status: 'ok' } } });

    const details = sampleShippingDetails({ trackingNumber: `PAGES${Date.now()}` });
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
    const empty = mkdtempSync(path.join(root, 'empty-'));
    const asked = [
      rt.handle('workflow.jobs', { stagingDir: empty }),
      rt.handle('workflow.createJobs', { stagingDir: empty }),
      rt.handle('workflow.shippingForm', { stagingDir: empty, jobName: 'pages-seed' }),
      rt.handle('workflow.status', { stagingDir: empty }),
      rt.handle('workflow.verify', { stagingDir: empty }),
      rt.handle('drives.list', { stagingDir: empty }),
    ];
    for (const r of await Promise.all(asked)) {
      // The wizard's sentence: it names the step, not the command (the command line keeps `offline-seed stage`).
      expect(r).toMatchObject({ ok: false, error: { code: 'staging:errors.noSession', message: `There is no Offline Seed session in ${empty}. Stage the data first on the Staging step.` } });
    }
  });

  it('refuses malformed requests before anything runs', async () => {
    const r = await rt.handle('workflow.submitShipping', { stagingDir: staging, jobName: 'pages-seed', details: { carrierName: 'FedEx' } });
    expect(r).toMatchObject({ ok: false, error: { code: 'app:errors.invalidRequest' } });
  });
});
