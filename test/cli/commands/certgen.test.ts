/**
 * The documented CertGen command lines against the local Azure, through the command line in-process: the application,
 * its key, service principal and role assignment (checked through Graph and ARM), the XML's thumbprint is the key in
 * Graph, the certificate's token works on ARM, the second run takes the manual path, AddRegistryEntries, clear errors
 * that leave nothing half-created, and the client layer surviving injected 500/429 without a duplicate job.
 */

import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { randomUUID, X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { test } from '../../helpers/fixtures';
import { httpsRequest, operatorToken, type LocalAzure } from '../../helpers/localAzure';
import { runCli } from '../../../src/cli/main';
import { isParamsProblem, parseParams, type OfflineApplicationParams } from '../../../src/core/certs/params';
import { cloudFromProfile } from '../../../src/core/azure/clouds';
import { ArmRest } from '../../../src/core/azure/arm';
import { azureCall } from '../../../src/core/azure/clients';
import { getImportExportClient, resolveIdentity } from '../../../src/core/identity/identity';
import { isOfflineSeedError } from '../../../src/shared/errors';

let az: LocalAzure;
let root: string;
let dataDir: string;
let work: string;
let graphToken: string;
let armToken: string;

async function cli(args: string[], cwd = work, extraEnv: NodeJS.ProcessEnv = {}) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d: Buffer) => (out += d.toString()));
  stderr.on('data', (d: Buffer) => (err += d.toString()));
  const stdin = new PassThrough();
  const code = await runCli(args, {
    stdout,
    stderr,
    stdin,
    cwd,
    env: { PATH: process.env.PATH, OFFLINE_SEED_DATA_DIR: dataDir, OFFLINE_SEED_CLOUD: az.profilePath, OFFLINE_SEED_LANG: 'en', ...extraEnv },
  });
  return { code, stdout: out, stderr: err };
}

const graph = async (method: string, p: string, body?: unknown) => {
  const r = await httpsRequest(az.profile.caCertificate, `${az.profile.endpoints.graph}/v1.0${p}`, {
    method,
    headers: { authorization: `Bearer ${graphToken}`, 'content-type': 'application/json' },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  return r;
};
const arm = (method: string, p: string, body?: unknown) =>
  httpsRequest(az.profile.caCertificate, `${az.profile.endpoints.resourceManager}${p}`, {
    method,
    headers: { authorization: `Bearer ${armToken}`, 'content-type': 'application/json' },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });

const ownedApps = async () => ((await graph('GET', '/me/ownedObjects/microsoft.graph.application')).json() as { value: Array<{ id: string; appId: string; displayName: string; keyCredentials: Array<{ customKeyIdentifier: string; keyId: string }> }> }).value;
const rgScope = () => `/subscriptions/${az.profile.subscriptionId}/resourceGroups/${az.profile.resourceGroup}`;
const roleAssignmentsOf = async (principalId: string) =>
  ((await arm('GET', `${rgScope()}/providers/Microsoft.Authorization/roleAssignments?api-version=2022-04-01&$filter=${encodeURIComponent(`principalId eq '${principalId}'`)}`)).json() as { value: Array<{ id: string; name: string; properties: { roleDefinitionId: string; principalType: string; scope: string } }> }).value;

test.beforeAll(async ({ localAzure, tmp }) => {
  az = localAzure;
  root = tmp;
  dataDir = path.join(root, 'data');
  work = path.join(root, 'work');
  (await import('node:fs')).mkdirSync(work, { recursive: true });
  graphToken = await operatorToken(az.profile, 'https://graph.microsoft.com/.default');
  armToken = await operatorToken(az.profile, 'https://management.azure.com/.default');
}, 60_000);

describe('certgen CreateNewApplication and AddRegistryEntries on the local Azure', () => {
  let params: OfflineApplicationParams;

  it('refuses a subscription id that is not a GUID, and one that does not exist, creating nothing', async () => {
    const bad = await cli(['certgen', 'CreateNewApplication', 'SubscriptionId:not-a-guid']);
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toContain('"not-a-guid" is not a subscription id');
    const missing = randomUUID();
    const none = await cli(['certgen', 'CreateNewApplication', `subscriptionid:${missing}`]);
    expect(none.code).toBe(1);
    expect(none.stderr).toContain(`The subscription ${missing} was not found`);
    // The first sign-in: the device code message MSAL gives is shown, as a real device-code sign-in would.
    expect(none.stderr).toMatch(/To sign in, use a web browser to open the page .* and enter the code/);
    expect(await ownedApps()).toEqual([]);
    expect(existsSync(path.join(work, 'OfflineApplicationParams.xml'))).toBe(false);
  }, 60_000);

  it('names MissingSubscriptionRegistration in one clear error while Microsoft.ImportExport is not registered', async () => {
    const { client, identity } = await getImportExportClient(cloudFromProfile(az.profile, az.profilePath), { identity: 'operator', dataDir });
    expect(identity.kind).toBe('operator');
    const e = await azureCall('listJobs', 'importJob', async () => {
      for await (const j of client.jobs.listByResourceGroup(az.profile.resourceGroup)) void j;
    }).catch((x: unknown) => x);
    expect(isOfflineSeedError(e) && e.code).toBe('azure:errors.notRegistered');
    expect((e as Error).message).toBe('The subscription is not registered for Microsoft.ImportExport; register the resource provider Microsoft.ImportExport in the subscription (Subscriptions > Resource providers) and try again.');
  }, 60_000);

  it('an existing application without any certificate: says so and changes nothing, unless asked to recreate it', async () => {
    const bare = await graph('POST', '/applications', { displayName: `AzureOfflineBackup_${az.profile.operator.objectId}` });
    expect(bare.status).toBe(201);
    const r = await cli(['certgen', 'CreateNewApplication', `SubscriptionId:${az.profile.subscriptionId}`]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`The application AzureOfflineBackup_${az.profile.operator.objectId} (${(bare.json() as { appId: string }).appId}) exists but has no certificate.`);
    expect(r.stdout).toContain('--recreate');
    expect((await ownedApps()).map((a) => [a.id, a.keyCredentials.length])).toEqual([[(bare.json() as { id: string }).id, 0]]);
    expect(existsSync(path.join(work, 'OfflineApplicationParams.xml'))).toBe(false);
  }, 60_000);

  it('creates the application, its key, service principal and role assignment, and writes the XML in the current folder', async () => {
    const bareId = (await ownedApps())[0]!.id;
    const r = await cli(['certgen', 'CreateNewApplication', `SubscriptionId:${az.profile.subscriptionId}`, '--recreate']);
    expect(r.code, r.stderr + r.stdout).toBe(0);
    // Signed in silently from the token cache this time.
    expect(r.stderr).not.toMatch(/enter the code/);
    const xmlPath = path.join(work, 'OfflineApplicationParams.xml');
    expect(r.stdout).toContain(`OfflineApplicationParams.xml written: ${xmlPath}`);
    const parsed = parseParams(readFileSync(xmlPath, 'utf8'));
    if (isParamsProblem(parsed)) throw new Error(JSON.stringify(parsed));
    params = parsed;
    expect(params.applicationName).toBe(`AzureOfflineBackup_${az.profile.operator.objectId}`);
    expect(params.tenantId).toBe(az.profile.tenantId);
    expect(params.subscriptionId).toBe(az.profile.subscriptionId);
    expect(params.cloud).toBe('Local');

    // Graph: the application, owned by the operator, with exactly our key; the thumbprint in the XML is that key.
    const apps = await ownedApps();
    expect(apps.map((a) => a.displayName)).toEqual([params.applicationName]);
    expect(apps[0]!.id).not.toBe(bareId);
    expect(apps[0]!.appId).toBe(params.applicationId);
    expect(apps[0]!.id).toBe(params.objectId);
    expect(apps[0]!.keyCredentials).toHaveLength(1);
    expect(Buffer.from(apps[0]!.keyCredentials[0]!.customKeyIdentifier, 'base64').toString('hex').toUpperCase()).toBe(params.certificateThumbprintSha1);
    const sps = (await graph('GET', `/servicePrincipals?$filter=${encodeURIComponent(`appId eq '${params.applicationId}'`)}`)).json() as { value: Array<{ id: string }> };
    expect(sps.value.map((s) => s.id)).toEqual([params.servicePrincipalId]);

    // ARM: Contributor on the resource group, as a ServicePrincipal.
    const ras = await roleAssignmentsOf(params.servicePrincipalId);
    expect(ras).toHaveLength(1);
    expect(ras[0]!.properties.roleDefinitionId.endsWith('b24988ac-6180-42a0-ab88-20f7382dd24c')).toBe(true);
    expect(ras[0]!.properties.principalType).toBe('ServicePrincipal');
    expect(ras[0]!.properties.scope.toLowerCase()).toBe(rgScope().toLowerCase());

    // The certificate: RSA 2048, the documented subject, thumbprints matching; the private key only in a 0600 file.
    const certFile = path.join(dataDir, 'certificates', `${params.certificateThumbprintSha1}.pem`);
    const cert = new X509Certificate(readFileSync(certFile));
    expect(cert.subject).toMatch(/^CN=CB_AzureADCertforOfflineSeeding_[0-9a-f]{16}$/);
    expect(cert.publicKey.asymmetricKeyDetails?.modulusLength).toBe(2048);
    expect(cert.fingerprint256.replace(/:/g, '')).toBe(params.certificateThumbprintSha256);
    const keyFile = path.join(dataDir, 'certificates', `${params.certificateThumbprintSha1}.key`);
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(readFileSync(keyFile, 'utf8')).toContain('BEGIN PRIVATE KEY');
    expect(r.stdout + r.stderr).not.toContain('PRIVATE KEY');
    expect(readFileSync(xmlPath, 'utf8')).not.toContain('PRIVATE KEY');
    // The operator's token cache is persisted with mode 0600.
    const cache = readdirSync(dataDir).find((n) => n.startsWith('msal-cache'));
    expect(cache).toBeDefined();
    expect(statSync(path.join(dataDir, cache!)).mode & 0o777).toBe(0o600);
  }, 90_000);

  it('a token obtained with the certificate works on ARM, and the identity in use is the application', async () => {
    const cloud = cloudFromProfile(az.profile, az.profilePath);
    const id = await resolveIdentity(cloud, { identity: 'auto', dataDir });
    expect(id.identity).toEqual({ kind: 'app', name: params.applicationId });
    const token = await id.credential.getToken('https://management.azure.com/.default');
    const claims = JSON.parse(Buffer.from(token!.token.split('.')[1]!, 'base64url').toString()) as { appid?: string; oid?: string };
    expect(claims.appid).toBe(params.applicationId);
    expect(claims.oid).toBe(params.servicePrincipalId);
    const account = await new ArmRest(cloud, id.credential).getStorageAccount(az.profile.storageAccount.id, 'importJob');
    expect(account?.name).toBe(az.profile.storageAccount.name);
    expect(await new ArmRest(cloud, id.credential).storageAccountKey(az.profile.storageAccount.id, 'importJob')).toMatch(/^[A-Za-z0-9+/=]{20,}$/);

    // CreateNewApplication registered Microsoft.ImportExport: the application can list import jobs.
    const { client, identity } = await getImportExportClient(cloud, { identity: 'app', dataDir });
    expect(identity.kind).toBe('app');
    const names: string[] = [];
    for await (const j of client.jobs.listByResourceGroup(az.profile.resourceGroup)) names.push(j.name!);
    expect(names).toEqual([]);
  }, 60_000);

  it('survives injected 500/429 faults with retries and creates no duplicate import job', async () => {
    const cloud = cloudFromProfile(az.profile, az.profilePath);
    const { client } = await getImportExportClient(cloud, { identity: 'app', dataDir });
    const armRest = new ArmRest(cloud, (await resolveIdentity(cloud, { identity: 'app', dataDir })).credential, { retries: 12, baseDelayMs: 20, maxDelayMs: 1500 });
    az.setFaults({ rate: 0.4, statuses: [500, 429] });
    try {
      for (let i = 0; i < 4; i++) expect((await armRest.getStorageAccount(az.profile.storageAccount.id, 'importJob'))?.id).toBe(az.profile.storageAccount.id);
      await azureCall('createJob', 'importJob', () =>
        client.jobs.create('certgen-survivor', az.profile.resourceGroup, {
          location: az.profile.location,
          properties: {
            storageAccountId: az.profile.storageAccount.id,
            jobType: 'Import',
            driveList: [{ driveId: 'WD-CERT1', bitLockerKey: '111111-222222-333333-444444-555555-666666-777777-888888', manifestFile: '\\DriveManifest.xml', manifestHash: '109B21108597EF36D5785F08303F3638' }],
          },
        }),
      );
      const names: string[] = [];
      for await (const j of client.jobs.listByResourceGroup(az.profile.resourceGroup)) names.push(j.name!);
      expect(names.filter((n) => n === 'certgen-survivor')).toHaveLength(1);
    } finally {
      az.setFaults(null);
    }
  }, 120_000);

  it('a second run changes nothing in Azure, takes the manual path and shows the thumbprint', async () => {
    const before = await ownedApps();
    const second = path.join(root, 'second');
    (await import('node:fs')).mkdirSync(second);
    // stdin is not a terminal here: no --no-wait needed, the command ends at once (exit 3) instead of waiting.
    const started = Date.now();
    const r = await cli(['certgen', 'createnewapplication', `SUBSCRIPTIONID:${az.profile.subscriptionId}`], second);
    expect(r.code, r.stderr).toBe(3);
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(r.stdout).toContain('Run the same command again after the upload to finish.');
    expect(r.stdout).toContain('already exists with 1 certificate.');
    const thumb = /Thumbprint: ([0-9A-F]{40})/.exec(r.stdout)?.[1];
    expect(thumb).toBeDefined();
    expect(thumb).not.toBe(params.certificateThumbprintSha1);
    const cer = readdirSync(second).find((n) => n.endsWith('.cer'));
    expect(cer).toMatch(/^CB_AzureADCertforOfflineSeeding_[0-9a-f]{16}\.cer$/);
    const der = readFileSync(path.join(second, cer!));
    expect(der.toString('latin1')).not.toContain('PRIVATE KEY');
    expect(new X509Certificate(der).fingerprint.replace(/:/g, '')).toBe(thumb);
    expect(r.stdout).toContain(`https://portal.azure.com/#view/Microsoft_AAD_RegisteredApps/ApplicationMenuBlade/~/Credentials/appId/${params.applicationId}`);
    expect(await ownedApps()).toEqual(before);
    expect(existsSync(path.join(second, 'OfflineApplicationParams.xml'))).toBe(false);

    // The operator uploads the .cer (here through Graph, keeping the existing key); the next run sees it and finishes.
    const app = before[0]!;
    const patch = await graph('PATCH', `/applications/${app.id}`, {
      keyCredentials: [{ keyId: app.keyCredentials[0]!.keyId }, { type: 'AsymmetricX509Cert', usage: 'Verify', key: der.toString('base64') }],
    });
    expect(patch.status).toBe(204);
    const done = await cli(['certgen', 'CreateNewApplication', `SubscriptionId:${az.profile.subscriptionId}`, '--poll-seconds', '1', '--wait-minutes', '1'], second);
    expect(done.code, done.stderr).toBe(0);
    expect(done.stdout).toContain(`Thumbprint: ${thumb}`);
    expect(done.stdout).toContain(`The certificate ${thumb} is on the application.`);
    const p2 = parseParams(readFileSync(path.join(second, 'OfflineApplicationParams.xml'), 'utf8'));
    expect(!isParamsProblem(p2) && p2.certificateThumbprintSha1).toBe(thumb);
    expect(!isParamsProblem(p2) && p2.servicePrincipalId).toBe(params.servicePrincipalId);
  }, 90_000);

  it('AddRegistryEntries writes the thumbprint value and the params for the storage account', async () => {
    const xml = path.join(work, 'OfflineApplicationParams.xml');
    const r = await cli(['certgen', 'AddRegistryEntries', `SubscriptionId:${az.profile.subscriptionId}`, `xmlfilepath:${xml}`, `storageaccountname:${az.profile.storageAccount.name}`]);
    expect(r.code, r.stderr).toBe(0);
    const reg = JSON.parse(readFileSync(path.join(dataDir, 'registry.json'), 'utf8')) as Record<string, Record<string, string>>;
    expect(reg['HKLM\\SOFTWARE\\Microsoft\\Windows Azure Backup\\Config\\CloudBackupProvider']).toEqual({ [`AzureADAppCertThumbprint_${az.profile.operator.objectId}`]: params.certificateThumbprintSha1 });
    const copied = path.join(dataDir, 'MicrosoftBackupProvider', `OfflineApplicationParams_${az.profile.storageAccount.name}.xml`);
    expect(r.stdout).toContain(copied);
    const p = parseParams(readFileSync(copied, 'utf8'));
    expect(!isParamsProblem(p) && [p.storageAccountName, p.storageAccountId, p.certificateThumbprintSha1]).toEqual([az.profile.storageAccount.name, az.profile.storageAccount.id, params.certificateThumbprintSha1]);
  }, 60_000);

  it('AddRegistryEntries refuses a malformed XML, an unknown storage account and a bad GUID, writing nothing', async () => {
    const regFile = path.join(dataDir, 'registry.json');
    const before = readFileSync(regFile, 'utf8');
    const broken = path.join(work, 'broken.xml');
    writeFileSync(broken, '<OfflineApplicationParams><TenantId>x</TenantId>');
    const bad = await cli(['certgen', 'AddRegistryEntries', `SubscriptionId:${az.profile.subscriptionId}`, `xmlfilepath:${broken}`, 'storageaccountname:other']);
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toContain('is not a valid OfflineApplicationParams.xml');
    const xml = path.join(work, 'OfflineApplicationParams.xml');
    const noAccount = await cli(['certgen', 'AddRegistryEntries', `SubscriptionId:${az.profile.subscriptionId}`, `xmlfilepath:${xml}`, 'storageaccountname:nosuchaccount']);
    expect(noAccount.code).toBe(1);
    expect(noAccount.stderr).toContain('The storage account nosuchaccount was not found');
    const guid = await cli(['certgen', 'AddRegistryEntries', 'SubscriptionId:1234', `xmlfilepath:${xml}`, `storageaccountname:${az.profile.storageAccount.name}`]);
    expect(guid.code).toBe(2);
    expect(readFileSync(regFile, 'utf8')).toBe(before);
    expect(readdirSync(path.join(dataDir, 'MicrosoftBackupProvider'))).toEqual([`OfflineApplicationParams_${az.profile.storageAccount.name}.xml`]);
  }, 60_000);

  it('with an insufficient role: one clear error and nothing half-created (the application is removed again)', async () => {
    // Delete the application from the earlier tests, then leave the operator only Contributor (no roleAssignments/write).
    for (const a of await ownedApps()) expect((await graph('DELETE', `/applications/${a.id}`)).status).toBe(204);
    const sub = `/subscriptions/${az.profile.subscriptionId}`;
    const contributor = await arm('PUT', `${sub}/providers/Microsoft.Authorization/roleAssignments/${randomUUID()}?api-version=2022-04-01`, {
      properties: { roleDefinitionId: `${sub}/providers/Microsoft.Authorization/roleDefinitions/b24988ac-6180-42a0-ab88-20f7382dd24c`, principalId: az.profile.operator.objectId, principalType: 'User' },
    });
    expect(contributor.status).toBe(201);
    const mine = ((await arm('GET', `${sub}/providers/Microsoft.Authorization/roleAssignments?api-version=2022-04-01&$filter=${encodeURIComponent(`principalId eq '${az.profile.operator.objectId}'`)}`)).json() as { value: Array<{ id: string; properties: { roleDefinitionId: string } }> }).value;
    const owner = mine.find((a) => a.properties.roleDefinitionId.endsWith('8e3af657-a8ff-443c-a75c-2fe8c4bcb635'))!;
    expect((await arm('DELETE', `${owner.id}?api-version=2022-04-01`)).status).toBe(200);
    const certsBefore = readdirSync(path.join(dataDir, 'certificates')).sort();
    const third = path.join(root, 'third');
    (await import('node:fs')).mkdirSync(third);
    const r = await cli(['certgen', 'CreateNewApplication', `SubscriptionId:${az.profile.subscriptionId}`], third);
    expect(r.code).toBe(1);
    const lines = r.stderr.trim().split('\n').filter((l) => l.startsWith('Error'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('lacks permission (AuthorizationFailed)');
    expect(await ownedApps()).toEqual([]);
    expect(readdirSync(path.join(dataDir, 'certificates')).sort()).toEqual(certsBefore);
    expect(readdirSync(third)).toEqual([]);
  }, 90_000);
});
