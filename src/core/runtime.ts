/** One place that wires core for a front end: handlers, jobs, events, capabilities, language. Used by main and the host. */

import type { EventName, EventPayload } from '../shared/contract';
import type { Capabilities } from '../shared/contract/app';
import type { Language } from '../shared/i18n/languages';
import { localizeError } from '../shared/i18n';
import { createHandlers, dispatch, type HandlerContext } from './handlers';
import { JobRunner } from './jobs';
import { ensureAppDataDir } from './platform/appDataDir';
import { detectElevation } from './platform/elevated';
import type { ElevationOptions } from './elevation/client';

export { detectElevation };

export interface RuntimeOptions {
  shell: Capabilities['shell'];
  language: Language;
  /** Delivers an event to every connected front end. */
  emit(name: EventName, payload: unknown): void;
  openExternal(url: string): Promise<void>;
  dataDir?: string;
  protect?: HandlerContext['protect'];
  /** The local Azure's starter (src/emulator's `startEmulator`): core does not import the emulator itself. */
  startLocalAzure: HandlerContext['startLocalAzure'];
  /** How this front end starts itself as the elevated helper; absent = a privileged request is refused unelevated. */
  elevation?: ElevationOptions;
  /** The front end's folder pickers (src/main's dialog, src/host's folder browser). */
  folders?: HandlerContext['folders'];
}

export function detectCapabilities(shell: Capabilities['shell']): Capabilities {
  const p = process.platform;
  return {
    shell,
    platform: p === 'win32' || p === 'linux' || p === 'darwin' ? p : 'other',
    elevated: detectElevation(),
    canCreateBitLocker: p === 'win32',
  };
}

export function createRuntime(opts: RuntimeOptions) {
  let language = opts.language;
  const jobs = new JobRunner(
    {
      progress: (p) => opts.emit('job.progress', p),
      end: (e) => opts.emit('job.end', e),
    },
    () => language,
  );
  const ctx: HandlerContext = {
    language: () => language,
    setLanguage: (l) => {
      language = l;
    },
    jobs,
    emit: <E extends EventName>(name: E, payload: EventPayload<E>) => opts.emit(name, payload),
    capabilities: detectCapabilities(opts.shell),
    dataDir: opts.dataDir ?? ensureAppDataDir(),
    openExternal: opts.openExternal,
    startLocalAzure: opts.startLocalAzure,
    ...(opts.protect ? { protect: opts.protect } : {}),
    ...(opts.elevation ? { elevation: opts.elevation } : {}),
    ...(opts.folders ? { folders: opts.folders } : {}),
  };
  const handlers = createHandlers();
  return {
    ctx,
    jobs,
    /** Runs a request and returns the wire reply; errors become `{code, message, step, detail}` in the current language. */
    async handle(name: unknown, arg: unknown): Promise<{ ok: true; result: unknown } | { ok: false; error: ReturnType<typeof localizeError> }> {
      try {
        return { ok: true, result: await dispatch(handlers, name, arg, ctx) };
      } catch (e) {
        return { ok: false, error: localizeError(e, language, undefined, 'gui') };
      }
    },
  };
}

export type Runtime = ReturnType<typeof createRuntime>;
