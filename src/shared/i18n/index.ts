/**
 * i18n for every front end: the catalogs (./locales/<lang>/<ns>.json), one i18next setup, and `localizeError`,
 * which turns anything thrown into the wire's `{code, message, step, detail}` in the user's language.
 *
 * A key is written `namespace:path.to.key`; how strings and errors work is described in docs/i18n.md.
 */

import { isOfflineSeedError, type AppErrorData, type StepId } from '../errors';
import { redact } from '../redact';
import { dataBoxStageLabel, dataBoxStatusErrors } from '../rules/dataBoxStates';
import type { Language } from './languages';
import { hasKey, translate } from './translate';

export { catalogs, namespaces, type ErrorCode, type Key, type KeyAt, type KeyIn, type KeyUnder, type Namespace } from './resources';
import type { ErrorCode, Key } from './resources';
export { addFormats, createI18n, hasKey, i18nOptions, isErrorCode, resources, translate } from './translate';

/** Who reads the sentence: the command line's user (flags, `s:` paths, commands) or the wizard's (fields, buttons, steps). */
export type Surface = 'cli' | 'gui';

/**
 * The key of an error's sentence for `surface`: the wizard reads `<code>_gui` when the catalog has one (the same advice
 * in terms of fields, buttons and steps instead of flags and commands), else the code's own sentence.
 */
export function sentenceKey(code: ErrorCode, surface: Surface): Key {
  const gui = `${code}_gui`;
  return surface === 'gui' && hasKey(gui) ? gui : code;
}

/**
 * Turns any thrown value into the `{code, message, step, detail}` shape, with the message in `lang` for `surface`.
 *
 * An OfflineSeedError's code is its catalog key and its params fill the sentence. Anything else becomes
 * `app:errors.unexpected` with no stack trace.
 */
export function localizeError(e: unknown, lang: Language, step?: StepId, surface: Surface = 'cli'): AppErrorData {
  if (isOfflineSeedError(e)) {
    const status = e.params.status;
    // An order's status is named in the reader's language, with Azure's value beside it (src/shared/i18n/stateLabel.ts).
    const params =
      dataBoxStatusErrors.includes(e.code) && typeof status === 'string'
        ? { ...e.params, status: dataBoxStageLabel((key, p) => translate(lang, key, p), status) }
        : e.params;
    return {
      code: e.code,
      message: redact(translate(lang, sentenceKey(e.code, surface), params)),
      ...(e.step ?? step ? { step: e.step ?? step } : {}),
      ...(e.detail ? { detail: e.detail } : {}),
    };
  }
  const stepName = step ? translate(lang, `app:steps.${step}.title`) : '—';
  return {
    code: 'app:errors.unexpected',
    message: translate(lang, 'app:errors.unexpected', { step: stepName }),
    ...(step ? { step } : {}),
    detail: { reason: redact(e instanceof Error ? e.message : String(e)).slice(0, 500) },
  };
}
