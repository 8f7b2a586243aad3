/** Enumerations Azure may extend. */

import * as z from 'zod';

/**
 * A value from a documented list that the service may extend later: the documented values are typed (and offered
 * by the editor), any other string is kept as the service spelled it and shown as unknown.
 */
export function openEnum<const T extends readonly [string, ...string[]]>(values: T): z.ZodType<T[number] | (string & {}), string> {
  return z.union([z.enum(values), z.string()]);
}
