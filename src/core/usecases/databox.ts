/**
 * The Data Box route's use cases, as the command line and the wizard's handlers run them: connect as the operator,
 * then the steps of src/core/databox (readiness, order, status, credentials, disk checks, ship, logs, cancel, delete).
 */

import { OfflineSeedError } from '../../shared/errors';
import type { DataBoxOrderInput, DataBoxStatus, ReadinessCheck } from '../../shared/model/dataBox';
import { connectDataBox, type DataBoxConnection } from '../databox/client';
import { placeOrder, readinessChecks } from '../databox/orders';
import { signInHooks } from '../identity/identity';
import type { UseCaseEnv } from './env';

export interface DataBoxScope {
  /** The cloud chosen on the wizard's first step, when the run names none (`env.cloud`). */
  cloud?: string | undefined;
  subscriptionId?: string | undefined;
  resourceGroup?: string | undefined;
}

/** The operator's Microsoft.DataBox connection in the run's cloud. */
export function openDataBox(env: UseCaseEnv, scope: DataBoxScope): Promise<DataBoxConnection> {
  return connectDataBox({
    cloud: env.cloud || scope.cloud || (env.env ?? process.env).OFFLINE_SEED_CLOUD,
    dataDir: env.dataDir,
    subscriptionId: scope.subscriptionId,
    resourceGroup: scope.resourceGroup,
    ...signInHooks(env),
  });
}

/** The storage account of an order: the one named, else the local rehearsal's. */
export function orderAccount(c: DataBoxConnection, storageAccountId: string | undefined): { id: string; name: string; blobEndpoint?: string } {
  if (storageAccountId) return { id: storageAccountId, name: storageAccountId.split('/').pop() ?? storageAccountId };
  const local = c.cloud.local;
  if (local) return { id: local.storageAccount.id, name: local.storageAccount.name, blobEndpoint: local.storageAccount.blobEndpoint };
  throw new OfflineSeedError({ code: 'databox:errors.needStorageAccount', exitCode: 2 });
}

/**
 * The checks before ordering (readinessChecks); registers Microsoft.DataBox first when asked and it is not, then
 * checks again. Orders nothing.
 */
export async function dataBoxReadiness(
  c: DataBoxConnection,
  input: { storageAccountId: string; dataSizeTB: number; country: string },
  o: { register: boolean; onRegistered?(): void },
): Promise<{ checks: ReadinessCheck[]; location?: string; registered: boolean }> {
  let r = await readinessChecks(c, input);
  let registered = false;
  if (o.register && r.checks.some((x) => x.id === 'provider' && !x.ok)) {
    await c.arm.registerProvider(c.subscriptionId, 'Microsoft.DataBox', 'shipping');
    registered = true;
    o.onRegistered?.();
    r = await readinessChecks(c, input);
  }
  return { ...r, registered };
}

/**
 * Readiness, then the order: registers Microsoft.DataBox first when asked, stops with the failed checks when one
 * fails (nothing is ordered), validates and creates otherwise.
 */
export async function orderDataBox(
  c: DataBoxConnection,
  input: Omit<DataBoxOrderInput, 'location' | 'resourceGroup'> & { location?: string | undefined },
  o: { register: boolean; checkOnly: boolean; onChecks(checks: ReadinessCheck[]): void; onRegistered?(): void; pollMs?: number },
): Promise<DataBoxStatus | null> {
  const r = await dataBoxReadiness(c, { storageAccountId: input.storageAccountId, dataSizeTB: input.dataSizeTB, country: input.address.country }, o);
  o.onChecks(r.checks);
  if (r.checks.some((x) => !x.ok)) throw new OfflineSeedError({ code: 'databox:errors.notReady', step: 'shipping' });
  if (o.checkOnly) return null;
  const location = input.location ?? r.location;
  if (!location) throw new OfflineSeedError({ code: 'databox:errors.badOrderField', params: { field: 'location' }, exitCode: 2 });
  return placeOrder(c, { ...input, location, resourceGroup: c.resourceGroup }, o.pollMs !== undefined ? { pollMs: o.pollMs } : {});
}
