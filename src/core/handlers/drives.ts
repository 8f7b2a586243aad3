/** Handlers of the drives domain: contract requests mapped onto core functions. */

import type { drivesRequests } from '../../shared/contract/drives';
import type { DomainHandlers } from './types';

export function createDrivesHandlers(): DomainHandlers<typeof drivesRequests> {
  return {};
}
