/**
 * A staging location the backup agent wrote, shipped as it is, through the command line against the local Azure:
 * `diskprep` with the job's flags and `p:` over two small drives, `diskprep u:`, the local datacenter, `status` until
 * Completed, `verify`; the staging location unchanged and every file a blob of the same bytes (the VHD a page blob);
 * the manifests checked against the documented format by xmllint with a hand-written schema. Then the same from a
 * read-only bind mount, and a run killed with SIGKILL in the middle of the copy and run again.
 *
 * The drives are NTFS loop devices that diskprep formats itself (emulated BitLocker, as on every Linux rehearsal),
 * small enough that the copy must span two of them. Needs root: loop devices, ntfs-3g and the read-only bind mount.
 * @module-tag root
 */

import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { XMLParser } from 'fast-xml-parser';
import { localBlobService, startLocalAzure, type LocalAzure } from '../helpers/localAzure';
import { LoopDrives } from '../core/copy/loopDrives';
import { makeAgentStaging, snapshotTree, type AgentStagingTree } from '../helpers/agentStaging';
import { manifestProblems } from '../helpers/manifestCheck';
import { startCommand } from '../helpers/command';

const MiB = 1024 * 1024;
let az: LocalAzure;
let root: string;
let env: NodeJS.ProcessEnv;
let publishSettings: string;
let tree: AgentStagingTree;
const bin = path.resolve('bin/offline-seed');
const mounted: string[] = [];
let loops: LoopDrives;

const cli = (args: string[], extraEnv: NodeJS.ProcessEnv = {}) => startCommand(process.execPath, [bin, ...args], { env: { ...env, ...extraEnv }, cwd: root });

async function ok(args: string[], extraEnv: NodeJS.ProcessEnv = {}) {
  const r = await cli(args, extraEnv).done;
  expect(r.code, `${args.join(' ')}\n${r.stderr}\n${r.stdout}`).toBe(0);
  return r;
}

/** Mount points of `device` now (diskprep leaves a drive it found mounted as it was). */
function mountsOf(device: string): string[] {
  return readFileSync('/proc/self/mounts', 'utf8')
    .split('\n')
    .filter((l) => l.startsWith(`${device} `))
    .map((l) => l.split(' ')[1]!.replace(/\\040/g, ' '));
}

/** Two blank loop devices of `mib` MiB: diskprep formats them; together they hold the staging location, one alone does not. */
async function twoDrives(mib: number): Promise<string[]> {
  return [(await loops.add(mib, { format: false })).device, (await loops.add(mib, { format: false })).device];
}

/** The drives as the datacenter sees them: each NTFS volume mounted (ntfs-3g), where it already is or at a new folder. */
function driveRoots(devices: string[]): string[] {
  return devices.map((dev) => {
    const at = mountsOf(dev)[0];
    if (at) return at;
    const dir = path.join(root, 'look', path.basename(dev));
    mkdirSync(dir, { recursive: true });
    execFileSync('ntfs-3g', [dev, dir]);
    mounted.push(dir);
    return dir;
  });
}

/** `src` seen read-only at `dst` (a bind mount remounted ro: not even root may write through it). */
function readOnlyView(src: string, dst: string): string {
  mkdirSync(dst, { recursive: true });
  execFileSync('mount', ['--bind', src, dst]);
  mounted.push(dst);
  execFileSync('mount', ['-o', 'remount,ro,bind', dst]);
  return dst;
}

/** Days this file moved the local Azure's clock on: a job created since then was created that much later than today. */
let advancedDays = 0;
const shipDay = () => new Date(Date.now() + advancedDays * 86_400_000).toISOString().slice(0, 10);
const shippingFlags = (tracking: string, driveCount: number) => [
  '--carrier', 'FedEx', '--tracking', tracking, '--ship-date', shipDay(), '--drive-count', String(driveCount),
  '--return-name', 'Contoso Backup', '--return-street', '1 Microsoft Way', '--return-city', 'Redmond', '--return-state', 'WA',
  '--return-postal-code', '98052', '--return-country', 'USA', '--return-phone', '+1 425 555 0100', '--return-email', 'backup@contoso.com',
  '--return-carrier', 'FedEx', '--return-account', '123456789', '--yes',
];

const identity = (job: string, container: string) => ['--job', job, '--resource-group', az.profile.resourceGroup, '--storage-account', az.profile.storageAccount.name, '--container', container];

interface ManifestView {
  driveId: string;
  blobs: Array<{ blobPath: string; filePath: string; length: number; disposition: string; pages: boolean; ranges: string[] }>;
}
const manifestParser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', parseTagValue: false, isArray: (n) => ['Blob', 'Block', 'PageRange'].includes(n) });
function readManifest(drive: string): ManifestView {
  const d = (manifestParser.parse(readFileSync(path.join(drive, 'DriveManifest.xml'), 'utf8')) as { DriveManifest: { Drive: Record<string, unknown> } }).DriveManifest.Drive;
  const blobs = ((d.BlobList as { Blob?: Array<Record<string, unknown>> }).Blob ?? []).map((b) => {
    const pages = b.PageRangeList !== undefined;
    const list = (pages ? b.PageRangeList : b.BlockList) as Record<string, Array<Record<string, string>>> | string;
    const ranges = typeof list === 'object' ? (list[pages ? 'PageRange' : 'Block'] ?? []) : [];
    return { blobPath: String(b.BlobPath), filePath: String(b.FilePath), length: Number(b.Length), disposition: String(b.ImportDisposition), pages, ranges: ranges.map((r) => `${r.Offset}:${r.Length}:${r.Hash}`) };
  });
  return { driveId: String(d.DriveId), blobs };
}

/** Job state through `status --json`, moving the local Azure's clock on while it is not final. */
async function statusUntilDone(staging: string): Promise<{ state: string; drives: Array<{ state: string }> }> {
  for (let i = 0; i < 10; i++) {
    const st = JSON.parse((await ok(['--json', 'status', `s:${staging}`])).stdout) as { jobs: Array<{ state: string; drives: Array<{ state: string }> }> };
    if (['Completed', 'Closed'].includes(st.jobs[0]!.state)) return st.jobs[0]!;
    await az.advanceDays(2);
    advancedDays += 2;
  }
  throw new Error('the job did not finish');
}

beforeAll(async () => {
  az = await startLocalAzure();
  root = mkdtempSync(path.join(os.tmpdir(), 'os-agent-'));
  env = { ...process.env, OFFLINE_SEED_CLOUD: az.profilePath, OFFLINE_SEED_DATA_DIR: path.join(root, 'data'), LANG: 'C', LC_ALL: '', OFFLINE_SEED_LANG: '' };
  publishSettings = path.join(root, 'contoso.publishsettings');
  writeFileSync(
    publishSettings,
    `<?xml version="1.0" encoding="utf-8"?>\n<PublishData><PublishProfile SchemaVersion="2.0" PublishMethod="AzureServiceManagementAPI"><Subscription ServiceManagementUrl="https://management.core.windows.net" Id="${az.profile.subscriptionId}" Name="Contoso Backup" ManagementCertificate="MIIKPAIBAzCCCfwGCSqGSIb3DQEHAaCCCe0Eggn" /></PublishProfile></PublishData>\n`,
  );
  tree = await makeAgentStaging(path.join(root, 'agent-staging'));
  loops = await LoopDrives.create();
  const cert = await cli(['certgen', 'CreateNewApplication', `SubscriptionId:${az.profile.subscriptionId}`]).done;
  expect(cert.code, cert.stderr).toBe(0);
}, 180_000);

afterAll(async () => {
  await az?.stop();
  for (const d of mounted.splice(0).reverse()) execFileSync('umount', [d]);
  // Drives diskprep left mounted (a resumed run keeps the mount it found) come off before the loop devices go.
  for (const l of loops?.drives ?? []) for (const m of mountsOf(l.device)) execFileSync('umount', [m]);
  await loops?.cleanup();
  if (root) rmSync(root, { recursive: true, force: true });
});

/**
 * Everything after the drives are ready: shipping, the datacenter, status until Completed, verify; then every file
 * of the staging location is a blob of the same bytes under `<container>/<prefix>`, the VHD a page blob.
 */
async function shipImportVerify(staging: string, job: string, container: string, prefix: string, drives: string[]) {
  await ok(['diskprep', 'u:', `s:${staging}`, `p:${publishSettings}`, ...shippingFlags(`AG${Date.now()}`, drives.length)]);
  await az.receive(job, drives);
  const done = await statusUntilDone(staging);
  expect(done.state).toBe('Completed');
  const verify = await ok(['verify', `s:${staging}`]);
  expect(verify.stdout).toMatch(new RegExp(`All ${tree.files.length} blobs in container ${container} match the manifests`));

  const c = (await localBlobService(az)).getContainerClient(container);
  const names: string[] = [];
  for await (const b of c.listBlobsFlat({ prefix })) names.push(b.name);
  expect(names.sort()).toEqual(tree.files.map((f) => prefix + f).sort());
  for (const rel of tree.files) {
    const blob = c.getBlobClient(prefix + rel);
    const props = await blob.getProperties();
    expect(props.blobType, rel).toBe(rel === tree.vhd ? 'PageBlob' : 'BlockBlob');
    const bytes = readFileSync(path.join(tree.root, ...rel.split('/')));
    expect(props.contentLength, rel).toBe(bytes.length);
    if (bytes.length > 0) expect((await blob.downloadToBuffer()).equals(bytes), rel).toBe(true);
  }
}

/** The read-only run's drives, mounted: the kill test compares its resumed manifests with them. */
let roRoots: string[] = [];

describe('a staging location the backup agent wrote, through the command line', () => {
  it('ships it as it is over two drives, imports it and verifies every blob; the staging location is unchanged', { timeout: 600_000 }, async () => {
    const before = await snapshotTree(tree.root);
    const job = 'agent-seed';
    const devices = await twoDrives(24);
    // The subscription and cloud come from p:; the rest of the job's identity from the flags stage uses.
    const prep = await ok(['diskprep', `s:${tree.root}`, `p:${publishSettings}`, ...identity(job, 'agent-seed'), ...devices.flatMap((d) => ['--drive', d]), '--yes']);
    expect(prep.stdout).toContain('was written by the backup agent');
    expect(prep.stdout).toMatch(new RegExp(`As is to agent-seed/agent-seed/: ${tree.files.length} files \\(.+\\), import disposition rename`));
    expect(prep.stdout).toContain('1 of them, a fixed VHD, goes as a page blob');
    expect(prep.stdout).toContain(`Import job ${job} created`);
    const drives = driveRoots(devices);
    expect(drives.every((d) => existsSync(path.join(d, 'DriveManifest.xml')))).toBe(true);

    // The manifests: the documented format (independent check), the VHD as page ranges without its zero pages, every disposition explicit.
    const views = drives.map(readManifest);
    expect(views.every((v) => v.blobs.length > 0)).toBe(true);
    for (const d of drives) expect(manifestProblems(path.join(d, 'DriveManifest.xml'), readFileSync(path.join(d, 'DriveManifest.xml'), 'utf8'))).toEqual([]);
    const all = views.flatMap((v) => v.blobs);
    expect(all.map((b) => b.blobPath).sort()).toEqual(tree.files.map((f) => `agent-seed/${job}/${f}`).sort());
    expect(all.every((b) => b.disposition === 'rename')).toBe(true);
    const vhd = all.find((b) => b.pages)!;
    expect(vhd.blobPath).toBe(`agent-seed/${job}/${tree.vhd}`);
    const covered = vhd.ranges.reduce((n, r) => n + Number(r.split(':')[1]), 0);
    expect(covered).toBeLessThan(vhd.length / 2);
    expect(vhd.ranges.every((r) => Number(r.split(':')[1]) <= 4 * MiB)).toBe(true);

    // The session, journals and DriveInfo files are in the data folder, secrets 0600 in 0700 folders; nothing in the staging location.
    const sessions = path.join(root, 'data', 'staging-locations');
    const [folder] = readdirSync(sessions);
    const journals = path.join(sessions, folder!, 'journals');
    expect(statSync(path.join(sessions, folder!)).mode & 0o777).toBe(0o700);
    expect(statSync(journals).mode & 0o777).toBe(0o700);
    for (const f of readdirSync(journals).filter((n) => n.endsWith('.jrn') || n.includes('_DriveInfo_'))) expect(statSync(path.join(journals, f)).mode & 0o777, f).toBe(0o600);
    expect(await snapshotTree(tree.root)).toEqual(before);

    await shipImportVerify(tree.root, job, 'agent-seed', `${job}/`, drives);
    expect(await snapshotTree(tree.root)).toEqual(before);

    // restore reads Offline Seed's own format only, and says so for this one.
    const restore = await cli(['restore', '--from', 'cloud', `s:${tree.root}`, '--to', path.join(root, 'restored')]).done;
    expect(restore.code).toBe(2);
    expect(restore.stderr).toMatch(/was written by the backup agent.*restore --from cloud only reads Offline Seed's own format/);
  });

  it('ships it from a read-only bind mount just the same', { timeout: 600_000 }, async () => {
    const ro = readOnlyView(tree.root, path.join(root, 'ro-staging'));
    expect(() => writeFileSync(path.join(ro, 'probe'), 'x')).toThrow(/EROFS/);
    const before = await snapshotTree(ro);
    const job = 'agent-ro';
    const devices = await twoDrives(24);
    await ok(['diskprep', `s:${ro}`, '--subscription', az.profile.subscriptionId, ...identity(job, 'agent-ro'), '--blob-prefix', 'dpm/server01/', ...devices.flatMap((d) => ['--drive', d]), '--yes']);
    roRoots = driveRoots(devices);
    for (const d of roRoots) expect(manifestProblems(path.join(d, 'DriveManifest.xml'), readFileSync(path.join(d, 'DriveManifest.xml'), 'utf8'))).toEqual([]);
    await shipImportVerify(ro, job, 'agent-ro', 'dpm/server01/', roRoots);
    expect(await snapshotTree(ro)).toEqual(before);
  });

  it('killed with SIGKILL in the middle of the copy and run again: verified files are not copied again, the result is the same', { timeout: 600_000 }, async () => {
    const job = 'agent-kill';
    const work = path.join(root, 'kill-work');
    const devices = await twoDrives(24);
    const args = ['diskprep', `s:${tree.root}`, '--work-dir', work, '--subscription', az.profile.subscriptionId, ...identity(job, 'agent-kill'), '--blob-prefix', 'agent-ro-twin/', ...devices.flatMap((d) => ['--drive', d]), '--yes'];
    const run = cli(args, { OFFLINE_SEED_TEST_FILE_DELAY_MS: '400' });
    const journalText = () => {
      const dir = path.join(work, 'journals');
      return existsSync(dir) ? readdirSync(dir).filter((n) => n.endsWith('.jrn')).map((n) => readFileSync(path.join(dir, n), 'utf8')).join('\n') : '';
    };
    for (let i = 0; i < 2400 && run.child.exitCode === null; i++) {
      if ((journalText().match(/ActivityId: CopyFile/g) ?? []).length >= 2) {
        run.child.kill('SIGKILL');
        break;
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    const killed = await run.done;
    expect(killed.signal, killed.stderr).toBe('SIGKILL');

    // What the journals say was copied before the kill, and when those files were written on the drives (still
    // mounted where the killed run mounted them: its ntfs-3g outlives it).
    const copiedBefore = [...journalText().matchAll(/ActivityId: CopyFile\nRelativePath: (.*)\n/g)].map((m) => m[1]!);
    expect(copiedBefore.length).toBeGreaterThanOrEqual(2);
    const killedRoots = devices.map((d) => mountsOf(d)[0]).filter((m): m is string => m !== undefined);
    const onDrive = (roots: string[], rel: string) => roots.map((d) => path.join(d, job, ...rel.split('/'))).find((p) => existsSync(p))!;
    const stamps = new Map(copiedBefore.map((rel) => [rel, statSync(onDrive(killedRoots, rel)).mtimeMs]));

    await ok(args);
    const drives = driveRoots(devices);
    for (const [rel, mtime] of stamps) expect(statSync(onDrive(drives, rel)).mtimeMs, rel).toBe(mtime);
    // The same manifests as an uninterrupted run of the same files (the read-only test's, with the same prefix and drive sizes).
    const comparable = (v: ManifestView, container: string) =>
      v.blobs
        .map((b) => ({ ...b, blobPath: b.blobPath.slice(container.length + 1), filePath: b.filePath.split('\\').slice(2).join('\\') }))
        .sort((a, b) => (a.blobPath < b.blobPath ? -1 : 1));
    const resumed = drives.map((d) => comparable(readManifest(d), 'agent-kill'));
    const whole = roRoots.map((d) => comparable(readManifest(d), 'agent-ro'));
    expect(whole.flat().length).toBe(tree.files.length);
    expect(resumed.map((bs) => bs.map((b) => ({ ...b, blobPath: b.blobPath.replace('agent-ro-twin/', 'dpm/server01/') })))).toEqual(whole);
    await shipImportVerify(tree.root, job, 'agent-kill', 'agent-ro-twin/', drives);
  });
});
