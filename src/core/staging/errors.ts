/** The staging domain's expected failures, each one sentence that says what to do next. */

import { OfflineSeedError, type ErrorParams } from '../../shared/errors';

export function stagingError(name: string, message: string, params: ErrorParams = {}, exitCode = 1, cause?: unknown): OfflineSeedError {
  return new OfflineSeedError({
    code: `staging:errors.${name}`,
    message,
    params,
    step: 'staging',
    exitCode,
    detail: Object.fromEntries(Object.entries(params).map(([k, v]) => [k, v])),
    ...(cause === undefined ? {} : { cause }),
  });
}

/** Maps an error while writing into the staging location to one clear sentence (ENOSPC above all). */
export function writeError(e: unknown, stagingDir: string): unknown {
  const code = (e as NodeJS.ErrnoException | null)?.code;
  if (code === 'ENOSPC' || code === 'EDQUOT') {
    return stagingError(
      'noSpace',
      `The staging location ${stagingDir} ran out of space. Free some space there (or choose a larger location) and run the same command again to continue where it stopped.`,
      { staging: stagingDir },
      1,
      e,
    );
  }
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
    return stagingError(
      'stagingNotWritable',
      `Offline Seed cannot write into the staging location ${stagingDir}. Choose a folder you may write to.`,
      { staging: stagingDir },
      1,
      e,
    );
  }
  return e;
}
