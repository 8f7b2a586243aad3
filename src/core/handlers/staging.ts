/** Handlers of the staging domain: contract requests mapped onto core functions. */

import type { stagingRequests } from '../../shared/contract/staging';
import type { DomainHandlers } from './types';

export function createStagingHandlers(): DomainHandlers<typeof stagingRequests> {
  return {};
}
