/**
 * The whole loop through the command line against the local Azure: stage, diskprep onto three `dir:` volumes
 * (small packs, so it spans), the import job, shipping, the datacenter's import, status, verify and the
 * restore from the cloud; then a drive whose manifest was tampered with, seen in status and named by verify.
 */

import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { test } from '../helpers/fixtures';
import type { LocalAzure } from '../helpers/localAzure';
import { sampleShippingDetails, shippingFlags } from '../helpers/shipping';
import { compareTrees, makeSampleTree, spanningVolumeBytes } from '../../src/cli/demoTree';
import { runCommand } from '../helpers/command';

let az: LocalAzure;
let root: string;
let env: NodeJS.ProcessEnv;
const bin = path.resolve('bin/offline-seed');
const mounted: string[] = [];
const isRoot = process.getuid?.() === 0;

/** A small tmpfs volume (root only), so the staged copy has to span drives: a dir: volume's capacity is its free space. */
function mountSmall(dir: string, bytes: number): void {
  if (!isRoot) return;
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${bytes},mode=0755`, 'os-workflow-test', dir]);
  mounted.push(dir);
}

// cwd is the test's own folder: certgen writes OfflineApplicationParams.xml into the current folder.
// Under umask 000, the most permissive an operator's shell can have: folders holding secrets must still be 0700.
const cli = (args: string[], extraEnv: NodeJS.ProcessEnv = {}) =>
  runCommand('/bin/sh', ['-c', 'umask 000 && exec "$0" "$@"', process.execPath, bin, ...args], { env: { ...env, ...extraEnv }, cwd: root });

async function ok(args: string[]) {
  const r = await cli(args);
  expect(r.code, `${args.join(' ')}\n${r.stderr}\n${r.stdout}`).toBe(0);
  return r;
}

/** Days this file moved the local Azure's clock on: a job created since then was created that much later than today. */
let advancedDays = 0;
const shipDay = () => new Date(Date.now() + advancedDays * 86_400_000).toISOString().slice(0, 10);
const shipFlags = (trackingNumber: string, driveCount: number) => [...shippingFlags(sampleShippingDetails({ trackingNumber, driveCount, shipDate: shipDay() })), '--yes'];

function shippableSizes(dir: string): number[] {
  const out: number[] = [];
  for (const sub of ['packs', 'index']) {
    for (const f of readdirSync(path.join(dir, sub), { withFileTypes: true })) if (f.isFile()) out.push(statSync(path.join(dir, sub, f.name)).size);
  }
  return out;
}

/** The drive folders diskprep filled (they hold a drive manifest). */
const filled = (drives: string[]) => drives.filter((d) => existsSync(path.join(d, 'DriveManifest.xml')));

interface Prepared {
  staging: string;
  source: string;
  drives: string[];
  job: string;
}

async function stageAndPrepare(name: string, container: string): Promise<Prepared> {
  const base = path.join(root, name);
  const source = path.join(base, 'source');
  await makeSampleTree(source, 6 * 1024 * 1024);
  const staging = path.join(base, 'staging');
  await ok([
    'stage', '--source', source, `s:${staging}`, '--job', name, '--subscription', az.profile.subscriptionId,
    '--resource-group', az.profile.resourceGroup, '--storage-account', az.profile.storageAccount.name, '--container', container, '--pack-size', '1MiB',
  ]);
  const drives = [1, 2, 3].map((i) => path.join(base, `drive${i}`));
  const volume = spanningVolumeBytes(shippableSizes(staging));
  for (const d of drives) {
    mkdirSync(d, { recursive: true });
    mountSmall(d, volume);
  }
  return { staging, source, drives, job: name };
}

test.beforeAll(async ({ localAzure, tmp }) => {
  az = localAzure;
  root = tmp;
  env = { ...process.env, OFFLINE_SEED_CLOUD: az.profilePath, OFFLINE_SEED_DATA_DIR: path.join(root, 'data'), LANG: 'C', LC_ALL: '', OFFLINE_SEED_LANG: '' };
  const cert = await cli(['certgen', 'CreateNewApplication', `SubscriptionId:${az.profile.subscriptionId}`]);
  expect(cert.code, cert.stderr).toBe(0);
}, 180_000);

afterAll(async () => {
  for (const d of mounted.splice(0)) execFileSync('umount', [d]);
});

describe('the workflow through the command line', () => {
  it('goes from staging to a byte-for-byte restore from the cloud', async () => {
    const p = await stageAndPrepare('loop-ok', 'loop-ok');
    const prep = await ok(['diskprep', `s:${p.staging}`, ...p.drives.flatMap((d) => ['--drive', `dir:${d}`]), '--yes']);
    expect(prep.stdout).toContain(`Import job ${p.job} created`);
    expect(prep.stdout).toMatch(/Carriers accepted by this datacenter: \w+/);
    const used = filled(p.drives);
    if (isRoot) expect(used.length).toBeGreaterThanOrEqual(2);
    // Secrets under umask 000: the data folder, its keys, and journals/ (the drives' BitLocker keys) owner-only.
    const mode = (f: string) => (statSync(f).mode & 0o777).toString(8);
    expect(mode(env.OFFLINE_SEED_DATA_DIR!)).toBe('700');
    expect(mode(path.join(env.OFFLINE_SEED_DATA_DIR!, 'certificates'))).toBe('700');
    expect(mode(path.join(p.staging, 'journals'))).toBe('700');
    const keyed = readdirSync(path.join(p.staging, 'journals')).filter((f) => /\.jrn$|_DriveInfo_/.test(f));
    expect(keyed.length).toBeGreaterThan(0);
    for (const f of keyed) expect({ f, mode: mode(path.join(p.staging, 'journals', f)) }).toEqual({ f, mode: '600' });

    const st = JSON.parse((await ok(['--json', 'status', `s:${p.staging}`])).stdout) as { jobs: Array<{ state: string; drives: unknown[]; deadline: { status: string } }> };
    expect(st.jobs[0]).toMatchObject({ state: 'Creating', deadline: { status: 'ok' } });
    expect(st.jobs[0]!.drives).toHaveLength(used.length);

    const ship = await ok(['diskprep', 'u:', `s:${p.staging}`, ...shipFlags(`LOOP${Date.now()}`, used.length)]);
    expect(ship.stdout).toContain(path.join(p.staging, 'shipping', `${p.job}.json`));
    expect(existsSync(path.join(p.staging, 'shipping', `${p.job}-packing-slip.pdf`))).toBe(true);

    await az.receive(p.job, used);
    // The datacenter's days pass on the local Azure's clock: Received, Transferring, Packaging, then Completed.
    await az.advanceDays(9);
    advancedDays += 9;
    const done = JSON.parse((await ok(['--json', 'status', `s:${p.staging}`])).stdout) as { jobs: Array<{ state: string; percentComplete: number }> };
    expect(done.jobs[0]).toMatchObject({ state: 'Completed', percentComplete: 100 });
    const text = (await ok(['status', `s:${p.staging}`])).stdout;
    expect(text).toContain('the data was imported without errors');

    const verify = await ok(['verify', `s:${p.staging}`]);
    expect(verify.stdout).toMatch(/All \d+ blobs in container loop-ok match the manifests/);
    const jobs = (JSON.parse(readFileSync(path.join(p.staging, 'offline-seed.json'), 'utf8')) as { workflow: { jobs: Array<{ verifiedAt?: string }> } }).workflow.jobs;
    expect(jobs.every((j) => Date.now() - Date.parse(j.verifiedAt ?? '') < 120_000)).toBe(true);

    const restored = path.join(root, 'loop-ok', 'restored');
    await ok(['restore', '--from', 'cloud', `s:${p.staging}`, '--to', restored]);
    expect(await compareTrees(p.source, path.join(restored, path.basename(p.source)))).toEqual([]);
  }, 240_000);

  // Needs two drives, which only small tmpfs volumes (root) guarantee.
  it('shows the documented error for a drive whose manifest was tampered with, and verify names its blobs', { tags: 'root', timeout: 240_000 }, async () => {
    const p = await stageAndPrepare('loop-tampered', 'loop-tampered');
    await ok(['diskprep', `s:${p.staging}`, ...p.drives.flatMap((d) => ['--drive', `dir:${d}`]), '--yes']);
    const used = filled(p.drives);
    expect(used.length).toBeGreaterThanOrEqual(2);
    await ok(['diskprep', 'u:', `s:${p.staging}`, ...shipFlags(`TAMP${Date.now()}`, used.length)]);
    const manifest = path.join(used[1]!, 'DriveManifest.xml');
    const xml = readFileSync(manifest, 'utf8');
    writeFileSync(manifest, xml.replace(/Hash="([0-9A-F])/i, (_m, c: string) => `Hash="${c === '0' ? '1' : '0'}`));
    await az.receive(p.job, used);
    await az.advanceDays(9);
    advancedDays += 9;

    const st = JSON.parse((await cli(['--json', 'status', `s:${p.staging}`])).stdout) as {
      jobs: Array<{ state: string; drives: Array<{ state: string; copyStatus?: string; log?: { status: string } }> }>;
    };
    expect(st.jobs[0]!.state).toBe('Closed');
    // Shipped back whatever happened; the copy status and the copy log tell which drive had the error.
    const bad = st.jobs[0]!.drives.find((d) => d.copyStatus !== 'Completed');
    expect(bad?.state).toBe('ShippedBack');
    expect(bad?.log?.status).toBe('ManifestCorrupted');
    const text = await cli(['status', `s:${p.staging}`]);
    expect(text.stdout).toContain('The drive manifest does not match the job');

    const verify = await cli(['verify', `s:${p.staging}`]);
    expect(verify.code).toBe(1);
    expect(verify.stdout).toMatch(/: missing \(drive /);
    expect(verify.stderr).toMatch(/does? not match the manifests/);
  });
});
