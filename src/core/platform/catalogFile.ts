/**
 * A message catalog that the Node bundles (the command line, the host, Electron's main process) read from disk the
 * first time a sentence of it is needed, instead of compiling all six languages into every start.
 *
 * scripts/build.mjs puts `export default catalogFromFile('locales/<lang>/<ns>.json')` in place of each catalog's JSON
 * import and copies src/shared/i18n/locales beside the bundle. The source (vitest, the renderer) imports the JSON
 * itself; only the moment of reading differs. Measured when built: a command that speaks one language reads its own
 * ten files and English's (the fallback and `hasKey`), ~0.3 MB of JSON, where the bundled literals of all six
 * languages were a 1.6 MB chunk compiled at every start (~40 ms, ~7 MiB of heap).
 */

import { readFileSync } from 'node:fs';
import type { Messages } from '../../shared/i18n/catalog';

/**
 * The catalog at `relative` (resolved from the bundle's own folder) as an object that reads the file on first use.
 * Every question i18next and `hasKey` ask of it (a property, `in`, its keys) is answered from the parsed file.
 */
export function catalogFromFile(relative: string): Messages {
  let messages: Messages | undefined;
  const load = (): Messages => (messages ??= JSON.parse(readFileSync(new URL(relative, import.meta.url), 'utf8')) as Messages);
  return new Proxy<Messages>(
    {},
    {
      get: (_target, key) => Reflect.get(load(), key),
      has: (_target, key) => Reflect.has(load(), key),
      ownKeys: () => Reflect.ownKeys(load()),
      getOwnPropertyDescriptor: (_target, key) => {
        const found = Reflect.getOwnPropertyDescriptor(load(), key);
        // The empty target holds nothing, so the proxy may only report its properties as configurable.
        return found ? { ...found, configurable: true } : undefined;
      },
    },
  );
}
