/** The certificate step's own errors: one sentence each, code = catalog key under `certificate:errors`. */

import { OfflineSeedError, type ErrorParams } from '../../shared/errors';

export function certError(name: string, message: string, params: ErrorParams = {}, exitCode = 1, cause?: unknown): OfflineSeedError {
  return new OfflineSeedError({ code: `certificate:errors.${name}`, message, params, step: 'certificate', exitCode, cause });
}

export const badSubscriptionId = (value: string) =>
  certError('badSubscriptionId', `"${value}" is not a subscription id; give the subscription's GUID, e.g. SubscriptionId:00000000-0000-0000-0000-000000000000.`, { value }, 2);

export const subscriptionNotFound = (id: string) =>
  certError('subscriptionNotFound', `The subscription ${id} was not found for the signed-in account; check the id in the portal (Subscriptions) and sign in with an account that can see it.`, { id });
