/**
 * The workflow engine end to end on the local Azure, with the command's status and verify text, on the other engineers' real staging writer, drive
 * manifest and emulated BitLocker: stage a tree, lay its packs out on two drive folders with manifests and
 * journals, create the job, ship, let the datacenter import, read the status and copy logs, verify, restore
 * from the cloud; and a drive whose manifest was changed after preparation ending in ManifestCorrupted.
 */

import { writeLocalSession } from '../helpers/session';
import { sampleShippingDetails } from '../helpers/shipping';
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { test } from '../helpers/fixtures';
import { localAzureStarter, type LocalAzure } from '../helpers/localAzure';
import { createJobContext } from '../../src/core/jobs';
import { createRuntime } from '../../src/core/runtime';
import { readSession } from '../../src/core/session/sessionFile';
import { writeStaging } from '../../src/core/staging/writer';
import { listShippableFiles } from '../../src/core/staging/layout';
import { restoreStaging } from '../../src/core/staging/restore';
import { buildDriveManifestXml, toManifestFilePath } from '../../src/core/formats/driveManifest';
import { generateRecoveryPassword, writeBitLockerMarker } from '../../src/core/drives/emulatedBitLocker';
import { connectWorkflowAzure, type ConnectedWorkflow } from '../../src/core/identity/connect';
import { createImportJobs } from '../../src/core/importJob/importJob';
import { readPreparedDrives } from '../../src/core/formats/journal';
import { submitShipping } from '../../src/core/shipping/shipping';
import { getJobStatus, watchJob } from '../../src/core/monitor/monitor';
import type { JobStatus } from '../../src/shared/model/jobStatus';
import { loadManifests } from '../../src/core/complete/manifests';
import { verifyContainer } from '../../src/core/complete/verify';
import { cloudPackSource } from '../../src/core/usecases';
import { compareTrees, makeSampleTree } from '../../src/cli/demoTree';
import { statusLines, verifyLines } from '../../src/cli/statusText';

let az: LocalAzure;
let azure: ConnectedWorkflow;
let root: string;
let dataDir: string;

interface Prepared {
  staging: string;
  source: string;
  drives: string[];
  job: string;
  container: string;
}

const md5 = (b: Uint8Array) => createHash('md5').update(b).digest('hex').toUpperCase();

/** Stages a sample tree and lays the shippable files out over two drive folders, as diskprep does. */
async function prepare(name: string): Promise<Prepared> {
  const base = path.join(root, name);
  const source = path.join(base, 'source');
  await makeSampleTree(source, 3 * 1024 * 1024);
  const staging = path.join(base, 'staging');
  await fs.mkdir(staging, { recursive: true });
  await writeLocalSession(staging, az, { jobName: name, container: name, state: 'staged', sources: [{ path: source, name: 'source' }] });
  await writeStaging({ stagingDir: staging, sources: [{ path: source, name: 'source' }], packSize: 1024 * 1024 }, createJobContext('stage'));
  const sessionId = (await readSession(staging))!.sessionId;
  const files = await listShippableFiles(staging);
  expect(files.length).toBeGreaterThanOrEqual(3);
  const drives = [path.join(base, 'drive1'), path.join(base, 'drive2')];
  await fs.mkdir(path.join(staging, 'journals'), { recursive: true });
  for (const [d, driveDir] of drives.entries()) {
    const driveId = `${name.toUpperCase().replace(/-/g, '')}D${d + 1}`;
    const key = generateRecoveryPassword();
    const blobs = [];
    for (const f of files.filter((_, i) => i % 2 === d)) {
      const rel = `${sessionId}/${f.relPath}`;
      const data = await fs.readFile(path.join(staging, f.relPath));
      await fs.mkdir(path.dirname(path.join(driveDir, rel)), { recursive: true });
      await fs.writeFile(path.join(driveDir, rel), data);
      const blocks = [];
      for (let o = 0; o < data.length || (o === 0 && data.length === 0); o += 4 * 1024 * 1024) {
        const part = data.subarray(o, o + 4 * 1024 * 1024);
        blocks.push({ offset: o, length: part.length, md5: md5(part) });
        if (data.length === 0) break;
      }
      blobs.push({ blobPath: `${name}/${name}/${f.relPath}`, filePath: toManifestFilePath(rel), length: data.length, blocks });
    }
    const xml = buildDriveManifestXml({ driveId, blobs });
    await fs.writeFile(path.join(driveDir, 'DriveManifest.xml'), xml);
    await writeBitLockerMarker(driveDir, driveId, key);
    await fs.writeFile(
      path.join(staging, 'journals', `${driveId}_DriveInfo_${driveId}.xml`),
      `<?xml version="1.0" encoding="UTF-8"?>\n<Drive>\n  <DriveId>${driveId}</DriveId>\n  <BitLockerKey>${key}</BitLockerKey>\n  <ManifestFile>\\DriveManifest.xml</ManifestFile>\n  <ManifestHash>${md5(Buffer.from(xml))}</ManifestHash>\n</Drive>\n`,
    );
  }
  return { staging, source, drives, job: name, container: name };
}

async function createAndShip(p: Prepared, tracking: string) {
  const session = (await readSession(p.staging))!;
  const [job] = await createImportJobs(azure, { session, stagingDir: p.staging, drives: await readPreparedDrives(p.staging), storageAccount: await azure.storageAccountInfo() });
  expect(job!.driveIds).toHaveLength(2);
  await submitShipping(azure, {
    stagingDir: p.staging,
    session: (await readSession(p.staging))!,
    jobName: p.job,
    lang: 'en',
    // Shipped the day the job was created, on the local Azure's clock, which earlier tests moved on.
    now: new Date(job!.createdAt!),
    details: sampleShippingDetails({ carrierName: job!.supportedCarriers[0] ?? 'FedEx', trackingNumber: tracking, shipDate: job!.createdAt!.slice(0, 10) }),
  });
}

test.beforeAll(async ({ localAzure, tmp }) => {
  az = localAzure;
  root = tmp;
  dataDir = path.join(root, 'data');
  azure = await connectWorkflowAzure({ cloud: az.profilePath, subscriptionId: az.profile.subscriptionId, dataDir });
}, 120_000);

describe('the workflow engine end to end', () => {
  it('imports two drives, shows Completed with the copy logs, verifies every blob, and restores from the cloud byte for byte', async () => {
    const p = await prepare('loop-good');
    await createAndShip(p, `GOOD${Date.now()}`);
    const received = await az.receive(p.job, p.drives);
    expect([received.state, received.endsAs]).toEqual(['Received', 'Completed']);
    await az.advanceDays(9);

    const st = await getJobStatus(azure, { jobName: p.job, resourceGroup: az.profile.resourceGroup, withLogs: true });
    expect(st).toMatchObject({ state: 'Completed', outcome: 'succeeded', terminal: true, percentComplete: 100 });
    expect(st.returnTrackingNumber).toBeTruthy();
    for (const d of st.drives) {
      expect(d.state).toBe('ShippedBack');
      expect(d.copyStatus).toBe('Completed');
      expect(d.log?.status).toBe('Completed');
      expect(d.log?.blobs.length).toBeGreaterThan(0);
      expect(d.log?.blobs.every((b) => b.status === 'Completed')).toBe(true);
    }
    expect(statusLines(st, 'en').join('\n')).toContain('the data was imported without errors');

    const s = (await readSession(p.staging))!;
    const manifests = await loadManifests(azure, p.staging, s.workflow!.jobs!);
    expect(s.workflow!.jobs![0]!.verifiedAt).toBeUndefined();
    // Verified through the wizard's request: the use case records when, as the command line's verify does.
    const rt = createRuntime({ shell: 'host', language: 'en', startLocalAzure: localAzureStarter, openExternal: async () => undefined, dataDir, emit: () => undefined });
    const verified = await rt.handle('workflow.verify', { stagingDir: p.staging });
    if (!verified.ok) throw new Error(verified.error.message);
    const report = verified.result as Awaited<ReturnType<typeof verifyContainer>>;
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.matched).toBe(manifests.length);
    const verifiedAt = (await readSession(p.staging))!.workflow!.jobs![0]!.verifiedAt;
    expect(Date.now() - Date.parse(verifiedAt!)).toBeLessThan(60_000);

    const restored = path.join(root, 'loop-good', 'restored');
    const source = await cloudPackSource({ dataDir, lang: 'en' }, p.staging);
    expect(source.where).toBe(`${az.profile.storageAccount.name}/${p.container}`);
    await restoreStaging(source, restored, createJobContext('restore'));
    expect(await compareTrees(p.source, path.join(restored, 'source'))).toEqual([]);

    // The same through the wizard's request: a job whose end arrives as an event.
    const ended = new Promise<unknown>((resolve) => {
      const rt = createRuntime({ shell: 'host', language: 'en', startLocalAzure: localAzureStarter, openExternal: async () => undefined, dataDir, emit: (name, payload) => name === 'job.end' && resolve(payload) });
      void rt.handle('workflow.restoreFromCloud', { stagingDir: p.staging, toDir: path.join(root, 'loop-good', 'restored-by-page') }).then((r) => expect(r.ok).toBe(true));
    });
    expect(await ended).toMatchObject({ kind: 'restore', outcome: 'succeeded' });
    expect(await compareTrees(p.source, path.join(root, 'loop-good', 'restored-by-page', 'source'))).toEqual([]);
  }, 180_000);

  it('ends a drive whose manifest changed after preparation in ManifestCorrupted, and verify names its blobs', async () => {
    const p = await prepare('loop-tampered');
    await createAndShip(p, `TAMP${Date.now()}`);
    const manifest = path.join(p.drives[1]!, 'DriveManifest.xml');
    const xml = await fs.readFile(manifest, 'utf8');
    await fs.writeFile(manifest, xml.replace(/Hash="([0-9A-F])/, (_m, c: string) => `Hash="${c === '0' ? '1' : '0'}`));
    const received = await az.receive(p.job, p.drives);
    expect([received.state, received.endsAs]).toEqual(['Received', 'Closed']);

    // A week after receipt every drive is processed: the bad one shows CompletedMoreInfo while the job is Packaging.
    await az.advanceDays(7);
    const packaging = await getJobStatus(azure, { jobName: p.job, resourceGroup: az.profile.resourceGroup });
    expect(packaging).toMatchObject({ state: 'Packaging', outcome: 'pending', terminal: false });
    expect(packaging.drives.filter((d) => d.state === 'CompletedMoreInfo')).toHaveLength(1);
    await az.advanceDays(2);
    const st = await getJobStatus(azure, { jobName: p.job, resourceGroup: az.profile.resourceGroup, withLogs: true });
    expect(st).toMatchObject({ state: 'Closed', outcome: 'failed' });
    const bad = st.drives.find((d) => d.copyStatus !== 'Completed')!;
    expect(bad.state).toBe('ShippedBack');
    expect(bad.log?.status).toBe('ManifestCorrupted');
    const text = statusLines(st, 'en').join('\n');
    expect(text).toContain('Closed');
    expect(text).toContain('ManifestCorrupted — The drive manifest does not match the job');

    const s = (await readSession(p.staging))!;
    const manifests = await loadManifests(azure, p.staging, s.workflow!.jobs!);
    const report = await verifyContainer(azure, { container: p.container, account: 'x', manifests, stagingDir: p.staging });
    expect(report.ok).toBe(false);
    const badBlobs = manifests.filter((m) => m.driveId === bad.driveId).map((m) => m.blobPath.replace(`${p.container}/`, ''));
    expect(report.problems.map((x) => x.blobPath).sort()).toEqual(badBlobs.sort());
    expect(report.problems.every((x) => x.kind === 'missing' && x.driveId === bad.driveId)).toBe(true);
    expect(verifyLines(report, 'en').join('\n')).toContain(`: missing (drive ${bad.driveId})`);
  }, 180_000);

  it('watches a job with backoff until the datacenter finishes it', async () => {
    const p = await prepare('loop-watch');
    await createAndShip(p, `WATCH${Date.now()}`);
    const seen: Array<{ state: string; next: number | null }> = [];
    const waits: number[] = [];
    let received = false;
    const last: JobStatus = await watchJob(azure, {
      jobName: p.job,
      resourceGroup: az.profile.resourceGroup,
      minMs: 5000,
      maxMs: 40_000,
      onUpdate: (v, next) => seen.push({ state: v.state, next }),
      // No real waiting: the wait is where the carrier and the datacenter do their part, after two quiet polls.
      sleep: async (ms) => {
        waits.push(ms);
        if (waits.length === 3 && !received) {
          received = true;
          await az.receive(p.job, p.drives);
          await az.advanceDays(9);
        }
      },
    });
    expect(last.state).toBe('Completed');
    expect(seen.map((x) => x.state)).toEqual(['Shipping', 'Shipping', 'Shipping', 'Completed']);
    expect(waits).toEqual([5000, 10_000, 20_000]);
    expect(seen.at(-1)!.next).toBeNull();
  }, 180_000);
});
