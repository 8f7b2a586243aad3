/** Handlers of step 3 for a staging location the backup agent wrote: contract requests mapped onto the use cases. */

import type { agentStagingRequests } from '../../shared/contract/agentStaging';
import { checkAgentStaging, openAgentStaging } from '../usecases';
import { useCaseEnv, type DomainHandlers } from './types';

export function createAgentStagingHandlers(): DomainHandlers<typeof agentStagingRequests> {
  return {
    'agentStaging.check': async ({ input }, ctx) => {
      const c = await checkAgentStaging(useCaseEnv(ctx), input);
      return { problems: c.problems, summary: c.summary ?? null };
    },

    'agentStaging.open': async ({ input, cloud, tenantId }, ctx) => {
      // The check's problems go back as data, one sentence each, as staging.start does; nothing is written then.
      const c = await checkAgentStaging(useCaseEnv(ctx), input);
      if (c.problems.length > 0) return { problems: c.problems };
      const opened = await openAgentStaging(useCaseEnv(ctx), input, { cloud: cloud ?? process.env.OFFLINE_SEED_CLOUD ?? 'AzureCloud', tenantId }, c);
      return { summary: opened.summary };
    },
  };
}
