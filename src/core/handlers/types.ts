/** Types shared by the request handlers of every domain. */

import type { z } from 'zod';
import type { EventName, EventPayload } from '../../shared/contract';
import type { RequestTable } from '../../shared/contract/define';
import type { Capabilities } from '../../shared/contract/app';
import type { Language } from '../../shared/i18n/languages';
import type { JobRunner } from '../jobs';
import type { SecretProtector } from '../platform/secretProtector';
import type { LocalAzureStarter } from '../azure/localRehearsal';
import type { UseCaseEnv } from '../usecases/env';
import type { ElevationOptions } from '../elevation/client';
import type { FolderListing } from '../../shared/contract/folders';
import type { CommandRunner } from '../platform/windows/tools';

/** What a handler may use besides its argument. Everything with a side effect outside core is injected here. */
export interface HandlerContext {
  /** The user's language, for messages produced inside core. */
  language(): Language;
  setLanguage(lang: Language): void;
  jobs: JobRunner;
  emit<E extends EventName>(name: E, payload: EventPayload<E>): void;
  capabilities: Capabilities;
  /** The app's own data folder (tokens, private keys, settings). */
  dataDir: string;
  /** Opens an already allow-listed URL in the system browser. */
  openExternal(url: string): Promise<void>;
  /** Encrypts secrets at rest where the shell can (Electron safeStorage); absent = plain files with mode 0600. */
  protect?: SecretProtector;
  /** Starts the built-in local Azure for a rehearsal: src/emulator's `startEmulator`, passed in by the front end. */
  startLocalAzure: LocalAzureStarter;
  /**
   * How this front end starts itself as the elevated helper (src/core/elevation). With it, an unelevated process
   * asks for elevation for the drive operations of a step alone instead of refusing the step.
   */
  elevation?: ElevationOptions;
  /**
   * Windows programs (powershell.exe): absent = started for real on Windows. Tests give a replayer of recorded
   * Windows output, and the Windows-only use cases then run as on Windows.
   */
  windows?: { run: CommandRunner };
  /** The folder pickers the front end offers: Electron's dialog (main), or the browser host's folder browser. */
  folders?: FolderPickers;
}

export interface FolderPickers {
  /** The system's folder dialog; null when cancelled. */
  choose?(o: { title?: string; defaultPath?: string }): Promise<string | null>;
  /** The folders of one folder, limited to what the user may read. */
  list?(folder?: string): Promise<FolderListing>;
}

/** A domain's handlers: one async function per request of its table, typed from the schemas. */
export type DomainHandlers<T extends RequestTable> = {
  [K in keyof T]: (arg: z.output<T[K]['arg']>, ctx: HandlerContext) => Promise<z.input<T[K]['result']>>;
};

/**
 * The use cases' view of the wizard: its data folder, language and protector of secrets at rest (the token cache the
 * sign-in step wrote with it); the session's own cloud (no override).
 */
export function useCaseEnv(ctx: HandlerContext): UseCaseEnv {
  return { dataDir: ctx.dataDir, lang: ctx.language(), ...(ctx.protect ? { protect: ctx.protect } : {}) };
}
