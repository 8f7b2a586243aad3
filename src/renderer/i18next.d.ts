/** Types the renderer's `t` from the English catalogs: a key that English lacks fails the type check. */

import 'i18next';
import type { catalogs } from '../shared/i18n/resources';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'app';
    resources: { [N in keyof typeof catalogs]: (typeof catalogs)[N]['en'] };
  }
}
