/** Which Azure to talk to: a public cloud by name, or a local profile file (--cloud path or OFFLINE_SEED_CLOUD). */

import { isPublicCloudName, localCloudProfileSchema, publicClouds, type CloudDefinition, type LocalCloudProfile } from '../../shared/cloud';
import { OfflineSeedError } from '../../shared/errors';
import { FileTooLargeError, fileLimits, readFileLimitedSync } from '../files/readLimited';

/**
 * Public client id used for operator sign-in on the public clouds: the Azure CLI's well-known first-party
 * public client, which every tenant accepts for device code and loopback sign-in to ARM and Graph.
 */
export const defaultPublicClientId = '04b07795-8ddb-461a-bbee-02f9e1bf7b46';

export interface ResolvedCloud extends CloudDefinition {
  /** The tenant to sign in to: the profile's, or `organizations` on a public cloud until the operator signs in. */
  tenantId: string;
  publicClientId: string;
  /** PEM of the CA to trust besides the system's (local profile only). */
  ca?: string;
  /** The local profile, when this is the local Azure. */
  local?: LocalCloudProfile;
  /** What the operator gave: a cloud name or the profile's path. */
  source: string;
}

export function cloudFromProfile(profile: LocalCloudProfile, source = 'local'): ResolvedCloud {
  return {
    name: 'Local',
    endpoints: profile.endpoints,
    // The local Azure issues tokens for the public cloud's audiences, as real Azure does.
    audiences: publicClouds.AzureCloud.audiences,
    storageSuffix: new URL(profile.storageAccount.blobEndpoint).host,
    portal: publicClouds.AzureCloud.portal,
    tenantId: profile.tenantId,
    publicClientId: profile.publicClientId,
    ca: profile.caCertificate,
    local: profile,
    source,
  };
}

/** Resolves `--cloud` / OFFLINE_SEED_CLOUD (default AzureCloud) to endpoints, audiences and trust. */
export function resolveCloud(cloud: string | undefined, env: NodeJS.ProcessEnv = process.env, tenantId?: string): ResolvedCloud {
  const choice = cloud ?? env.OFFLINE_SEED_CLOUD ?? 'AzureCloud';
  if (isPublicCloudName(choice)) {
    return { ...publicClouds[choice], tenantId: tenantId ?? 'organizations', publicClientId: defaultPublicClientId, source: choice };
  }
  let json: unknown;
  try {
    json = JSON.parse(readFileLimitedSync(choice, fileLimits.smallJson, 'utf8'));
  } catch (e) {
    if (e instanceof FileTooLargeError) throw e;
    throw profileError(choice, e);
  }
  const parsed = localCloudProfileSchema.safeParse(json);
  if (!parsed.success) throw profileError(choice);
  return cloudFromProfile(parsed.data, choice);
}

function profileError(file: string, cause?: unknown): OfflineSeedError {
  return new OfflineSeedError({
    code: 'azure:errors.profileUnreadable',
    params: { file },
    step: 'signIn',
    exitCode: 2,
    cause,
  });
}

/** The ARM `.default` scope of a cloud (its audience, not its endpoint: the local Azure uses the public audiences). */
export const armScope = (c: CloudDefinition): string => `${c.audiences.resourceManager}/.default`;
export const graphScope = (c: CloudDefinition): string => `${c.audiences.graph}/.default`;
