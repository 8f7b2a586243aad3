import { randomBytes } from 'node:crypto';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { test } from '../helpers/fixtures';
import { DataBoxManagementClient, type DataBoxDiskCopyLogDetails, type DataBoxDiskJobDetails, type DataBoxDiskJobSecrets, type JobResource } from '@azure/arm-databox';
import type { TokenCredential } from '@azure/core-auth';
import { httpsRequest, operatorToken, registerProvider, type LocalAzure } from '../helpers/localAzure';
import { blobServiceClient } from '../../src/emulator/datacenter';

let azure: LocalAzure;
let token: string;
let client: DataBoxManagementClient;
let rg: string;
let scratch: string;

/** JobsCreate.json of the 2022-12-01 spec examples, as a DataBoxDisk order on the local storage account. */
function order(extra: Partial<DataBoxDiskJobDetails> = {}): JobResource {
  return {
    location: azure.profile.location,
    sku: { name: 'DataBoxDisk' },
    transferType: 'ImportToAzure',
    details: {
      jobDetailsType: 'DataBoxDisk',
      contactDetails: { contactName: 'Backup Operator', phone: '0201234567', emailList: ['ops@example.com'] },
      shippingAddress: { streetAddress1: 'Keizersgracht 1', city: 'Amsterdam', country: 'NL', postalCode: '1015 CJ', addressType: 'Commercial' },
      dataImportDetails: [{ accountDetails: { dataAccountType: 'StorageAccount', storageAccountId: azure.profile.storageAccount.id } }],
      ...extra,
    } as DataBoxDiskJobDetails,
  };
}

async function errorOf(p: Promise<unknown>): Promise<{ statusCode?: number; code?: string; message: string; details?: { target?: string } }> {
  return p.then(
    () => ({ message: 'no error' }),
    (e: unknown) => e as { statusCode?: number; code?: string; message: string },
  );
}

const fast = { updateIntervalInMs: 10 };

async function control(action: string, body: unknown) {
  const { readFile } = await import('node:fs/promises');
  const secret = (await readFile(path.join(azure.stateDir, 'control.secret'), 'utf8')).trim();
  return httpsRequest(azure.profile.caCertificate, `${azure.profile.control}/databox/${action}`, { method: 'POST', headers: { 'x-offline-seed-control': secret, 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

test.beforeAll(async ({ localAzure, tmp }) => {
  azure = localAzure;
  scratch = tmp;
  rg = azure.profile.resourceGroup;
  token = await operatorToken(azure.profile, 'https://management.azure.com/.default');
  const credential: TokenCredential = { getToken: async () => ({ token, expiresOnTimestamp: Date.now() + 3600e3 }) };
  client = new DataBoxManagementClient(credential, azure.profile.subscriptionId, {
    endpoint: azure.profile.endpoints.resourceManager,
    credentialScopes: ['https://management.azure.com/.default'],
    tlsOptions: { ca: azure.profile.caCertificate },
    retryOptions: { maxRetries: 2, retryDelayInMs: 20, maxRetryDelayInMs: 100 },
  });
}, 60_000);

describe('Microsoft.DataBox 2022-12-01 through @azure/arm-databox', () => {
  it('answers 409 MissingSubscriptionRegistration until Microsoft.DataBox is registered', async () => {
    const e = await errorOf(client.jobs.get(rg, 'none'));
    expect(e.statusCode).toBe(409);
    expect(e.code).toBe('MissingSubscriptionRegistration');
    const reg = await httpsRequest(azure.profile.caCertificate, `${azure.profile.endpoints.resourceManager}/subscriptions/${azure.profile.subscriptionId}/providers/Microsoft.DataBox/register?api-version=2021-04-01`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    expect(reg.status).toBe(200);
    // Registering takes a while, as in Azure: the provider is read until it says Registered.
    expect((await registerProvider(azure.profile, token, 'Microsoft.DataBox')).at(-1)).toBe('Registered');
    expect((await errorOf(client.jobs.get(rg, 'none'))).statusCode).toBe(404);
  });

  it('refuses an api-version it does not know', async () => {
    const r = await httpsRequest(azure.profile.caCertificate, `${azure.profile.endpoints.resourceManager}/subscriptions/${azure.profile.subscriptionId}/providers/Microsoft.DataBox/jobs?api-version=2017-01-01`, { headers: { authorization: `Bearer ${token}` } });
    expect(r.status).toBe(400);
    expect((r.json() as { error: { code: string } }).error.code).toBe('InvalidApiVersionParameter');
  });

  it('checks the job name, the required fields, the single account and the custom passkey rules', async () => {
    expect((await errorOf(client.jobs.beginCreateAndWait(rg, 'ab', order(), fast))).code).toBe('InvalidJobName');
    expect((await errorOf(client.jobs.beginCreateAndWait(rg, 'bad name!', order(), fast))).code).toBe('InvalidJobName');
    const noContact = order();
    (noContact.details as { contactDetails: unknown }).contactDetails = { contactName: 'X', phone: '1', emailList: [] };
    const e1 = await errorOf(client.jobs.beginCreateAndWait(rg, 'seed-1', noContact, fast));
    expect(e1.statusCode).toBe(400);
    expect(e1.message).toMatch(/emailList/);
    const twoAccounts = order();
    twoAccounts.details!.dataImportDetails = [...twoAccounts.details!.dataImportDetails!, ...twoAccounts.details!.dataImportDetails!];
    expect((await errorOf(client.jobs.beginCreateAndWait(rg, 'seed-1', twoAccounts, fast))).message).toMatch(/single storage account/);
    const otherAccount = order();
    otherAccount.details!.dataImportDetails = [{ accountDetails: { dataAccountType: 'StorageAccount', storageAccountId: azure.profile.storageAccount.id.replace(/[^/]+$/, 'nosuchaccount') } }];
    expect((await errorOf(client.jobs.beginCreateAndWait(rg, 'seed-1', otherAccount, fast))).code).toBe('StorageAccountNotFound');
    for (const [passkey, why] of [
      ['Short1@', /12 to 32/],
      ['a'.repeat(30) + '1@xx', /12 to 32/],
      ['NoDigitsHere@@', /digit/],
      ['NoSpecial12345', /special/],
      ['Bad-Char-123@', /only letters/],
    ] as const) {
      const e = await errorOf(client.jobs.beginCreateAndWait(rg, 'seed-1', order({ passkey }), fast));
      expect(e.statusCode, passkey).toBe(400);
      expect(e.message, passkey).toMatch(why);
    }
    expect((await errorOf(client.jobs.beginCreateAndWait(rg, 'seed-1', order({ expectedDataSizeInTeraBytes: 36 }), fast))).message).toMatch(/at most 5 disks/);
  });

  it('lists the available SKUs, validates inputs and gives the region configuration', async () => {
    const skus = [];
    for await (const s of client.service.listAvailableSkusByResourceGroup(rg, azure.profile.location, { transferType: 'ImportToAzure', country: 'NL', location: azure.profile.location })) skus.push(s);
    const disk = skus.find((s) => s.sku?.name === 'DataBoxDisk');
    expect(disk?.enabled).toBe(true);
    expect(disk?.capacity?.usable).toBe('35');
    expect(skus.find((s) => s.sku?.name === 'DataBox')?.enabled).toBe(false);
    const elsewhere = [];
    for await (const s of client.service.listAvailableSkusByResourceGroup(rg, 'eastus', { transferType: 'ImportToAzure', country: 'US', location: 'eastus' })) elsewhere.push(s);
    expect(elsewhere.find((s) => s.sku?.name === 'DataBoxDisk')?.enabled).toBe(false);

    const d = order().details!;
    const v = await client.service.validateInputs(azure.profile.location, {
      validationCategory: 'JobCreationValidation',
      individualRequestDetails: [
        { validationType: 'ValidateDataTransferDetails', dataImportDetails: d.dataImportDetails, deviceType: 'DataBoxDisk', transferType: 'ImportToAzure' },
        { validationType: 'ValidateAddress', shippingAddress: d.shippingAddress!, deviceType: 'DataBoxDisk' },
        { validationType: 'ValidateSkuAvailability', deviceType: 'DataBoxDisk', transferType: 'ImportToAzure', country: 'NL', location: azure.profile.location },
      ],
    });
    expect(v.status).toBe('AllValidToProceed');
    const bad = await client.service.validateInputs(azure.profile.location, {
      validationCategory: 'JobCreationValidation',
      individualRequestDetails: [{ validationType: 'ValidateAddress', shippingAddress: { streetAddress1: 'x', country: 'NL' }, deviceType: 'DataBoxDisk' }],
    });
    expect(bad.status).toBe('InputsRevisitRequired');
    const rc = await client.service.regionConfiguration(azure.profile.location, { scheduleAvailabilityRequest: { skuName: 'DataBoxDisk', storageLocation: azure.profile.location, expectedDataSizeInTeraBytes: 7 } as never, transportAvailabilityRequest: { skuName: 'DataBoxDisk' } });
    expect(rc.scheduleAvailabilityResponse?.availableDates?.length).toBeGreaterThan(0);
    expect(rc.transportAvailabilityResponse?.transportAvailabilityDetails?.map((t) => t.shipmentType)).toContain('CustomerManaged');
  });

  it('restricts, through its own control, the subscription and a region in the spec’s shapes, and refuses a malformed restriction', async () => {
    expect((await control('restrict', { subscriptionNotAllowed: 'yes' })).status).toBe(400);
    expect((await control('restrict', { skuUnavailableIn: [3] })).status).toBe(400);
    const set = await control('restrict', { subscriptionNotAllowed: true, skuUnavailableIn: [azure.profile.location], noDatesIn: [azure.profile.location] });
    expect(set.status).toBe(200);
    try {
      const v = await client.service.validateInputsByResourceGroup(rg, azure.profile.location, {
        validationCategory: 'JobCreationValidation',
        individualRequestDetails: [{ validationType: 'ValidateSubscriptionIsAllowedToCreateJob' }, { validationType: 'ValidateSkuAvailability', deviceType: 'DataBoxDisk', transferType: 'ImportToAzure', country: 'NL', location: azure.profile.location }],
      });
      expect(v.status).toBe('InputsRevisitRequired');
      const [sub, sku] = v.individualResponseDetails as Array<{ validationType: string; status: string; error: { code: string; message: string } }>;
      expect(sub).toMatchObject({ validationType: 'ValidateSubscriptionIsAllowedToCreateJob', status: 'Invalid', error: { code: 'SubscriptionNotAllowed' } });
      expect(sku).toMatchObject({ validationType: 'ValidateSkuAvailability', status: 'Invalid' });
      const skus = [];
      for await (const s of client.service.listAvailableSkusByResourceGroup(rg, azure.profile.location, { transferType: 'ImportToAzure', country: 'NL', location: azure.profile.location })) skus.push(s);
      expect(skus.find((s) => s.sku?.name === 'DataBoxDisk')).toMatchObject({ enabled: false, disabledReason: 'Region' });
      const rc = await client.service.regionConfigurationByResourceGroup(rg, azure.profile.location, { scheduleAvailabilityRequest: { skuName: 'DataBoxDisk', storageLocation: azure.profile.location, expectedDataSizeInTeraBytes: 7 } as never });
      expect(rc.scheduleAvailabilityResponse?.availableDates).toEqual([]);
    } finally {
      expect((await control('restrict', {})).json()).toEqual({ restrictions: {} });
    }
    const again = await client.service.validateInputs(azure.profile.location, { validationCategory: 'JobCreationValidation', individualRequestDetails: [{ validationType: 'ValidateSubscriptionIsAllowedToCreateJob' }] });
    expect(again.status).toBe('AllValidToProceed');
  });

  it('creates an order (202 + Location), shows details only with $expand, moves it on the clock, gives the passkey once processed, cancels only before that', async () => {
    const created = await client.jobs.beginCreateAndWait(rg, 'seed-cancel', order(), fast);
    expect(created.status).toBe('DeviceOrdered');
    expect(created.isCancellable).toBe(true);
    expect(created.isDeletable).toBe(false);
    expect(created.details).toBeUndefined();
    expect((await errorOf(client.jobs.beginCreateAndWait(rg, 'seed-cancel', order(), fast))).code).toBe('JobAlreadyExists');
    const withDetails = await client.jobs.get(rg, 'seed-cancel', { expand: 'details' });
    expect(withDetails.details?.jobStages?.map((s) => s.stageName)).toEqual(['DeviceOrdered', 'DevicePrepared', 'Dispatched', 'Delivered', 'PickedUp', 'AtAzureDC', 'DataCopy', 'Completed']);
    expect((await errorOf(client.jobs.beginDeleteAndWait(rg, 'seed-cancel', fast))).code).toBe('InvalidJobState');
    await client.jobs.cancel(rg, 'seed-cancel', { reason: 'ordered by mistake' });
    const cancelled = await client.jobs.get(rg, 'seed-cancel');
    expect(cancelled.status).toBe('Cancelled');
    expect(cancelled.isDeletable).toBe(true);
    await client.jobs.beginDeleteAndWait(rg, 'seed-cancel', fast);
    expect((await errorOf(client.jobs.get(rg, 'seed-cancel'))).statusCode).toBe(404);

    await client.jobs.beginCreateAndWait(rg, 'seed-custom', order({ passkey: 'Rehearsal2026@Seed', expectedDataSizeInTeraBytes: 10 }), fast);
    const before = [];
    for await (const c of client.jobs.listCredentials(rg, 'seed-custom')) before.push(c);
    const s0 = before[0]!.jobSecrets as DataBoxDiskJobSecrets;
    expect(s0.passKey).toBeUndefined();
    expect(s0.diskSecrets).toEqual([]);
    await azure.advanceDays(1);
    expect((await client.jobs.get(rg, 'seed-custom')).status).toBe('DevicePrepared');
    const after = [];
    for await (const c of client.jobs.listCredentials(rg, 'seed-custom')) after.push(c);
    const s1 = after[0]!.jobSecrets as DataBoxDiskJobSecrets;
    expect(s1.passKey).toBe('Rehearsal2026@Seed');
    expect(s1.isPasskeyUserDefined).toBe(true);
    expect(s1.diskSecrets).toHaveLength(2);
    expect(s1.diskSecrets![0]!.bitLockerKey).toMatch(/^(\d{6}-){7}\d{6}$/);
    expect((await errorOf(client.jobs.cancel(rg, 'seed-custom', { reason: 'late' }))).code).toBe('InvalidJobState');
    const listed = [];
    for await (const j of client.jobs.listByResourceGroup(rg)) listed.push(j.name);
    expect(listed).toContain('seed-custom');
  });

  it('delivers the disks with the precreated layout, takes markDevicesShipped, receives them into Azurite with the upload rules and logs', async () => {
    await client.jobs.beginCreateAndWait(rg, 'seed-full', order(), fast);
    const early = await control('deliver', { job: 'seed-full', into: scratch });
    expect(early.status).toBe(409);
    expect((early.json() as { error: { code: string } }).error.code).toBe('databox:errors.emulatorNotDispatched');
    expect((await errorOf(client.jobs.markDevicesShipped('seed-full', rg, { deliverToDcPackageDetails: { carrierName: 'UPS', trackingId: '1Z999' } }))).code).toBe('InvalidJobState');
    await azure.advanceDays(2);
    expect((await client.jobs.get(rg, 'seed-full')).status).toBe('Dispatched');
    const delivered = await azure.dataBoxDeliver('seed-full', path.join(scratch, 'disks'));
    expect(delivered.disks).toHaveLength(1);
    const root = delivered.disks[0]!.path;
    expect((await readdir(root)).sort()).toEqual(['AzureFile', 'BlockBlob', 'PageBlob']);
    expect((await readdir(path.join(root, 'BlockBlob'))).sort()).toEqual(['Archive', 'Cold', 'Cool', 'Hot']);
    expect((await client.jobs.get(rg, 'seed-full')).status).toBe('Delivered');

    const page = randomBytes(3 * 512 * 1024 + 4096);
    page.fill(0, 512 * 1024, 1024 * 1024);
    await mkdir(path.join(root, 'PageBlob', 'backup', 'server1'), { recursive: true });
    await writeFile(path.join(root, 'PageBlob', 'backup', 'server1', 'disk.vhd'), page);
    await mkdir(path.join(root, 'PageBlob', 'Bad_Name'), { recursive: true });
    await writeFile(path.join(root, 'PageBlob', 'Bad_Name', 'x.vhd'), Buffer.alloc(1024, 7));
    await mkdir(path.join(root, 'PageBlob', 'odd'), { recursive: true });
    await writeFile(path.join(root, 'PageBlob', 'odd', 'notaligned.bin'), Buffer.alloc(1000, 1));
    await writeFile(path.join(root, 'atroot.txt'), 'misplaced');

    await client.jobs.markDevicesShipped('seed-full', rg, { deliverToDcPackageDetails: { carrierName: 'UPS', trackingId: '1Z999' } });
    expect((await client.jobs.get(rg, 'seed-full')).status).toBe('PickedUp');
    const received = await azure.dataBoxReceive('seed-full', [root, path.join(scratch, 'disks')]);
    // Something was not uploaded: the order waits for the customer to review the errors (details.actions).
    expect([received.status, received.awaiting]).toEqual(['DataCopy', 'MoveToCleanUpDevice']);
    expect(received.unprocessed).toEqual([path.join(scratch, 'disks')]);
    const byFile = Object.fromEntries(received.disks[0]!.blobs.map((b) => [b.filePath, b]));
    expect(byFile['\\PageBlob\\backup\\server1\\disk.vhd']).toMatchObject({ status: 'Completed', blobPath: 'backup/server1/disk.vhd' });
    expect(byFile['\\PageBlob\\Bad_Name\\x.vhd']!.status).toBe('ContainerRenamed');
    expect(byFile['\\PageBlob\\Bad_Name\\x.vhd']!.blobPath).toMatch(/^databox-[0-9a-f]{40}\/x\.vhd$/);
    expect(byFile['\\PageBlob\\odd\\notaligned.bin']).toMatchObject({ status: 'InvalidPageBlobUploadAsBlockBlob', blobPath: 'databoxdisk-invalid-pb-odd/notaligned.bin' });
    expect(byFile['\\atroot.txt']!.status).toBe('InvalidWorkitem');

    const blobs = blobServiceClient(azure.profile.storageAccount.blobEndpoint, azure.profile.storageAccount.name, (await import('node:fs')).readFileSync(path.join(azure.stateDir, 'state.json'), 'utf8').match(/"storageAccountKeys": \[\s*"([^"]+)"/)![1]!, azure.profile.caCertificate);
    const pb = blobs.getContainerClient('backup').getPageBlobClient('server1/disk.vhd');
    expect((await pb.getProperties()).blobType).toBe('PageBlob');
    expect((await pb.downloadToBuffer()).equals(page)).toBe(true);
    expect((await blobs.getContainerClient('databoxdisk-invalid-pb-odd').getBlobClient('notaligned.bin').getProperties()).blobType).toBe('BlockBlob');

    const waiting = await client.jobs.get(rg, 'seed-full', { expand: 'details' });
    expect(waiting.status).toBe('DataCopy');
    expect(waiting.isDeletable).toBe(false);
    expect((waiting.details as DataBoxDiskJobDetails).actions).toEqual(['MoveToCleanUpDevice']);
    expect((waiting.details as DataBoxDiskJobDetails).jobStages?.find((x) => x.stageName === 'DataCopy')?.stageStatus).toBe('WaitingForCustomerActionForCleanUp');
    // An answer it does not ask for is refused; the one it asks for completes the order.
    await expect(client.mitigate('seed-full', rg, { customerResolutionCode: 'Resume' })).rejects.toMatchObject({ statusCode: 409 });
    await client.mitigate('seed-full', rg, { customerResolutionCode: 'MoveToCleanUpDevice' });
    const job = await client.jobs.get(rg, 'seed-full', { expand: 'details' });
    expect(job.status).toBe('CompletedWithErrors');
    expect((job.details as DataBoxDiskJobDetails).actions).toEqual([]);
    expect(job.isDeletable).toBe(true);
    const details = job.details as DataBoxDiskJobDetails;
    expect(details.copyProgress![0]).toMatchObject({ serialNumber: delivered.disks[0]!.serialNumber, percentComplete: 100, status: 'CompletedWithErrors' });
    const logs = details.copyLogDetails![0] as DataBoxDiskCopyLogDetails;
    expect(logs.copyLogDetailsType).toBe('DataBoxDisk');
    const m = /\/(databoxlogs-[^/]+)\/(.+)$/.exec(logs.errorLogLink!)!;
    const xml = (await blobs.getContainerClient(m[1]!).getBlobClient(m[2]!).downloadToBuffer()).toString();
    expect(xml).toContain('<DriveLog Version="2018-10-01">');
    expect(xml).toContain('<Blob Status="ContainerRenamed">');
    expect(xml).toContain('<OriginalFilePath>\\atroot.txt</OriginalFilePath>');
    expect(xml).not.toContain('disk.vhd');
    expect(job.details?.jobStages?.at(-1)).toMatchObject({ stageName: 'CompletedWithErrors', stageStatus: 'SucceededWithErrors' });
  });
});
