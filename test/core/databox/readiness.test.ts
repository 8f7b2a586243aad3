import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { test } from '../../helpers/fixtures';
import type { LocalAzure } from '../../helpers/localAzure';
import { connectDataBox, type DataBoxConnection } from '../../../src/core/databox/client';
import { readinessChecks } from '../../../src/core/databox/orders';
import { dataBoxReadiness } from '../../../src/core/usecases/databox';
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
