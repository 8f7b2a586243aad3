/** Handlers of the staging domain: contract requests mapped onto core functions. */

import path from 'node:path';
import type { stagingRequests } from '../../shared/contract/staging';
import { readSession } from '../session/sessionFile';
import { stagingError } from '../staging/errors';
import { listShippableFiles } from '../staging/layout';
import { readPublishSettings } from '../staging/publishSettings';
import { restoreStaging } from '../staging/restore';
import { runStaging } from '../staging/stage';
import { checkStageInput } from '../staging/validate';
import { restoreSource } from '../usecases';
import { useCaseEnv, type DomainHandlers } from './types';

export function createStagingHandlers(): DomainHandlers<typeof stagingRequests> {
  return {
    'staging.validate': async (input) => {
      const { problems, checked } = await checkStageInput(input);
      return checked ? { problems, sourceBytes: checked.sourceBytes } : { problems };
    },

    'staging.readPublishSettings': async ({ file }) => {
      const s = await readPublishSettings(file);
      return { schemaVersion: s.schemaVersion, subscriptions: s.subscriptions.map(({ id, name, cloud }) => ({ id, name, cloud })) };
    },

    'staging.start': async ({ input, cloud, tenantId }, ctx) => {
      // Checked first, so that invalid input answers at once and writes nothing; the job checks again.
      const { problems } = await checkStageInput(input);
      if (problems.length > 0) return { problems };
      const { jobId } = ctx.jobs.start('stage', async (job) => {
        const outcome = await runStaging({ ...input, cloud: cloud ?? process.env.OFFLINE_SEED_CLOUD ?? 'AzureCloud', ...(tenantId ? { tenantId } : {}) }, job);
        if (!outcome.ok) {
          const first = outcome.problems[0]!;
          // The sentence nests the rule's own sentence (`problem` is its key), filled with the rule's params.
          throw stagingError('invalidInput', { ...first.params, problem: first.key }, 2);
        }
        return outcome;
      });
      return { jobId };
    },

    'staging.status': async ({ stagingDir }) => {
      const dir = path.resolve(stagingDir);
      const session = await readSession(dir);
      if (!session) return null;
      const files = await listShippableFiles(dir);
      const stats = session.staging?.stats ?? null;
      return {
        state: session.state,
        importJobName: session.importJobName,
        sources: session.sources,
        stats,
        shippable: { files: files.length, bytes: files.reduce((n, f) => n + f.size, 0) },
      };
    },

    'staging.restore': async ({ stagingDir, toDir }, ctx) => {
      const source = await restoreSource(useCaseEnv(ctx), 'staging', stagingDir);
      const { jobId } = ctx.jobs.start('restore', (job) => restoreStaging(source, path.resolve(toDir), job));
      return { jobId };
    },
  };
}
