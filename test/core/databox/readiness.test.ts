import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { test } from '../../helpers/fixtures';
import type { LocalAzure } from '../../helpers/localAzure';
import { connectDataBox, type DataBoxConnection } from '../../../src/core/databox/client';
import { readinessChecks } from '../../../src/core/databox/orders';
import { dataBoxReadiness, orderDataBox } from '../../../src/core/usecases/databox';
import type { OfflineSeedError } from '../../../src/shared/errors';
import type { ReadinessCheck } from '../../../src/shared/model/dataBox';
import { translate } from '../../../src/shared/i18n/translate';

let azure: LocalAzure;
let c: DataBoxConnection;

test.beforeAll(async ({ localAzure, tmp }) => {
  azure = localAzure;
  c = await connectDataBox({ cloud: azure.profilePath, dataDir: path.join(tmp, 'app-data'), env: {} });
}, 60_000);

const readerRole = 'acdd72a7-3385-48ef-bd42-f606fba81ae7';
const ownerRole = '8e3af657-a8ff-443c-a75c-2fe8c4bcb635';

describe('Data Box readiness: Owner, subscription type and the region, read from Azure', () => {
  it('passes for the Owner once Microsoft.DataBox is registered, with the region’s first schedulable date and transports', async () => {
    const r = await dataBoxReadiness(c, { storageAccountId: azure.profile.storageAccount.id, dataSizeTB: 3, country: 'NL' }, { register: true });
    expect(r.registered).toBe(true);
    const byId = Object.fromEntries(r.checks.map((x) => [x.id, x]));
    expect(byId.owner).toMatchObject({ ok: true, params: { subscription: azure.profile.subscriptionId } });
    expect(byId.subscription).toMatchObject({ ok: true });
    expect(byId.region?.ok).toBe(true);
    expect(byId.region?.params.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(byId.region?.params.transports).toBe('MicrosoftManaged, CustomerManaged');
    expect(translate('en', 'databox:readiness.owner.ok', byId.owner!.params)).toBe(`${String(byId.owner!.params.who)} is Owner of subscription ${azure.profile.subscriptionId}.`);
  });
});

describe('Data Box readiness when Azure says no (the local Azure’s restrict control)', () => {
  const input = () => ({ storageAccountId: azure.profile.storageAccount.id, dataSizeTB: 3, country: 'NL' });
  const byId = (checks: ReadinessCheck[]): Partial<Record<string, ReadinessCheck>> => Object.fromEntries(checks.map((x) => [x.id, x]));

  it('names a subscription Azure does not let order, with the subscription types Data Box takes, and orders nothing', async () => {
    await azure.dataBoxRestrict({ subscriptionNotAllowed: true });
    try {
      const r = await dataBoxReadiness(c, input(), { register: true });
      const checks = byId(r.checks);
      expect(checks.subscription!.ok).toBe(false);
      // Everything else still passes: the failure is the subscription's alone.
      expect(r.checks.filter((x) => !x.ok).map((x) => x.id)).toEqual(['subscription']);
      const sentence = translate('en', 'databox:readiness.subscription.fail', checks.subscription!.params);
      expect(sentence).toContain(`Azure does not let subscription ${azure.profile.subscriptionId} order Data Box (`);
      expect(sentence).toContain('is not allowed to create Data Box orders');
      expect(sentence).toMatch(/Data Box takes Enterprise Agreement, Microsoft Customer Agreement, CSP, Sponsorship and MPN subscriptions\.$/);
      expect(translate('de', 'databox:readiness.subscription.fail', checks.subscription!.params)).toContain(azure.profile.subscriptionId);
      let seen: string[] = [];
      const refused = await orderDataBox(c, { jobName: 'not-allowed', storageAccountId: azure.profile.storageAccount.id, dataSizeTB: 3, contact: { name: 'Ops', phone: '0201234567', emails: ['ops@example.com'] }, address: { street: 'Keizersgracht 1', city: 'Amsterdam', postalCode: '1015 CJ', country: 'NL' } }, { register: false, checkOnly: false, onChecks: (x) => (seen = x.filter((y) => !y.ok).map((y) => y.id)) }).then(
        () => null,
        (e: unknown) => e as OfflineSeedError,
      );
      expect(refused?.code).toBe('databox:errors.notReady');
      expect(seen).toEqual(['subscription']);
      expect((await c.client.jobs.listByResourceGroup(azure.profile.resourceGroup).next()).value).toBeUndefined();
    } finally {
      await azure.dataBoxRestrict({});
    }
  });

  it('names a region without Data Box Disk (availableSkus disabled for Region) and leaves the schedule unasked', async () => {
    await azure.dataBoxRestrict({ skuUnavailableIn: [azure.profile.location] });
    try {
      const r = await readinessChecks(c, input());
      const checks = byId(r.checks);
      expect(checks.sku).toMatchObject({ ok: false, params: { location: azure.profile.location, reason: 'Region' } });
      expect(checks.region).toBeUndefined();
      expect(r.checks.filter((x) => !x.ok).map((x) => x.id)).toEqual(['sku']);
      expect(translate('en', 'databox:readiness.sku.fail', checks.sku!.params)).toBe(
        `Data Box Disk is not available for ${azure.profile.location} (Region): choose a storage account in a region where Data Box Disk is offered.`,
      );
    } finally {
      await azure.dataBoxRestrict({});
    }
  });

  it('names a region Microsoft cannot schedule (regionConfiguration without dates), with what to do', async () => {
    await azure.dataBoxRestrict({ noDatesIn: [azure.profile.location] });
    try {
      const r = await readinessChecks(c, input());
      const checks = byId(r.checks);
      expect(checks.sku!.ok).toBe(true);
      expect(checks.region).toMatchObject({ ok: false, params: { location: azure.profile.location, date: '' } });
      expect(r.checks.filter((x) => !x.ok).map((x) => x.id)).toEqual(['region']);
      expect(translate('en', 'databox:readiness.region.fail', checks.region!.params)).toBe(
        `Microsoft has no date to schedule Data Box Disk for ${azure.profile.location}: try again later or choose a storage account in another region.`,
      );
    } finally {
      await azure.dataBoxRestrict({});
    }
    // Lifted: the same account is schedulable again.
    expect(byId((await readinessChecks(c, input())).checks).region!.ok).toBe(true);
  });
});

// Last: it takes the Owner role away for the rest of the file.
describe('Data Box readiness without the Owner role', () => {
  it('fails the Owner check for an operator who holds only Reader on the subscription, and says what to do', async () => {
    const scope = `/subscriptions/${azure.profile.subscriptionId}`;
    const mine = await c.arm.listRoleAssignments(scope, azure.profile.operator.objectId, 'shipping', 'assignedTo');
    const owner = mine.find((a) => a.roleDefinitionId.endsWith(ownerRole))!;
    expect(owner).toBeDefined();
    // Reader first (the Owner may grant it), then the Owner assignment goes: the operator can still read, not own.
    await c.arm.assignRole(scope, readerRole, azure.profile.operator.objectId, 'shipping');
    await c.arm.deleteRoleAssignment(owner.id, 'shipping');
    const r = await readinessChecks(c, { storageAccountId: azure.profile.storageAccount.id, dataSizeTB: 3, country: 'NL' });
    const check = r.checks.find((x) => x.id === 'owner')!;
    expect(check.ok).toBe(false);
    expect(translate('en', 'databox:readiness.owner.fail', check.params)).toMatch(/is not Owner of subscription .+: the backup agent's Data Box wizard needs an Owner/);
    // Only the Owner check fails; the checks that call Data Box actions wait for the Owner.
    expect(r.checks.map((x) => `${x.id}:${x.ok}`)).toEqual(['owner:false', 'provider:true', 'storageAccount:true', 'storageKind:true', 'size:true']);
  });
});
