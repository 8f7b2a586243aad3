/**
 * `restore --from cloud s:<staging>`: the staging engineer's restore reads the packs and index back from the
 * container (through the drive manifests) instead of from the staging folder.
 */

import path from 'node:path';
import { OfflineSeedError } from '../../shared/errors';
import { ensureAppDataDir } from '../platform/appDataDir';
import { filesPackSource, type PackSource } from '../staging/restore';
import { connectForSession } from '../identity/connect';
import { openCloudStagingSource } from './cloudSource';
import { jobsOfStaging } from '../session/locate';
import { loadManifests } from './manifests';

export interface CloudPackSourceOptions {
  stagingDir: string;
  /** `--cloud`, else the session's cloud. */
  cloud?: string | undefined;
  dataDir: string;
  env?: NodeJS.ProcessEnv;
}

/** A PackSource over the blobs of the staging location's jobs. */
export async function cloudPackSource(o: CloudPackSourceOptions): Promise<PackSource> {
  const s = await jobsOfStaging(o.stagingDir);
  const azure = await connectForSession(s.session, { cloud: o.cloud, dataDir: o.dataDir, ...(o.env ? { env: o.env } : {}) });
  const manifests = await loadManifests(azure, s.stagingDir, s.jobs);
  const source = openCloudStagingSource(azure, s.session.container, manifests);
  return filesPackSource(`${s.session.storageAccount}/${s.session.container}`, source);
}

/** `restore --from cloud s:<staging>` as the command line calls it: s: is needed to know the job and the container. */
export async function cloudPackSourceForCli(cloud: string | undefined, stagingDir: string | undefined, env: NodeJS.ProcessEnv): Promise<PackSource> {
  if (!stagingDir) {
    throw new OfflineSeedError({
      code: 'workflow:errors.restoreNeedsStaging',
      exitCode: 2,
      step: 'complete',
    });
  }
  return cloudPackSource({ stagingDir: path.resolve(stagingDir), cloud, dataDir: ensureAppDataDir(env), env });
}
