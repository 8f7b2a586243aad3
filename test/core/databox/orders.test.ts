import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { test } from '../../helpers/fixtures';
import type { LocalAzure } from '../../helpers/localAzure';
import { dataBoxOrderInput } from '../../helpers/dataBoxOrder';
import { connectDataBox, dataBoxApiVersion, type DataBoxConnection } from '../../../src/core/databox/client';
import { cancelOrder, deleteOrder, disksFor, markShipped, orderStatus, placeOrder, readinessChecks, secretsFile, storeCredentials, uploadLogs } from '../../../src/core/databox/orders';
import { orderAccount, orderDataBox } from '../../../src/core/usecases/databox';
import { OfflineSeedError } from '../../../src/shared/errors';
import type { DataBoxOrderInput } from '../../../src/shared/model/dataBox';

let azure: LocalAzure;
let c: DataBoxConnection;
let dataDir: string;
let scratch: string;

function input(jobName: string, extra: Partial<DataBoxOrderInput> = {}): DataBoxOrderInput {
  return dataBoxOrderInput(azure, jobName, extra);
}

async function codeOf(p: Promise<unknown>): Promise<string> {
  return p.then(
    () => 'no error',
    (e: unknown) => (e instanceof OfflineSeedError ? e.code : String(e)),
  );
}

test.beforeAll(async ({ localAzure, tmp }) => {
  azure = localAzure;
  scratch = tmp;
  dataDir = path.join(tmp, 'app-data');
  c = await connectDataBox({ cloud: azure.profilePath, dataDir, env: {} });
}, 60_000);

describe('the Data Box route in the engine, against the local Azure over TLS with @azure/arm-databox', () => {
  it('uses the SDK default api-version it documents', () => {
    expect(c.client.apiVersion).toBe(dataBoxApiVersion);
  });

  it('readiness: the provider, the account and its kind, the SKU, the size; --register registers and orders nothing with checkOnly', async () => {
    const before = await readinessChecks(c, { storageAccountId: azure.profile.storageAccount.id, dataSizeTB: 3, country: 'NL' });
    expect(before.checks.find((x) => x.id === 'provider')?.ok).toBe(false);
    expect(before.checks.find((x) => x.id === 'storageKind')).toMatchObject({ ok: true, params: { kind: 'StorageV2' } });
    const seen: string[] = [];
    const none = await orderDataBox(c, input('never-ordered'), { register: true, checkOnly: true, onChecks: (checks) => seen.push(...checks.filter((x) => x.ok).map((x) => x.id)) });
    expect(none).toBeNull();
    expect(seen.sort()).toEqual(['owner', 'provider', 'region', 'size', 'sku', 'storageAccount', 'storageKind', 'subscription']);
    const other = await readinessChecks(c, { storageAccountId: `/subscriptions/${azure.profile.subscriptionId}/resourceGroups/x/providers/Microsoft.Storage/storageAccounts/nope`, dataSizeTB: 36, country: 'NL' });
    expect(other.checks.filter((x) => !x.ok).map((x) => x.id)).toEqual(['storageAccount', 'size']);
    expect(disksFor(35)).toBe(5);
    expect(disksFor(36)).toBe(6);
    expect(await codeOf(orderDataBox(c, input('too-big', { dataSizeTB: 40 }), { register: false, checkOnly: false, onChecks: () => undefined }))).toBe('databox:errors.notReady');
    expect(await codeOf(orderStatus(c, 'too-big'))).toBe('azure:errors.request');
  });

  it('refuses a custom passkey that breaks a rule before anything reaches Azure', async () => {
    for (const [passkey, rule] of [
      ['Short1@', 'length'],
      ['Has-Dash-123@', 'characters'],
      ['NoDigitsHere@', 'digit'],
      ['NoSpecial1234', 'special'],
    ] as const) {
      expect(await codeOf(placeOrder(c, input('bad-passkey', { passkey })))).toBe(`databox:errors.passkey.${rule}`);
    }
    expect(await codeOf(orderStatus(c, 'bad-passkey'))).toBe('azure:errors.request');
  });

  it('orders after validateInputs, shows the timeline, keeps the passkey 0600 in 0700 once processed, and cancels only before that', async () => {
    const s = await placeOrder(c, input('seed-core', { passkey: 'Rehearsal2026@Seed' }), { pollMs: 10 });
    expect(s.status).toBe('DeviceOrdered');
    expect(s.stages.map((x) => x.name)).toEqual(['DeviceOrdered', 'DevicePrepared', 'Dispatched', 'Delivered', 'PickedUp', 'AtAzureDC', 'DataCopy', 'Completed']);
    expect(s.stages[0]!.status).toBe('Succeeded');
    expect(s.isCancellable).toBe(true);
    expect(await codeOf(storeCredentials(c, dataDir, 'seed-core'))).toBe('databox:errors.noPasskeyYet');
    await azure.advanceDays(1);
    const stored = await storeCredentials(c, dataDir, 'seed-core');
    expect(stored).not.toHaveProperty('passkey');
    expect(JSON.stringify(stored)).not.toContain('Rehearsal2026@Seed');
    expect(stored.disks).toHaveLength(1);
    expect(stored.file).toBe(secretsFile(dataDir, azure.profile.subscriptionId, 'seed-core'));
    expect((await stat(stored.file)).mode & 0o777).toBe(0o600);
    expect((await stat(path.dirname(stored.file))).mode & 0o777).toBe(0o700);
    expect(JSON.parse(await readFile(stored.file, 'utf8'))).toMatchObject({ passkey: 'Rehearsal2026@Seed', isPasskeyUserDefined: true });
    expect(await codeOf(cancelOrder(c, 'seed-core', 'late'))).toBe('databox:errors.notCancellable');
    expect(await codeOf(deleteOrder(c, dataDir, 'seed-core', { pollMs: 10 }))).toBe('databox:errors.notDeletable');
  });

  it('cancels an order before it is processed and deletes it', async () => {
    await placeOrder(c, input('seed-cancel'), { pollMs: 10 });
    const s = await cancelOrder(c, 'seed-cancel', 'ordered twice');
    expect(s.status).toBe('Cancelled');
    expect(s.final).toBe(true);
    await deleteOrder(c, dataDir, 'seed-cancel', { pollMs: 10 });
    expect(await codeOf(orderStatus(c, 'seed-cancel'))).toBe('azure:errors.request');
  });

  it('marks the disks shipped, and reads the upload logs per file after the datacenter uploads them', async () => {
    expect(await codeOf(markShipped(c, 'seed-core', '', ''))).toBe('databox:errors.needCarrier');
    await azure.advanceDays(2);
    expect((await orderStatus(c, 'seed-core')).status).toBe('Dispatched');
    const delivered = await azure.dataBoxDeliver('seed-core', path.join(scratch, 'disks'));
    const root = delivered.disks[0]!.path;
    const delivery = await orderStatus(c, 'seed-core');
    expect(delivery.status).toBe('Delivered');
    expect(delivery.returnLabel).toMatch(/^https:/);
    await mkdir(path.join(root, 'PageBlob', 'offlinebackup'), { recursive: true });
    await writeFile(path.join(root, 'PageBlob', 'offlinebackup', 'good.vhd'), randomBytes(8192));
    await writeFile(path.join(root, 'PageBlob', 'offlinebackup', 'odd.vhd'), randomBytes(700));
    const shipped = await markShipped(c, 'seed-core', 'UPS', '1Z0000000000000001');
    expect(shipped.status).toBe('PickedUp');
    await azure.dataBoxReceive('seed-core', [root]);
    const { status, entries } = await uploadLogs(c, 'seed-core', orderAccount(c, undefined));
    expect(status.status).toBe('CompletedWithWarnings');
    expect(status.disks[0]).toMatchObject({ percentComplete: 100 });
    const byFile = Object.fromEntries(entries.map((e) => [e.filePath, e]));
    expect(byFile['\\PageBlob\\offlinebackup\\good.vhd']).toMatchObject({ status: 'Completed', blobPath: 'offlinebackup/good.vhd', size: 8192 });
    expect(byFile['\\PageBlob\\offlinebackup\\odd.vhd']).toMatchObject({ status: 'InvalidPageBlobUploadAsBlockBlob', size: 700 });
    await deleteOrder(c, dataDir, 'seed-core', { pollMs: 10 });
    await expect(stat(secretsFile(dataDir, azure.profile.subscriptionId, 'seed-core'))).rejects.toThrow();
  });
});
