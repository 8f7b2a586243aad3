/**
 * What a use case needs from the front end that calls it. The wizard's handlers and the command line each build
 * one (handlers/types.ts `useCaseEnv`, cli/context.ts `useCaseEnv`); nothing else of theirs reaches a use case.
 */

import type { Session } from '../../shared/session';
import type { Language } from '../../shared/i18n/languages';
import { connectForSession, type ConnectedWorkflow } from '../identity/connect';
import type { SecretProtector } from '../platform/secretProtector';

export interface UseCaseEnv {
  /** The app's data folder: token cache, certificate, the staging locations this machine used. */
  dataDir: string;
  /**
   * The session folder of a staging location the backup agent wrote, when the user chose one (--work-dir); else it
   * is found in the data folder by the staging location's path.
   */
  workDir?: string | undefined;
  /** Where cloud and identity settings are read (process.env when absent). */
  env?: NodeJS.ProcessEnv;
  /**
   * The cloud the user named for this run (the command line's --cloud or OFFLINE_SEED_CLOUD): it overrides the
   * session's own cloud. The wizard names none and works in the session's cloud.
   */
  cloud?: string | undefined;
  /** The user's language, for what core writes in it (the packing slip). */
  lang: Language;
  /** Shows the operator's device-code sign-in message when Azure needs a sign-in. */
  onDeviceCode?(message: string): void;
  /** Says, once, that the sign-in token cache is a plain file because the system offers no secret store. */
  onCacheUnprotected?(file: string): void;
  /**
   * The host's protector of secrets at rest (the desktop app's safeStorage): the token cache and the certificate the
   * sign-in and certificate steps kept with it can only be read with it.
   */
  protect?: SecretProtector | undefined;
}

/** The Azure clients for a session's subscription and storage account, in the cloud of `env` or else the session's. */
export function connectFor(env: UseCaseEnv, session: Session, subscriptionId?: string): Promise<ConnectedWorkflow> {
  return connectForSession(session, {
    cloud: env.cloud,
    dataDir: env.dataDir,
    ...(subscriptionId ? { subscriptionId } : {}),
    ...(env.env ? { env: env.env } : {}),
    ...(env.onDeviceCode ? { onDeviceCode: env.onDeviceCode } : {}),
    ...(env.onCacheUnprotected ? { onCacheUnprotected: env.onCacheUnprotected } : {}),
    ...(env.protect ? { protect: env.protect } : {}),
  });
}
