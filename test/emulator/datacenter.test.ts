/**
 * The local datacenter receiving drives. Every drive here is written by this test from Microsoft's documented
 * manifest format (or is one of the golden drives in test/fixtures/formats), never by Offline Seed's own drive
 * code: the datacenter is the independent check of that code, which test/core and test/cli run against it.
 */

import { describe, expect, it } from 'vitest';
import { createHash, randomBytes, randomInt } from 'node:crypto';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { test } from '../helpers/fixtures';
import { httpsRequest, operatorToken, registerProvider, type LocalAzure } from '../helpers/localAzure';
import { blobServiceClient } from '../../src/emulator/datacenter';

let azure: LocalAzure;
let token: string;
let work: string;
let tracking = 1000;

const md5 = (b: Buffer) => createHash('md5').update(b).digest('hex').toUpperCase();
const golden = path.resolve('test/fixtures/formats');
const goldenKey = '135795-440011-024442-720885-000077-341000-597531-010989';
const fourMiB = 4 * 1024 * 1024;

/** A recovery password of the documented shape: 8 groups of 6 digits, each a multiple of 11 below 720896. */
const recoveryPassword = () => Array.from({ length: 8 }, () => String(randomInt(0, 65536) * 11).padStart(6, '0')).join('-');

interface TestBlob {
  blobPath: string;
  filePath: string;
  length: number;
  blocks: Array<{ offset: number; length: number; md5: string }>;
}

/** `<DriveManifest Version="2014-11-01">` as Microsoft's manifest format page lays it out. */
function manifestXml(driveId: string, blobs: TestBlob[]): string {
  const blob = (b: TestBlob) =>
    [
      '      <Blob>',
      `        <BlobPath>${b.blobPath}</BlobPath>`,
      `        <FilePath>${b.filePath}</FilePath>`,
      `        <Length>${b.length}</Length>`,
      '        <BlockList>',
      ...b.blocks.map((k) => `          <Block Offset="${k.offset}" Length="${k.length}" Hash="${k.md5}"/>`),
      '        </BlockList>',
      '      </Blob>',
    ].join('\n');
  return ['<?xml version="1.0" encoding="UTF-8"?>', '<DriveManifest Version="2014-11-01">', '  <Drive>', `    <DriveId>${driveId}</DriveId>`, '    <BlobList>', ...blobs.map(blob), '    </BlobList>', '  </Drive>', '</DriveManifest>', ''].join('\n');
}

/** Offline Seed's BitLocker stand-in: `{driveId, keyCheck: hex SHA-256 of "<driveId>:<key>"}` at the drive root. */
async function writeMarker(root: string, driveId: string, key: string): Promise<void> {
  const keyCheck = createHash('sha256').update(`${driveId}:${key}`, 'utf8').digest('hex');
  await writeFile(path.join(root, 'OfflineSeedBitLocker.json'), JSON.stringify({ driveId, keyCheck }));
}

const logParser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', parseTagValue: false, isArray: (n) => n === 'Blob' || n === 'Block' || n === 'PageRange' });
interface LogView {
  driveId: string;
  status: string;
  blobs: Array<{ blobPath: string; status: string; disposition: [string, string] | null; ranges: Array<Record<string, string>> }>;
}
/** The parts of a `<DriveLog>` these tests look at. */
function readLogXml(xml: string): LogView {
  const log = (logParser.parse(xml) as { DriveLog: Record<string, unknown> }).DriveLog;
  const blobs = ((log.Blob as Array<Record<string, unknown>> | undefined) ?? []).map((b) => {
    const list = (b.BlockList ?? b.PageRangeList) as Record<string, unknown> | undefined;
    const ranges = ((list?.Block ?? list?.PageRange) as Array<Record<string, string>> | undefined) ?? [];
    const d = b.ImportDisposition as Record<string, string> | undefined;
    return { blobPath: String(b.BlobPath), status: String(b['@Status']), disposition: d ? ([d['@Status']!, d['#text']!] as [string, string]) : null, ranges };
  });
  return { driveId: String(log.DriveId), status: String(log.Status), blobs };
}

interface PreparedDrive {
  root: string;
  driveId: string;
  key: string;
  manifestHash: string;
  files: Map<string, Buffer>;
}

/** A prepared drive folder: data under a session folder, `\\DriveManifest.xml` with per-block (≤ 4 MiB) MD5s, the marker. */
async function prepareDrive(driveId: string, files: Record<string, number>, container = 'backups'): Promise<PreparedDrive> {
  const root = await mkdtemp(path.join(work, 'drive-'));
  const key = recoveryPassword();
  const manifest = { driveId, blobs: [] as TestBlob[] };
  const contents = new Map<string, Buffer>();
  await mkdir(path.join(root, 'session1'), { recursive: true });
  for (const [name, size] of Object.entries(files)) {
    const data = randomBytes(size);
    contents.set(`${container}/${name}`, data);
    await writeFile(path.join(root, 'session1', name), data);
    const blocks = [];
    for (let off = 0; off < size; off += fourMiB) {
      const len = Math.min(fourMiB, size - off);
      blocks.push({ offset: off, length: len, md5: md5(data.subarray(off, off + len)) });
    }
    manifest.blobs.push({ blobPath: `${container}/${name}`, filePath: `\\session1\\${name}`, length: size, blocks });
  }
  const xml = Buffer.from(manifestXml(driveId, manifest.blobs));
  await writeFile(path.join(root, 'DriveManifest.xml'), xml);
  await writeMarker(root, driveId, key);
  return { root, driveId, key, manifestHash: md5(xml), files: contents };
}

async function arm(method: string, p: string, body?: unknown) {
  return httpsRequest(azure.profile.caCertificate, `${azure.profile.endpoints.resourceManager}${p}?api-version=2021-01-01`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

const jobPath = (name: string) => `/subscriptions/${azure.profile.subscriptionId}/resourceGroups/${azure.profile.resourceGroup}/providers/Microsoft.ImportExport/jobs/${name}`;

/** Creates the job for these drives and sets it to Shipping, as the workflow does. */
async function shippedJob(name: string, drives: Array<Pick<PreparedDrive, 'driveId' | 'key' | 'manifestHash'>>, ship = true) {
  const put = await arm('PUT', jobPath(name), {
    location: 'West Europe',
    properties: {
      storageAccountId: azure.profile.storageAccount.id,
      jobType: 'Import',
      diagnosticsPath: 'waimportexport',
      logLevel: 'Verbose',
      backupDriveManifest: true,
      returnAddress: { recipientName: 'Ops', streetAddress1: 'Main St 1', city: 'Amsterdam', postalCode: '1011AA', countryOrRegion: 'Netherlands', phone: '+31200000000', email: 'ops@example.com' },
      returnShipping: { carrierName: 'DHL', carrierAccountNumber: '12345' },
      driveList: drives.map((d) => ({ driveId: d.driveId, bitLockerKey: d.key, manifestFile: '\\DriveManifest.xml', manifestHash: d.manifestHash })),
    },
  });
  expect(put.status).toBe(201);
  if (ship) {
    const r = await arm('PATCH', jobPath(name), { properties: { state: 'Shipping', deliveryPackage: { carrierName: 'DHL', trackingNumber: `TN${tracking++}`, driveCount: drives.length, shipDate: '2026-11-23' } } });
    expect(r.status).toBe(200);
  }
}

/** A copy of a golden drive (test/fixtures/formats) shipped in job `job` with the golden key, then received. */
async function receiveGolden(folder: string, job: string, driveId: string, manifestHash: string) {
  const root = path.join(work, `${job}-${folder}`);
  await cp(path.join(golden, folder), root, { recursive: true });
  await shippedJob(job, [{ driveId, key: goldenKey, manifestHash }]);
  return { root, result: await azure.receive(job, [root]) };
}

async function account() {
  const keys = (await arm('POST', `${azure.profile.storageAccount.id}/listKeys`)).json() as { keys: Array<{ value: string }> };
  return blobServiceClient(azure.profile.storageAccount.blobEndpoint, azure.profile.storageAccount.name, keys.keys[0]!.value, azure.profile.caCertificate);
}

async function readLog(uri: string) {
  const u = new URL(uri);
  const [, , container, ...rest] = u.pathname.split('/');
  const svc = await account();
  const buf = await svc.getContainerClient(container!).getBlockBlobClient(rest.join('/')).downloadToBuffer();
  return readLogXml(buf.toString('utf8'));
}

test.beforeAll(async ({ localAzure, tmp }) => {
  azure = localAzure;
  token = await operatorToken(azure.profile, 'https://management.azure.com/.default');
  await registerProvider(azure.profile, token);
  work = tmp;
}, 60_000);

describe('the local datacenter', () => {
  it('imports a prepared drive into Azurite block by block with Content-MD5, writes the copy logs and completes the job', async () => {
    const drive = await prepareDrive('WD-GOOD-1', { 'pack-0001.bin': (9 << 20) + 12345, 'index.bin': 777, 'empty.bin': 0 });
    await shippedJob('dc-good', [drive]);
    const result = await azure.receive('dc-good', [drive.root]);
    // The drives are read at once, but the job shows the work only as days pass on the emulator clock.
    expect(result.state).toBe('Received');
    expect(result.endsAs).toBe('Completed');
    expect(result.drives[0]).toMatchObject({ driveId: 'WD-GOOD-1', state: 'Completed', status: 'Completed', bytesSucceeded: (9 << 20) + 12345 + 777 });

    const container = (await account()).getContainerClient('backups');
    for (const [blobPath, data] of drive.files) {
      const client = container.getBlockBlobClient(blobPath.slice('backups/'.length));
      const props = await client.getProperties();
      expect(props.contentLength, blobPath).toBe(data.length);
      if (data.length > 0) expect(Buffer.from(props.contentMD5!).toString('hex').toUpperCase(), blobPath).toBe(md5(data));
      expect((await client.downloadToBuffer()).equals(data), blobPath).toBe(true);
    }
    const blocks = await container.getBlockBlobClient('pack-0001.bin').getBlockList('committed');
    expect(blocks.committedBlocks?.map((b) => b.size)).toEqual([4 << 20, 4 << 20, (1 << 20) + 12345]);

    type Shown = { properties: { state: string; percentComplete: number; returnPackage?: { carrierName: string; trackingNumber: string; driveCount: number }; driveList: Array<Record<string, unknown>> } };
    const get = async () => (await arm('GET', jobPath('dc-good'))).json() as Shown;
    let job = await get();
    expect([job.properties.state, job.properties.driveList[0]!.state, job.properties.returnPackage]).toEqual(['Received', 'Received', undefined]);
    await azure.advanceDays(1);
    job = await get();
    expect([job.properties.state, job.properties.driveList[0]!.state, job.properties.driveList[0]!.copyStatus]).toEqual(['Transferring', 'Transferring', 'InProgress']);
    expect(await azure.advanceDays(6)).toContainEqual({ job: 'dc-good', resourceGroup: azure.profile.resourceGroup, from: 'Transferring', to: 'Packaging' });
    job = await get();
    expect([job.properties.state, job.properties.percentComplete, job.properties.driveList[0]!.state]).toEqual(['Packaging', 100, 'Completed']);
    expect(job.properties.returnPackage).toBeUndefined();
    expect(await azure.advanceDays(2)).toContainEqual({ job: 'dc-good', resourceGroup: azure.profile.resourceGroup, from: 'Packaging', to: 'Completed' });
    job = await get();
    expect(job.properties.state).toBe('Completed');
    // The drives come back in the documented return package, with the return carrier.
    expect(job.properties.returnPackage).toMatchObject({ carrierName: 'DHL', driveCount: 1 });
    expect(job.properties.returnPackage!.trackingNumber).toMatch(/^\d+$/);
    const d = job.properties.driveList[0]!;
    expect(d).toMatchObject({ state: 'ShippedBack', copyStatus: 'Completed', percentComplete: 100 });
    // "The error log is always generated in the event of an error": none here.
    expect(d.errorLogUri).toBeUndefined();
    expect(String(d.verboseLogUri)).toMatch(/\/waimportexport\/waies\/dc-good_WD-GOOD-1_\d{8}-\d{6}-\d{3}_verbose\.xml$/);
    const verbose = await readLog(String(d.verboseLogUri));
    expect(verbose).toMatchObject({ driveId: 'WD-GOOD-1', status: 'Completed' });
    expect(verbose.blobs.map((b) => [b.status, b.disposition])).toEqual([
      ['Completed', ['Created', 'rename']],
      ['Completed', ['Created', 'rename']],
      ['Completed', ['Created', 'rename']],
    ]);
    // Blocks the manifest leaves unnamed get the service's Id, "MD5/" and the Base64 of the block's MD5, as staged.
    const pack = verbose.blobs.find((b) => b.blobPath === 'backups/pack-0001.bin')!;
    expect(pack.ranges.map((r) => r['@Id'])).toEqual(pack.ranges.map((r) => `MD5/${Buffer.from(r['@Hash']!, 'hex').toString('base64')}`));
    expect(blocks.committedBlocks?.map((b) => b.name)).toEqual(pack.ranges.map((r) => r['@Id']));
    const manifestBackup = await (await account()).getContainerClient('waimportexport').getBlockBlobClient(new URL(String(d.manifestUri)).pathname.split('/').slice(3).join('/')).downloadToBuffer();
    expect(md5(manifestBackup)).toBe(drive.manifestHash);
  });

  it('closes the job when a data file was changed after preparation: the blob is CompletedWithErrors, its block Corrupted', async () => {
    const drive = await prepareDrive('WD-TAMPER-1', { 'a.bin': 5 << 20, 'b.bin': 1000 }, 'tampered');
    const file = path.join(drive.root, 'session1', 'a.bin');
    const bytes = await readFile(file);
    bytes[(4 << 20) + 10] = bytes[(4 << 20) + 10]! ^ 0xff;
    await writeFile(file, bytes);
    await shippedJob('dc-tampered', [drive]);
    const result = await azure.receive('dc-tampered', [drive.root]);
    expect([result.state, result.endsAs]).toEqual(['Received', 'Closed']);
    expect(result.drives[0]).toMatchObject({ state: 'CompletedMoreInfo', status: 'CompletedWithErrors' });
    expect(result.drives[0]!.blobs.map((b) => [b.blobPath, b.status])).toEqual([
      ['tampered/a.bin', 'CompletedWithErrors'],
      ['tampered/b.bin', 'Completed'],
    ]);
    const log = await readLog(result.drives[0]!.errorLogUri!);
    expect(log.status).toBe('CompletedWithErrors');
    expect(log.blobs.map((b) => b.blobPath)).toEqual(['tampered/a.bin']);
    const raw = (await (await account()).getContainerClient('waimportexport').getBlockBlobClient(new URL(result.drives[0]!.errorLogUri!).pathname.split('/').slice(3).join('/')).downloadToBuffer()).toString();
    // The good block was staged but never committed; the blob's disposition was stopped by the failure.
    expect(raw).toMatch(/<Block Offset="0" Length="4194304" Id="MD5\/[A-Za-z0-9+/=]{24}" Hash="[0-9A-F]{32}" Status="Uncommitted"\/>/);
    expect(raw).toMatch(/<Block Offset="4194304" Length="1048576" Id="MD5\/[A-Za-z0-9+/=]{24}" Hash="[0-9A-F]{32}" Status="Corrupted"\/>/);
    expect(raw).toContain('<ImportDisposition Status="Cancelled">rename</ImportDisposition>');
    const container = (await account()).getContainerClient('tampered');
    expect(await container.getBlockBlobClient('a.bin').exists()).toBe(false);
    expect(await container.getBlockBlobClient('b.bin').exists()).toBe(true);
    await azure.advanceDays(7);
    let job = (await arm('GET', jobPath('dc-tampered'))).json() as { properties: { state: string; driveList: Array<{ state: string; copyStatus: string }> } };
    expect([job.properties.state, job.properties.driveList[0]!.state]).toEqual(['Packaging', 'CompletedMoreInfo']);
    await azure.advanceDays(2);
    job = (await arm('GET', jobPath('dc-tampered'))).json() as typeof job;
    // Shipped back whatever happened: the copy status still tells the drive had errors.
    expect([job.properties.state, job.properties.driveList[0]!.state, job.properties.driveList[0]!.copyStatus]).toEqual(['Closed', 'ShippedBack', 'CompletedWithErrors']);
  });

  it('reports ManifestCorrupted, BitLockerKeyInvalid and ManifestDriveIdMismatch, and NeverReceived for a drive that did not come', async () => {
    const corrupt = await prepareDrive('WD-MAN-1', { 'x.bin': 100 }, 'c1');
    const wrongKey = await prepareDrive('WD-KEY-1', { 'x.bin': 100 }, 'c2');
    const other = await prepareDrive('WD-ID-2', { 'x.bin': 100 }, 'c3');
    const missing = await prepareDrive('WD-MISSING', { 'x.bin': 100 }, 'c4');
    // The manifest changed after its hash went into the job.
    const mf = path.join(corrupt.root, 'DriveManifest.xml');
    const changed = (await readFile(mf, 'utf8')).replace('<Length>100</Length>', '<Length>101</Length>');
    expect(changed).toContain('<Length>101</Length>');
    await writeFile(mf, changed);
    // A drive whose marker says WD-ID-1 but whose manifest (matching the job's hash) was written for WD-ID-2.
    const idDrive = { driveId: 'WD-ID-1', key: other.key, manifestHash: other.manifestHash };
    await writeMarker(other.root, 'WD-ID-1', other.key);
    await shippedJob('dc-bad', [corrupt, { ...wrongKey, key: recoveryPassword() }, idDrive, missing]);
    const stray = await prepareDrive('WD-STRAY', { 'x.bin': 10 }, 'c5');
    const result = await azure.receive('dc-bad', [corrupt.root, wrongKey.root, other.root, stray.root]);
    expect(result.endsAs).toBe('Closed');
    expect(Object.fromEntries(result.drives.map((d) => [d.driveId, [d.state, d.status]]))).toEqual({
      'WD-MAN-1': ['CompletedMoreInfo', 'ManifestCorrupted'],
      'WD-KEY-1': ['CompletedMoreInfo', 'BitLockerKeyInvalid'],
      'WD-ID-1': ['CompletedMoreInfo', 'ManifestDriveIdMismatch'],
    });
    expect(result.neverReceived).toEqual(['WD-MISSING']);
    expect(result.unprocessed).toEqual([stray.root]);
    for (const d of result.drives) expect((await readLog(d.errorLogUri!)).status).toBe(d.status);
    const job = (await arm('GET', jobPath('dc-bad'))).json() as { properties: { driveList: Array<{ driveId: string; state: string }> } };
    expect(job.properties.driveList.find((d) => d.driveId === 'WD-MISSING')!.state).toBe('NeverReceived');
  });

  it('fails a blob whose blocks do not cover its length instead of committing it short', async () => {
    const root = await mkdtemp(path.join(work, 'drive-'));
    await mkdir(path.join(root, 's'));
    const data = randomBytes(3000);
    await writeFile(path.join(root, 's', 'short.bin'), data);
    const xml = Buffer.from(manifestXml('WD-SHORT', [{ blobPath: 'short/short.bin', filePath: '\\s\\short.bin', length: 3000, blocks: [{ offset: 0, length: 2000, md5: md5(data.subarray(0, 2000)) }] }]));
    await writeFile(path.join(root, 'DriveManifest.xml'), xml);
    const key = recoveryPassword();
    await writeMarker(root, 'WD-SHORT', key);
    await shippedJob('dc-short', [{ driveId: 'WD-SHORT', key, manifestHash: md5(xml) }]);
    const result = await azure.receive('dc-short', [root]);
    expect(result.drives[0]!.blobs[0]!.status).toBe('Failed');
    expect(result.endsAs).toBe('Closed');
    expect(await (await account()).getContainerClient('short').getBlockBlobClient('short.bin').exists()).toBe(false);
  });

  it('imports the golden block-blob drive, staging the blocks under the Ids its manifest gives', async () => {
    const { root, result } = await receiveGolden('drive', 'dc-golden', 'GOLDEN-DRIVE-1', 'D036B73A899BF923C40ED52882D9286E');
    expect(result.endsAs).toBe('Completed');
    expect(result.drives[0]).toMatchObject({ driveId: 'GOLDEN-DRIVE-1', status: 'Completed', bytesSucceeded: 1460 + 38 });
    const container = (await account()).getContainerClient('golden');
    const pack = container.getBlockBlobClient('seed-2024/packs/000001.pack');
    expect((await pack.downloadToBuffer()).equals(await readFile(path.join(root, 'seed-2024/packs/000001.pack')))).toBe(true);
    expect((await pack.getBlockList('committed')).committedBlocks?.map((b) => [b.name, b.size])).toEqual([
      ['YmxvY2stMDAw', 512],
      ['YmxvY2stMDAx', 512],
      ['YmxvY2stMDAy', 436],
    ]);
    expect((await container.getBlockBlobClient('seed-2024/index/empty.bin').getProperties()).contentLength).toBe(0);
    const verbose = await readLog(result.drives[0]!.verboseLogUri!);
    expect(verbose.blobs[0]!.ranges.map((r) => [r['@Id'], r['@Status']])).toEqual([
      ['YmxvY2stMDAw', 'Completed'],
      ['YmxvY2stMDAx', 'Completed'],
      ['YmxvY2stMDAy', 'Completed'],
    ]);
  });

  it('imports the golden page-blob drive as a page blob holding only the listed ranges', async () => {
    const { root, result } = await receiveGolden('drive-pages', 'dc-pages', 'GOLDEN-PAGES-1', '1EB6935A43409E458AD26BF121D0F1F1');
    expect(result.endsAs).toBe('Completed');
    const blob = (await account()).getContainerClient('golden-pages').getPageBlobClient('disks/seed.vhd');
    const props = await blob.getProperties();
    expect([props.blobType, props.contentLength]).toEqual(['PageBlob', 2048]);
    // Page ranges come back as the REST API's inclusive Start/End (the SDK calls them offset and count).
    expect((await blob.getPageRanges()).pageRange?.map((r) => [r.offset, r.offset + (r.count ?? 0)])).toEqual([
      [0, 511],
      [1024, 1535],
    ]);
    expect((await blob.downloadToBuffer()).equals(await readFile(path.join(root, 'disks/seed.vhd')))).toBe(true);
    const verbose = await readLog(result.drives[0]!.verboseLogUri!);
    expect(verbose.blobs[0]!.ranges.map((r) => [r['@Offset'], r['@Status']])).toEqual([
      ['0', 'Completed'],
      ['1024', 'Completed'],
    ]);
  });

  it('writes the good page ranges and logs the corrupted one, as the documented sample log does', async () => {
    const root = path.join(work, 'golden-pages-bad');
    await cp(path.join(golden, 'drive-pages'), root, { recursive: true });
    const file = path.join(root, 'disks/seed.vhd');
    const bytes = await readFile(file);
    bytes[1100] = bytes[1100]! ^ 0xff;
    await writeFile(file, bytes);
    const manifest = Buffer.from((await readFile(path.join(root, 'DriveManifest.xml'), 'utf8')).replace('golden-pages/', 'golden-pages-bad/'));
    await writeFile(path.join(root, 'DriveManifest.xml'), manifest);
    await shippedJob('dc-pages-bad', [{ driveId: 'GOLDEN-PAGES-1', key: goldenKey, manifestHash: md5(manifest) }]);
    const result = await azure.receive('dc-pages-bad', [root]);
    expect([result.endsAs, result.drives[0]!.status, result.drives[0]!.blobs[0]!.status]).toEqual(['Closed', 'CompletedWithErrors', 'CompletedWithErrors']);
    const log = await readLog(result.drives[0]!.errorLogUri!);
    expect(log.blobs[0]!.ranges.map((r) => [r['@Offset'], r['@Status']])).toEqual([['1024', 'Corrupted']]);
    const blob = (await account()).getContainerClient('golden-pages-bad').getPageBlobClient('disks/seed.vhd');
    expect((await blob.getPageRanges()).pageRange?.map((r) => r.offset)).toEqual([0]);
    const verbose = await readLog(result.drives[0]!.verboseLogUri!);
    expect(verbose.blobs[0]!.disposition).toEqual(['Created', 'rename']);
  });

  describe('the golden drive of a staging location the backup agent wrote (page blob, Unicode name, empty file, every disposition)', () => {
    const agentHash = 'ADD822D4D43E5AE0FD2BFF546B272C10';
    let n = 0;
    /** A copy of the golden drive received for a new job; all of them import into the container golden-agent. */
    async function receiveGoldenAgent(change?: (root: string) => Promise<void>) {
      const root = path.join(work, `golden-agent-${++n}`);
      await cp(path.join(golden, 'drive-agent'), root, { recursive: true });
      await change?.(root);
      await shippedJob(`dc-agent-${n}`, [{ driveId: 'GOLDEN-AGENT-1', key: goldenKey, manifestHash: agentHash }]);
      return { root, result: await azure.receive(`dc-agent-${n}`, [root]) };
    }
    const file = (root: string, rel: string) => readFile(path.join(root, 'agentjob', ...rel.split('/')));

    it('creates every blob: the VHD as a page blob of its listed ranges, the others as block blobs; no error log', async () => {
      const { root, result } = await receiveGoldenAgent();
      expect([result.endsAs, result.drives[0]!.status, result.drives[0]!.state]).toEqual(['Completed', 'Completed', 'Completed']);
      expect(result.drives[0]!.errorLogUri).toBeUndefined();
      const c = (await account()).getContainerClient('golden-agent');
      const vhd = c.getPageBlobClient('agentjob/DPM/Replica.vhd');
      expect((await vhd.getProperties()).blobType).toBe('PageBlob');
      expect((await vhd.getPageRanges()).pageRange?.map((r) => [r.offset, r.offset + (r.count ?? 0) + 1])).toEqual([
        [0, 512],
        [1536, 2048],
        [2560, 3072],
      ]);
      expect((await vhd.downloadToBuffer()).equals(await file(root, 'DPM/Replica.vhd'))).toBe(true);
      for (const rel of ['Données/été.bin', 'MARS/Scratch/catalog.dat', 'empty.marker']) {
        const b = c.getBlockBlobClient(`agentjob/${rel}`);
        expect((await b.getProperties()).blobType, rel).toBe('BlockBlob');
        expect((await b.downloadToBuffer()).equals(await file(root, rel)), rel).toBe(true);
      }
      const verbose = await readLog(result.drives[0]!.verboseLogUri!);
      expect(verbose.blobs.map((b) => [b.blobPath, b.status, ...b.disposition!])).toEqual([
        ['golden-agent/agentjob/DPM/Replica.vhd', 'Completed', 'Created', 'rename'],
        ['golden-agent/agentjob/Données/été.bin', 'Completed', 'Created', 'overwrite'],
        ['golden-agent/agentjob/MARS/Scratch/catalog.dat', 'Completed', 'Created', 'rename'],
        ['golden-agent/agentjob/empty.marker', 'Completed', 'Created', 'no-overwrite'],
      ]);
    });

    it('on a second import renames (2), overwrites and skips as each blob asks: warnings, the job still Completed', async () => {
      // What the first import left, changed so that the second one shows what it did: overwrite replaces, no-overwrite keeps.
      const c = (await account()).getContainerClient('golden-agent');
      await c.getBlockBlobClient('agentjob/Données/été.bin').uploadData(Buffer.from('stale'));
      await c.getBlockBlobClient('agentjob/empty.marker').uploadData(Buffer.from('keep me'));
      const { root, result } = await receiveGoldenAgent();
      expect([result.endsAs, result.drives[0]!.status, result.drives[0]!.state]).toEqual(['Completed', 'CompletedWithWarnings', 'CompletedMoreInfo']);
      expect(result.drives[0]!.errorLogUri).toBeUndefined();
      const verbose = await readLog(result.drives[0]!.verboseLogUri!);
      expect(verbose.status).toBe('CompletedWithWarnings');
      expect(verbose.blobs.map((b) => [b.blobPath, b.status, ...b.disposition!])).toEqual([
        ['golden-agent/agentjob/DPM/Replica (2).vhd', 'Completed', 'Renamed', 'rename'],
        ['golden-agent/agentjob/Données/été.bin', 'Completed', 'Overwritten', 'overwrite'],
        ['golden-agent/agentjob/MARS/Scratch/catalog (2).dat', 'Completed', 'Renamed', 'rename'],
        ['golden-agent/agentjob/empty.marker', 'Completed', 'Skipped', 'no-overwrite'],
      ]);
      // Skipped: nothing of it was read, so the log lists no blocks for it.
      expect(verbose.blobs[3]!.ranges).toEqual([]);
      expect((await c.getBlockBlobClient('agentjob/Données/été.bin').downloadToBuffer()).equals(await file(root, 'Données/été.bin'))).toBe(true);
      expect((await c.getBlockBlobClient('agentjob/empty.marker').downloadToBuffer()).toString()).toBe('keep me');
      expect((await c.getPageBlobClient('agentjob/DPM/Replica (2).vhd').downloadToBuffer()).equals(await file(root, 'DPM/Replica.vhd'))).toBe(true);
      expect((await c.getBlockBlobClient('agentjob/MARS/Scratch/catalog (2).dat').downloadToBuffer()).equals(await file(root, 'MARS/Scratch/catalog.dat'))).toBe(true);

      const third = await receiveGoldenAgent();
      const again = await readLog(third.result.drives[0]!.verboseLogUri!);
      expect(again.blobs.map((b) => b.blobPath).filter((p) => /\(\d\)/.test(p))).toEqual(['golden-agent/agentjob/DPM/Replica (3).vhd', 'golden-agent/agentjob/MARS/Scratch/catalog (3).dat']);
    });

    it('logs a missing file as the documented sample does: FileNotFound, its blocks and disposition Cancelled, in the error log', async () => {
      const { result } = await receiveGoldenAgent((r) => rm(path.join(r, 'agentjob', 'MARS', 'Scratch', 'catalog.dat')));
      expect([result.endsAs, result.drives[0]!.status]).toEqual(['Closed', 'CompletedWithErrors']);
      const raw = (await (await account()).getContainerClient('waimportexport').getBlockBlobClient(new URL(result.drives[0]!.errorLogUri!).pathname.split('/').slice(3).join('/')).downloadToBuffer()).toString();
      const log = readLogXml(raw);
      expect(log.blobs.map((b) => [b.blobPath, b.status, ...b.disposition!])).toEqual([['golden-agent/agentjob/MARS/Scratch/catalog.dat', 'FileNotFound', 'Cancelled', 'rename']]);
      expect(log.blobs[0]!.ranges).toEqual([{ '@Offset': '0', '@Length': '1000', '@Id': `MD5/${Buffer.from('C90582FBBEB1275142915B85DA61ADE9', 'hex').toString('base64')}`, '@Hash': 'C90582FBBEB1275142915B85DA61ADE9', '@Status': 'Cancelled' }]);
    });
  });

  it('refuses drives for a job that is not in Shipping, and changes nothing', async () => {
    const drive = await prepareDrive('WD-EARLY', { 'x.bin': 10 }, 'early');
    await shippedJob('dc-early', [drive], false);
    await expect(azure.receive('dc-early', [drive.root])).rejects.toMatchObject({ code: 'emulator:errors.jobNotShipping' });
    await expect(azure.receive('dc-none', [drive.root])).rejects.toMatchObject({ code: 'emulator:errors.jobNotFound' });
    const job = (await arm('GET', jobPath('dc-early'))).json() as { properties: { state: string; driveList: Array<{ state: string }> } };
    expect([job.properties.state, job.properties.driveList[0]!.state]).toEqual(['Creating', 'Specified']);
  });
});
