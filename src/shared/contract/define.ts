/** Helpers for declaring the IPC contract: every request's argument and result schema, every event's payload schema. */

import type { z } from 'zod';
import type { Capabilities } from './app';

export interface RequestDef<A extends z.ZodType = z.ZodType, R extends z.ZodType = z.ZodType> {
  arg: A;
  result: R;
  /**
   * Set on requests that change this computer itself (erase, format and encrypt drives; the machine's certificate
   * store and registry): `dispatch` refuses them in a process that is not elevated. Everything else, including
   * every Azure change, runs as the signed-in user.
   */
  privileged?(arg: z.output<A>, capabilities: Capabilities): boolean;
  /**
   * Set on a privileged request whose handler asks for elevation for its privileged operations alone (the elevated
   * helper): an unelevated front end that can start the helper runs it instead of refusing it.
   */
  elevates?: true;
}

export type RequestTable = Record<string, RequestDef>;
export type EventTable = Record<string, z.ZodType>;

/** Keeps the literal keys and schema types of a domain's request table. */
export function defineRequests<T extends RequestTable>(table: T): T {
  return table;
}

/** Windows keeps the certificate and the backup agent's settings machine-wide (LocalMachine\\My, HKLM): admin only. */
export const onWindows = (_arg: unknown, c: Capabilities): boolean => c.platform === 'win32';

export function defineEvents<T extends EventTable>(table: T): T {
  return table;
}
