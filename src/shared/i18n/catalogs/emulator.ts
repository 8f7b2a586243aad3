/** Strings of the local Azure (src/emulator) and its `offline-seed emulator` commands. */

import type { Catalog } from '../catalog';

export default {
  en: {},
  fr: {},
  de: {},
  es: {},
  it: {},
  nl: {},
} satisfies Catalog;
