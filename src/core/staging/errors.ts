/** The staging domain's expected failures, each one sentence that says what to do next. */

import { OfflineSeedError, type ErrorParams } from '../../shared/errors';
import type { KeyUnder } from '../../shared/i18n';

export function stagingError(name: KeyUnder<'staging:errors'>, params: ErrorParams = {}, exitCode = 1, cause?: unknown): OfflineSeedError {
  return new OfflineSeedError({
    code: `staging:errors.${name}`,
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
      { staging: stagingDir },
      1,
      e,
    );
  }
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
    return stagingError(
      'stagingNotWritable',
      { staging: stagingDir },
      1,
      e,
    );
  }
  return e;
}
