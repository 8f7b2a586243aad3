/**
 * The identity later steps use: the AzureOfflineBackup application with its certificate (the params remembered by
 * CreateNewApplication and the private key in the data folder), or the operator as a fallback; and the Import/Export
 * and blob clients built on it, saying which identity is in use.
 */

import type { TokenCredential } from '@azure/core-auth';
import { OfflineSeedError } from '../../shared/errors';
import { rememberedParams } from '../certs/keyStore';
import type { OfflineApplicationParams } from '../certs/params';
import { certFiles } from '../platform/certFiles';
import type { SecretProtector } from '../platform/secretProtector';
import { appCredential } from '../azure/appCredential';
import { resolveCloud, type ResolvedCloud } from '../azure/clouds';
import { importExportClient, type IdentityInUse, type ImportExportClient } from '../azure/clients';
import { operatorCredential, type OperatorSignInOptions } from '../azure/operator';

export type IdentityChoice = 'app' | 'operator' | 'auto';

export interface IdentityOptions {
  identity: IdentityChoice;
  dataDir: string;
  protect?: SecretProtector;
  /** Operator sign-in settings (device code message, browser) when the operator is used. */
  signIn?: Omit<OperatorSignInOptions, 'cloud' | 'dataDir' | 'protect'>;
  env?: NodeJS.ProcessEnv;
}

/**
 * What a connection passes on to the sign-in, the same for every connection: where cloud and identity settings are read,
 * how to show a device-code message and that the token cache is a plain file, and the host's protector of secrets at
 * rest (the desktop app's safeStorage), without which a cache or certificate kept with it cannot be read.
 */
export interface SignInHooks {
  /** Where cloud and identity settings are read (process.env when absent). */
  env?: NodeJS.ProcessEnv;
  /** Shows the operator's device-code sign-in message when Azure needs a sign-in. */
  onDeviceCode?(message: string): void;
  /** Says, once, that the sign-in token cache is a plain file because the system offers no secret store. */
  onCacheUnprotected?(file: string): void;
  protect?: SecretProtector | undefined;
}

/** The hooks of `o` that are set, and nothing else of it. */
export function signInHooks(o: SignInHooks): SignInHooks {
  return {
    ...(o.env ? { env: o.env } : {}),
    ...(o.onDeviceCode ? { onDeviceCode: o.onDeviceCode } : {}),
    ...(o.onCacheUnprotected ? { onCacheUnprotected: o.onCacheUnprotected } : {}),
    ...(o.protect ? { protect: o.protect } : {}),
  };
}

/** The options `resolveIdentity` takes for `identity`, with the sign-in hooks of `o`. */
export function identityOptions(identity: IdentityChoice, dataDir: string, o: SignInHooks): IdentityOptions {
  const { env, protect, ...signIn } = signInHooks(o);
  return { identity, dataDir, ...(protect ? { protect } : {}), ...(env ? { env } : {}), signIn };
}

export interface ResolvedIdentity {
  cloud: ResolvedCloud;
  credential: TokenCredential;
  identity: IdentityInUse;
  /** The subscription the application was made for, when the app identity is used. */
  subscriptionId?: string;
}

/**
 * Whether remembered application params were made in `cloud`: same cloud, and for a local Azure the same tenant
 * (each local Azure has its own). An application from another cloud or an old rehearsal must not be tried there.
 */
export function paramsMatchCloud(params: Pick<OfflineApplicationParams, 'cloud' | 'tenantId'>, cloud: ResolvedCloud): boolean {
  if (params.cloud !== cloud.name) return false;
  return cloud.local ? params.tenantId === cloud.local.tenantId : true;
}

/** The application's certificate credential from the data folder; null when this machine has none for `cloud`. */
export async function loadAppIdentity(cloud: ResolvedCloud, dataDir: string, protect?: SecretProtector): Promise<ResolvedIdentity | null> {
  const params = await rememberedParams(dataDir);
  if (!params || !paramsMatchCloud(params, cloud)) return null;
  const stored = await certFiles(dataDir, protect).load(params.certificateThumbprintSha1);
  if (!stored) return null;
  const credential = appCredential(cloud, {
    tenantId: params.tenantId,
    clientId: params.applicationId,
    thumbprintSha256: params.certificateThumbprintSha256,
    privateKeyPem: stored.privateKeyPem,
    certificatePem: stored.certPem,
  });
  return { cloud, credential, identity: { kind: 'app', name: params.applicationId }, subscriptionId: params.subscriptionId };
}

export async function resolveIdentity(cloudOrProfile: string | ResolvedCloud | undefined, o: IdentityOptions): Promise<ResolvedIdentity> {
  const cloud = typeof cloudOrProfile === 'object' ? cloudOrProfile : resolveCloud(cloudOrProfile, o.env);
  if (o.identity !== 'operator') {
    const app = await loadAppIdentity(cloud, o.dataDir, o.protect);
    if (app) return app;
    if (o.identity === 'app') {
      throw new OfflineSeedError({
        code: 'azure:errors.noAppIdentity',
        step: 'certificate',
      });
    }
  }
  const credential = operatorCredential({ cloud, dataDir: o.dataDir, protect: o.protect, ...o.signIn });
  return { cloud, credential, identity: { kind: 'operator', name: cloud.local?.operator.userPrincipalName ?? 'operator' } };
}

/** The Import/Export client under the chosen identity (app certificate first with 'auto'), and which identity it is. */
export async function getImportExportClient(cloudOrProfile: string | ResolvedCloud | undefined, o: IdentityOptions & { subscriptionId?: string }): Promise<ImportExportClient & { cloud: ResolvedCloud }> {
  const id = await resolveIdentity(cloudOrProfile, o);
  const subscriptionId = o.subscriptionId ?? id.subscriptionId ?? id.cloud.local?.subscriptionId;
  if (!subscriptionId) {
    throw new OfflineSeedError({ code: 'azure:errors.subscriptionNeeded', step: 'importJob', exitCode: 2 });
  }
  return { ...importExportClient(id.cloud, subscriptionId, { credential: id.credential, identity: id.identity }), cloud: id.cloud };
}
