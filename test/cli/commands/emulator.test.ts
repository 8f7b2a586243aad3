import { afterAll, describe, expect, it } from 'vitest';
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { localCloudProfileSchema } from '../../../src/shared/cloud';
import { buildDriveManifestXml, toManifestFilePath } from '../../../src/core/formats/driveManifest';
import { generateRecoveryPassword, writeBitLockerMarker } from '../../../src/core/drives/emulatedBitLocker';
import { httpsRequest, operatorToken, registerProvider } from '../../helpers/localAzure';

const run = promisify(execFile);
const bin = path.resolve('bin/offline-seed');
let dir = '';
let child: ChildProcess | undefined;

afterAll(async () => {
  if (child && child.exitCode === null) {
    child.kill('SIGKILL');
    await new Promise((r) => child!.once('exit', r));
  }
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function cli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const r = await run(process.execPath, [bin, ...args], { env: { ...process.env, OFFLINE_SEED_CLOUD: '', OFFLINE_SEED_DATA_DIR: path.join(dir, 'no-data'), ...env } });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const x = e as { code: number; stdout: string; stderr: string };
    return { code: x.code, stdout: x.stdout, stderr: x.stderr };
  }
}

const portOpen = (port: number) =>
  new Promise<boolean>((resolve) => {
    const s = net.connect(port, '127.0.0.1', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });

describe('offline-seed emulator', () => {
  it('starts, answers advance and receive through the control endpoint, and stops on SIGTERM with Azurite', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'offline-seed-emucli-'));
    // Where the wizard keeps its rehearsal: the data folder's local-azure.
    const state = path.join(dir, 'data', 'local-azure');
    child = spawn(process.execPath, [bin, 'emulator', 'start', '--state', state], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    const profileFile = path.join(state, 'cloud.json');
    for (let i = 0; i < 300 && !out.includes('Ctrl+C'); i++) await new Promise((r) => setTimeout(r, 100));
    expect(out).toContain(`Profile: ${profileFile}`);
    expect(existsSync(profileFile)).toBe(true);
    const profile = JSON.parse(await readFile(profileFile, 'utf8')) as { storageAccount: { blobEndpoint: string } };

    const adv = await cli(['emulator', 'advance', '--days', '15', '--state', state]);
    expect(adv.code).toBe(0);
    const shown = /reads (\S+)\./.exec(adv.stdout)![1]!;
    expect(Date.parse(shown) - Date.now()).toBeGreaterThan(14.9 * 24 * 3600e3);

    const bad = await cli(['--cloud', profileFile, 'emulator', 'advance', '--days', 'many']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--days N');

    const noJob = await cli(['--cloud', profileFile, '--lang', 'de', 'emulator', 'receive', '--job', 'nojob', '--drive', dir]);
    expect(noJob.code).toBe(1);
    expect(noJob.stderr).toContain('keinen Importauftrag namens nojob');

    // A prepared drive received through the command: exit 0 and the job to end Completed; a tampered one: exit 1.
    const cloud = localCloudProfileSchema.parse(profile);
    const token = await operatorToken(cloud, 'https://management.azure.com/.default');
    const armCall = (method: string, p: string, body?: unknown) =>
      httpsRequest(cloud.caCertificate, `${cloud.endpoints.resourceManager}${p}?api-version=2021-01-01`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    await registerProvider(cloud, token);
    for (const [job, tamper] of [['cli-good', false], ['cli-bad', true]] as const) {
      const root = path.join(dir, job);
      await mkdir(path.join(root, 's'), { recursive: true });
      const data = Buffer.from(`contents of ${job}`);
      await writeFile(path.join(root, 's', 'f.bin'), data);
      const md5 = (b: Buffer) => createHash('md5').update(b).digest('hex').toUpperCase();
      const xml = Buffer.from(buildDriveManifestXml({ driveId: `D-${job}`, blobs: [{ blobPath: `${job}/f.bin`, filePath: toManifestFilePath('s/f.bin'), length: data.length, blocks: [{ offset: 0, length: data.length, md5: md5(data) }] }] }));
      await writeFile(path.join(root, 'DriveManifest.xml'), xml);
      const key = generateRecoveryPassword();
      await writeBitLockerMarker(root, `D-${job}`, key);
      if (tamper) await writeFile(path.join(root, 's', 'f.bin'), Buffer.from(`CONTENTS OF ${job}`));
      const jp = `/subscriptions/${cloud.subscriptionId}/resourceGroups/${cloud.resourceGroup}/providers/Microsoft.ImportExport/jobs/${job}`;
      const returnAddress = { recipientName: 'Ops', streetAddress1: 'Main St 1', city: 'Leeds', postalCode: 'LS1', countryOrRegion: 'United Kingdom', phone: '+441130000000', email: 'ops@example.com' };
      expect((await armCall('PUT', jp, { location: 'uksouth', properties: { storageAccountId: cloud.storageAccount.id, jobType: 'Import', returnAddress, driveList: [{ driveId: `D-${job}`, bitLockerKey: key, manifestFile: '\\DriveManifest.xml', manifestHash: md5(xml) }] } })).status).toBe(201);
      expect((await armCall('PATCH', jp, { properties: { state: 'Shipping', deliveryPackage: { carrierName: 'DHL', trackingNumber: `T-${job}` } } })).status).toBe(200);
      const r = await cli(['--cloud', profileFile, 'emulator', 'receive', '--job', job, '--drive', `dir:${root}`]);
      expect(r.code, r.stderr).toBe(tamper ? 1 : 0);
      expect(r.stdout).toContain(tamper ? `Some drives or blobs of job ${job} had errors, so the job will end Closed` : `The datacenter imported every drive of job ${job} without errors.`);
      expect(r.stdout).toContain(`Import job ${job} is Received; on the local Azure's clock it moves to Transferring on`);
      expect(r.stdout).toContain('(offline-seed emulator advance --days 9 gets there now)');
      // Copy-log statuses as offline-seed status shows them: the API's code and its meaning.
      expect(r.stdout).toContain(tamper ? `  Copy log of drive D-${job}: CompletedWithErrors — The drive was processed, but some blobs failed.` : `  Copy log of drive D-${job}: Completed — The drive was processed without errors.`);
      if (tamper) expect(r.stdout).toContain(`  ${job}/f.bin: CompletedWithErrors (imported with errors)`);
    }
    // In another language the states are named in it, with the API's spelling beside them (as offline-seed status does).
    const received = await cli(['--cloud', profileFile, '--lang', 'fr', 'emulator', 'receive', '--job', 'cli-good', '--drive', `dir:${path.join(dir, 'cli-good')}`]);
    expect(received.code).toBe(1);
    expect(received.stderr).toContain('Le travail cli-good est à l’état Reçu (API : Received), et les disques ne sont traités que pour un travail à l’état Expédition (API : Shipping).');
    // The datacenter's days pass with advance, which names every job that moved.
    const processed = await cli(['--lang', 'de', 'emulator', 'advance', '--days', '9', '--state', state]);
    expect(processed.code, processed.stderr).toBe(0);
    expect(processed.stdout).toContain('Importauftrag cli-good: Empfangen (API: Received) → Abgeschlossen (API: Completed).');
    expect(processed.stdout).toContain('Importauftrag cli-bad: Empfangen (API: Received) → Geschlossen (API: Closed).');

    const noProfile = await cli(['emulator', 'advance', '--days', '1']);
    expect(noProfile.code).toBe(2);
    // The wizard's rehearsal is found from the data folder alone.
    const fromDataDir = await cli(['emulator', 'advance', '--days', '1'], { OFFLINE_SEED_DATA_DIR: path.join(dir, 'data') });
    expect(fromDataDir.code, fromDataDir.stderr).toBe(0);
    expect(fromDataDir.stdout).toMatch(/reads \S+\./);

    const blobPort = Number(new URL(profile.storageAccount.blobEndpoint).port);
    expect(await portOpen(blobPort)).toBe(true);
    const exited = new Promise<number | null>((r) => child!.once('exit', (code) => r(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(out).toContain('The local Azure has stopped.');
    expect(await portOpen(blobPort)).toBe(false);
  }, 90_000);
});
