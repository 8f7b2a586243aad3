/** Strings of the staging domain: its pages, its command-line output and its errors (under `errors`). */

import type { Catalog } from '../catalog';

export default {
  en: {},
  fr: {},
  de: {},
  es: {},
  it: {},
  nl: {},
} satisfies Catalog;
