/** Helpers for declaring the IPC contract: every request's argument and result schema, every event's payload schema. */

import type { z } from 'zod';

export interface RequestDef<A extends z.ZodType = z.ZodType, R extends z.ZodType = z.ZodType> {
  arg: A;
  result: R;
  /** Requests that may run only where the user is allowed to change drives or Azure (not helpdesk mode). */
  privileged?: boolean;
}

export type RequestTable = Record<string, RequestDef>;
export type EventTable = Record<string, z.ZodType>;

/** Keeps the literal keys and schema types of a domain's request table. */
export function defineRequests<T extends RequestTable>(table: T): T {
  return table;
}

export function defineEvents<T extends EventTable>(table: T): T {
  return table;
}
