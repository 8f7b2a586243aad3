import { describe, expect, it } from 'vitest';
import { test } from '../helpers/fixtures';
import { StorageImportExport, type PutJobParameters } from '@azure/arm-storageimportexport';
import type { TokenCredential } from '@azure/core-auth';
import { httpsRequest, operatorToken, registerProvider, type LocalAzure } from '../helpers/localAzure';

let azure: LocalAzure;
let token: string;
let client: StorageImportExport;
let rg: string;

const key = '238810-662376-448998-450120-652806-203390-606320-483076';

/** CreateJob.json from the 2021-01-01 spec examples, pointed at the local storage account. */
function createJobExample(): PutJobParameters {
  return {
    location: 'West US',
    properties: {
      storageAccountId: azure.profile.storageAccount.id,
      jobType: 'Import',
      returnAddress: { recipientName: 'Test', streetAddress1: 'Street1', streetAddress2: 'street2', city: 'Redmond', stateOrProvince: 'wa', postalCode: '98007', countryOrRegion: 'USA', phone: '4250000000', email: 'Test@contoso.com' },
      returnShipping: { carrierName: 'FedEx', carrierAccountNumber: '989ffff' },
      diagnosticsPath: 'waimportexport',
      logLevel: 'Verbose',
      backupDriveManifest: true,
      driveList: [
        {
          driveId: '9CA995BB',
          bitLockerKey: key,
          manifestFile: '\\8a0c23f7-14b7-470a-9633-fcd46590a1bc.manifest',
          manifestHash: '4228EC5D8E048CB9B515338C789314BE8D0B2FDBC7C7A0308E1C826242CDE74E',
          driveHeaderHash: '',
        },
      ],
    },
  };
}

async function arm(method: string, path: string, body?: unknown, auth = `Bearer ${token}`) {
  const url = `${azure.profile.endpoints.resourceManager}${path}${path.includes('?') ? '&' : '?'}api-version=2021-01-01`;
  return httpsRequest(azure.profile.caCertificate, url, { method, headers: { authorization: auth, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
}

const jobPath = (name: string) => `/subscriptions/${azure.profile.subscriptionId}/resourceGroups/${rg}/providers/Microsoft.ImportExport/jobs/${name}`;

async function errorOf(p: Promise<unknown>): Promise<{ statusCode?: number; code?: string; message: string }> {
  return p.then(
    () => ({ message: 'no error' }),
    (e: unknown) => e as { statusCode?: number; code?: string; message: string },
  );
}

test.beforeAll(async ({ localAzure }) => {
  azure = localAzure;
  rg = azure.profile.resourceGroup;
  token = await operatorToken(azure.profile, 'https://management.azure.com/.default');
  const credential: TokenCredential = { getToken: async () => ({ token, expiresOnTimestamp: Date.now() + 3600e3 }) };
  client = new StorageImportExport(credential, azure.profile.subscriptionId, {
    endpoint: azure.profile.endpoints.resourceManager,
    credentialScopes: ['https://management.azure.com/.default'],
    tlsOptions: { ca: azure.profile.caCertificate },
    retryOptions: { maxRetries: 4, retryDelayInMs: 20, maxRetryDelayInMs: 100 },
  });
}, 60_000);

describe('Microsoft.ImportExport 2021-01-01 through @azure/arm-storageimportexport', () => {
  it('answers 409 MissingSubscriptionRegistration until the provider is registered', async () => {
    const e = await errorOf(client.jobs.get('none', rg));
    expect(e.statusCode).toBe(409);
    expect(e.code).toBe('MissingSubscriptionRegistration');
    // The register action answers Registering; the provider reads Registering once more, and the namespace's
    // resources still answer MissingSubscriptionRegistration until it reads Registered.
    const reg = await arm('POST', `/subscriptions/${azure.profile.subscriptionId}/providers/Microsoft.ImportExport/register`);
    expect(reg.status).toBe(200);
    expect((reg.json() as { registrationState: string }).registrationState).toBe('Registering');
    const read = async () => ((await httpsRequest(azure.profile.caCertificate, `${azure.profile.endpoints.resourceManager}/subscriptions/${azure.profile.subscriptionId}/providers/Microsoft.ImportExport?api-version=2021-04-01`, { headers: { authorization: `Bearer ${token}` } })).json() as { registrationState: string }).registrationState;
    expect(await read()).toBe('Registering');
    expect((await errorOf(client.jobs.get('none', rg))).code).toBe('MissingSubscriptionRegistration');
    expect(await read()).toBe('Registered');
    const again = await arm('POST', `/subscriptions/${azure.profile.subscriptionId}/providers/Microsoft.ImportExport/register`);
    expect((again.json() as { registrationState: string }).registrationState).toBe('Registered');
    // A registration also finishes with time on the emulator clock: a provider first read an hour later is Registered.
    const db = await arm('POST', `/subscriptions/${azure.profile.subscriptionId}/providers/Microsoft.DataBox/register`);
    expect((db.json() as { registrationState: string }).registrationState).toBe('Registering');
    await azure.advanceDays(1 / 24);
    expect(await registerProvider(azure.profile, token, 'Microsoft.DataBox')).toEqual(['Registered']);
    const e2 = await errorOf(client.jobs.get('none', rg));
    expect(e2.statusCode).toBe(404);
  });

  it('lists locations with addresses and carriers, gets one by display name, lists operations', async () => {
    const all = [];
    for await (const l of client.locations.list()) all.push(l);
    expect(all.length).toBeGreaterThanOrEqual(10);
    const westus = await client.locations.get('West US');
    expect(westus.city).toBe('Santa Clara');
    expect(westus.supportedCarriers).toEqual(['FedEx']);
    expect(westus.alternateLocations).toEqual(['/providers/Microsoft.ImportExport/locations/westus']);
    // Only addresses a public source gives are real; every other location says it is a rehearsal datacenter, and the
    // profile lists those. Carriers are the two the Import/Export tutorial names.
    const real = ['West US', 'East US 2', 'Australia East', 'Australia Southeast'];
    expect(all.filter((l) => !l.streetAddress1?.startsWith('Rehearsal only')).map((l) => l.name).sort()).toEqual([...real].sort());
    for (const l of all) {
      expect(l.supportedCarriers?.every((c) => c === 'FedEx' || c === 'DHL'), l.name).toBe(true);
      const short = l.id!.split('/').pop()!;
      expect(azure.profile.rehearsalDatacenters?.includes(short), l.name).toBe(!real.includes(l.name!));
      if (!real.includes(l.name!)) expect(l.additionalShippingInformation, l.name).toContain('do not ship anything here');
    }
    const ops = [];
    for await (const o of client.operations.list()) ops.push(o.name);
    expect(ops).toContain('Microsoft.ImportExport/jobs/listBitLockerKeys/action');
  });

  it('creates the spec example job: 201, key not echoed, shipping address filled from the location', async () => {
    const raw = await arm('PUT', jobPath('myjob'), createJobExample());
    expect(raw.status).toBe(201);
    expect(raw.text).not.toContain(key);
    const job = await client.jobs.get('myjob', rg);
    expect(job.id).toBe(jobPath('myjob'));
    expect(job.type).toBe('Microsoft.ImportExport/jobs');
    expect(job.properties?.state).toBe('Creating');
    expect(job.properties?.shippingInformation?.streetAddress1).toBe('2045 Lafayette Street');
    expect(job.properties?.driveList?.[0]).toMatchObject({ driveId: '9CA995BB', state: 'Specified' });
    expect(job.properties?.driveList?.[0]?.bitLockerKey).toBeUndefined();
    expect(job.properties?.encryptionKey?.kekType).toBe('MicrosoftManaged');
    expect(job.systemData?.createdBy).toBe(azure.profile.operator.userPrincipalName);
    const keys = [];
    for await (const k of client.bitLockerKeys.list('myjob', rg)) keys.push(k);
    expect(keys).toEqual([{ driveId: '9CA995BB', bitLockerKey: key }]);
  });

  it('applies the UpdateJob example and then the shipping update; Shipping can no longer be canceled or deleted', async () => {
    const raw = await arm('PATCH', jobPath('myjob'), { properties: { state: '', logLevel: 'Error', backupDriveManifest: false } });
    expect(raw.status).toBe(200);
    expect((raw.json() as { properties: { state: string; logLevel: string } }).properties).toMatchObject({ state: 'Creating', logLevel: 'Error' });
    const shipped = await client.jobs.update('myjob', rg, { state: 'Shipping', deliveryPackage: { carrierName: 'FedEx', trackingNumber: '992016102507', driveCount: 1, shipDate: '2026-11-23' } });
    expect(shipped.properties?.state).toBe('Shipping');
    const cancel = await errorOf(client.jobs.update('myjob', rg, { cancelRequested: true }));
    expect([cancel.statusCode, cancel.code]).toEqual([409, 'InvalidJobState']);
    const del = await errorOf(client.jobs.delete('myjob', rg));
    expect([del.statusCode, del.code]).toEqual([409, 'InvalidJobState']);
    const drives = await errorOf(client.jobs.update('myjob', rg, { driveList: createJobExample().properties!.driveList }));
    expect(drives.statusCode).toBe(409);
  });

  it('cancels a job in Creating (it moves to Completed with cancelRequested kept) and deletes it', async () => {
    await client.jobs.create('tocancel', rg, createJobExample());
    const canceled = await client.jobs.update('tocancel', rg, { cancelRequested: true });
    expect(canceled.properties).toMatchObject({ state: 'Completed', cancelRequested: true });
    // The clock does not move a cancelled job on: it stays Completed and cancelled until deleted.
    await azure.advanceDays(1);
    expect((await client.jobs.get('tocancel', rg)).properties).toMatchObject({ state: 'Completed', cancelRequested: true });
    await client.jobs.delete('tocancel', rg);
    const gone = await errorOf(client.jobs.get('tocancel', rg));
    expect([gone.statusCode, gone.code]).toEqual([404, 'ResourceNotFound']);
  });

  it('pages listBySubscription and listByResourceGroup with $top and nextLink', async () => {
    for (const n of ['page-a', 'page-b', 'page-c', 'page-d']) await client.jobs.create(n, rg, createJobExample());
    const sizes: number[] = [];
    const names: string[] = [];
    for await (const page of client.jobs.listBySubscription({ top: 2 }).byPage()) {
      sizes.push(page.length);
      names.push(...page.map((j) => j.name!));
    }
    expect(sizes).toEqual([2, 2, 1]);
    expect(new Set(names).size).toBe(5);
    const byRg = [];
    for await (const j of client.jobs.listByResourceGroup(rg, { top: 3 })) byRg.push(j.name);
    expect(byRg).toHaveLength(5);
    const bad = await arm('GET', `/subscriptions/${azure.profile.subscriptionId}/providers/Microsoft.ImportExport/jobs?$top=101`);
    expect(bad.status).toBe(400);
    const oldVersion = await httpsRequest(azure.profile.caCertificate, `${azure.profile.endpoints.resourceManager}/subscriptions/${azure.profile.subscriptionId}/providers/Microsoft.ImportExport/jobs?api-version=2015-01-01`, { headers: { authorization: `Bearer ${token}` } });
    expect([oldVersion.status, (oldVersion.json() as { error: { code: string } }).error.code]).toEqual([400, 'InvalidApiVersionParameter']);
  });

  it('enforces every validation rule with the ARM error body', async () => {
    const base = createJobExample();
    const p = base.properties!;
    const drive = p.driveList![0]!;
    const drives = (n: number) => Array.from({ length: n }, (_, i) => ({ ...drive, driveId: `DRIVE${i}` }));
    const cases: Array<[string, string, unknown, number, string]> = [
      ['bad job name', 'Bad_Name', base, 400, 'InvalidJobName'],
      ['unknown location', 'v-loc', { ...base, location: 'Mars North' }, 400, 'InvalidLocation'],
      ['storage account missing', 'v-sa', { ...base, properties: { ...p, storageAccountId: `/subscriptions/${azure.profile.subscriptionId}/resourceGroups/${rg}/providers/Microsoft.Storage/storageAccounts/nope` } }, 400, 'StorageAccountNotFound'],
      ['eleven drives', 'v-drives', { ...base, properties: { ...p, driveList: drives(11) } }, 400, 'TooManyDrives'],
      ['no drives', 'v-nodrives', { ...base, properties: { ...p, driveList: [] } }, 400, 'MissingRequiredProperty'],
      ['drive without manifest hash', 'v-hash', { ...base, properties: { ...p, driveList: [{ ...drive, manifestHash: undefined }] } }, 400, 'MissingRequiredProperty'],
      ['drive without BitLocker key', 'v-key', { ...base, properties: { ...p, driveList: [{ ...drive, bitLockerKey: '' }] } }, 400, 'MissingRequiredProperty'],
      ['malformed BitLocker key', 'v-key2', { ...base, properties: { ...p, driveList: [{ ...drive, bitLockerKey: '1234' }] } }, 400, 'InvalidBitLockerKey'],
      ['same drive twice', 'v-dup', { ...base, properties: { ...p, driveList: [drive, drive] } }, 400, 'DuplicateDriveId'],
      ['return address without email', 'v-addr', { ...base, properties: { ...p, returnAddress: { ...p.returnAddress, email: undefined } } }, 400, 'MissingRequiredProperty'],
      ['return shipping without account', 'v-ship', { ...base, properties: { ...p, returnShipping: { carrierName: 'FedEx' } } }, 400, 'MissingRequiredProperty'],
      ['bad job type', 'v-type', { ...base, properties: { ...p, jobType: 'Copy' } }, 400, 'InvalidJobType'],
    ];
    for (const [what, name, body, status, code] of cases) {
      const r = await arm('PUT', jobPath(name), body);
      expect(r.status, what).toBe(status);
      const err = (r.json() as { error: { code: string; message: string } }).error;
      expect(err.code, what).toBe(code);
      expect(err.message.length, what).toBeGreaterThan(10);
      expect((await arm('GET', jobPath(name))).status, `${what}: nothing written`).toBe(404);
    }
    await client.jobs.create('v-patch', rg, { ...base, properties: { ...p, returnAddress: undefined } });
    const patches: Array<[string, unknown, number, string]> = [
      ['not patchable', { properties: { jobType: 'Export' } }, 400, 'PropertyNotUpdatable'],
      ['unknown top-level', { location: 'East US' }, 400, 'PropertyNotUpdatable'],
      ['state other than Shipping', { properties: { state: 'Received' } }, 400, 'InvalidStateUpdate'],
      ['cancelRequested false', { properties: { cancelRequested: false } }, 400, 'InvalidRequestContent'],
      ['Shipping without return address', { properties: { state: 'Shipping', deliveryPackage: { carrierName: 'DHL', trackingNumber: 'T-1' } } }, 400, 'MissingShippingInformation'],
      ['delivery package without tracking', { properties: { deliveryPackage: { carrierName: 'FedEx' } } }, 400, 'MissingRequiredProperty'],
    ];
    for (const [what, body, status, code] of patches) {
      const r = await arm('PATCH', jobPath('v-patch'), body);
      expect(r.status, what).toBe(status);
      expect((r.json() as { error: { code: string } }).error.code, what).toBe(code);
    }
    const after = await client.jobs.get('v-patch', rg);
    expect(after.properties?.state).toBe('Creating');
    expect(after.properties?.deliveryPackage).toBeUndefined();
    // No public source says the service refuses a tracking number another job has, so the local Azure does not claim
    // it: one tracking number per job is Microsoft's packing rule, which Offline Seed checks itself before the call.
    const reused = await arm('PATCH', jobPath('v-patch'), { properties: { deliveryPackage: { carrierName: 'FedEx', trackingNumber: '992016102507' } } });
    expect(reused.status).toBe(200);
    const noVersion = await httpsRequest(azure.profile.caCertificate, `${azure.profile.endpoints.resourceManager}${jobPath('v-patch')}`, { headers: { authorization: `Bearer ${token}` } });
    expect((noVersion.json() as { error: { code: string } }).error.code).toBe('MissingApiVersionParameter');
  });

  it('expires a job left in Creating 14 days after its creation, whatever PUT or PATCH came since', async () => {
    await client.jobs.create('exp-idle', rg, createJobExample());
    await client.jobs.create('exp-touched', rg, createJobExample());
    await client.jobs.create('exp-replaced', rg, createJobExample());
    await azure.advanceDays(10);
    await client.jobs.update('exp-touched', rg, { logLevel: 'Verbose' });
    await client.jobs.create('exp-replaced', rg, createJobExample());
    await azure.advanceDays(3.9);
    expect((await client.jobs.get('exp-touched', rg)).name).toBe('exp-touched');
    const moved = await azure.advanceDays(0.2);
    // "If the tracking number is not updated within 2 weeks of creating the job, the job expires."
    for (const name of ['exp-idle', 'exp-touched', 'exp-replaced']) {
      expect((await errorOf(client.jobs.get(name, rg))).statusCode, name).toBe(404);
      expect(moved, name).toContainEqual({ job: name, resourceGroup: rg, from: 'Creating', to: 'Deleted' });
    }
    await azure.advanceDays(10.9);
    const shipped = await client.jobs.get('myjob', rg);
    expect(shipped.properties?.state).toBe('Shipping');
    // 25 days after shipping: the drive never arrived; 30 days more: the job is Closed.
    expect(shipped.properties?.driveList?.[0]?.state).toBe('NeverReceived');
    await azure.advanceDays(30);
    expect((await client.jobs.get('myjob', rg)).properties?.state).toBe('Closed');
  });
});
