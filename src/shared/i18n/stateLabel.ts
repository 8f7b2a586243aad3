/**
 * A status from Azure as the user reads it: its name in the user's language, with Azure's own spelling beside it when
 * the two differ (`workflow:status.stateWithApi`, "{{name}} (API: {{api}})"), which is what support and the portal
 * call it. One rule for every front end: the command line binds `say` to its language, the wizard to its `t`.
 */

import type { Key } from './resources';

/** Says one catalog sentence in the reader's language. */
export type Say = (key: Key, params?: Record<string, unknown>) => string;

/** `nameKey`'s name, then "(API: `api`)" unless the name is already the API's spelling or Azure sent no value. */
export function stateLabel(say: Say, nameKey: Key, api: string): string {
  const name = say(nameKey);
  return name === api || api === '' ? name : say('workflow:status.stateWithApi', { name, api });
}
