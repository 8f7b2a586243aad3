/** Handlers of the azure domain: contract requests mapped onto core functions. */

import type { azureRequests } from '../../shared/contract/azure';
import type { DomainHandlers } from './types';

export function createAzureHandlers(): DomainHandlers<typeof azureRequests> {
  return {};
}
