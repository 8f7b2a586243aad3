/** Handlers of the workflow domain: contract requests mapped onto core functions. */

import type { workflowRequests } from '../../shared/contract/workflow';
import type { DomainHandlers } from './types';

export function createWorkflowHandlers(): DomainHandlers<typeof workflowRequests> {
  return {};
}
