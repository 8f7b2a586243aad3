/** The certificate step's own errors: one sentence each, code = catalog key under `certificate:errors`. */

import { OfflineSeedError, type ErrorParams } from '../../shared/errors';
import type { KeyUnder } from '../../shared/i18n';

export function certError(name: KeyUnder<'certificate:errors'>, params: ErrorParams = {}, exitCode = 1, cause?: unknown): OfflineSeedError {
  return new OfflineSeedError({ code: `certificate:errors.${name}`, params, step: 'certificate', exitCode, cause });
}

export const badSubscriptionId = (value: string) =>
  certError('badSubscriptionId', { value }, 2);

export const subscriptionNotFound = (id: string) =>
  certError('subscriptionNotFound', { id });
