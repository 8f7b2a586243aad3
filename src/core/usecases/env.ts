/**
 * What a use case needs from the front end that calls it. The wizard's handlers and the command line each build
 * one (handlers/types.ts `useCaseEnv`, cli/context.ts `useCaseEnv`); nothing else of theirs reaches a use case.
 */

import type { Session } from '../../shared/session';
import type { Language } from '../../shared/i18n/languages';
import { connectForSession, type ConnectedWorkflow } from '../identity/connect';
import { signInHooks, type SignInHooks } from '../identity/identity';

/** Its sign-in hooks (`SignInHooks`: env, onDeviceCode, onCacheUnprotected, protect) reach every connection a use case opens. */
export interface UseCaseEnv extends SignInHooks {
  /** The app's data folder: token cache, certificate, the staging locations this machine used. */
  dataDir: string;
  /**
   * The session folder of a staging location the backup agent wrote, when the user chose one (--work-dir); else it
   * is found in the data folder by the staging location's path.
   */
  workDir?: string | undefined;
  /**
   * The cloud the user named for this run (the command line's --cloud or OFFLINE_SEED_CLOUD): it overrides the
   * session's own cloud. The wizard names none and works in the session's cloud.
   */
  cloud?: string | undefined;
  /** The user's language, for what core writes in it (the packing slip). */
  lang: Language;
}

/** The Azure clients for a session's subscription and storage account, in the cloud of `env` or else the session's. */
export function connectFor(env: UseCaseEnv, session: Session, subscriptionId?: string): Promise<ConnectedWorkflow> {
  return connectForSession(session, {
    cloud: env.cloud,
    dataDir: env.dataDir,
    ...(subscriptionId ? { subscriptionId } : {}),
    ...signInHooks(env),
  });
}
