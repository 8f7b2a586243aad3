/** Handlers of the app domain: build info, language, links, jobs. */

import { OfflineSeedError } from '../../shared/errors';
import type { appRequests } from '../../shared/contract/app';
import { isAllowedExternalLink } from '../../shared/links';
import { version } from '../version';
import type { DomainHandlers } from './types';
import { elevationPrompt } from './elevationPrompt';

export function createAppHandlers(): DomainHandlers<typeof appRequests> {
  return {
    'app.info': async (_arg, ctx) => ({ name: 'Offline Seed', version, capabilities: ctx.capabilities, elevationPrompt: elevationPrompt(ctx) }),
    'app.openExternal': async ({ url }, ctx) => {
      if (!isAllowedExternalLink(url)) {
        throw new OfflineSeedError({
          code: 'app:errors.linkNotAllowed',
        });
      }
      await ctx.openExternal(url);
      return { opened: true };
    },
    'app.setLanguage': async ({ language }, ctx) => {
      ctx.setLanguage(language);
      return { language };
    },
    'jobs.cancel': async ({ jobId }, ctx) => {
      if (!ctx.jobs.cancel(jobId)) {
        throw new OfflineSeedError({
          code: 'app:errors.jobNotFound',
          params: { jobId },
        });
      }
      return { cancelled: true };
    },
    'jobs.list': async (_arg, ctx) => ({ running: ctx.jobs.running() }),
  };
}
