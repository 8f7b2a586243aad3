/** Validation at the process boundary: every payload is parsed against the contract before it reaches core. */

import { OfflineSeedError } from '../errors';
import { events, isEventName, isRequestName, requests, type EventName, type RequestName } from './index';

/** A name from the other side as text for a message: a string cut short, anything else by its type (an object's own `toString` is never called). */
function shownName(name: unknown): string {
  return typeof name === 'string' ? name.slice(0, 80) : name === null ? 'null' : typeof name;
}

/** Parses a request argument; throws a `contract.invalidRequest` error naming the channel and the first problem. */
export function parseRequestArg(name: unknown, arg: unknown): { name: RequestName; arg: unknown } {
  if (!isRequestName(name)) {
    throw new OfflineSeedError({
      code: 'app:errors.unknownRequest',
      params: { name: shownName(name) },
    });
  }
  const parsed = requests[name].arg.safeParse(arg);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? issue.path.join('.') : 'argument';
    throw new OfflineSeedError({
      code: 'app:errors.invalidRequest',
      params: { name, where, problem: issue?.message ?? 'invalid' },
    });
  }
  return { name, arg: parsed.data };
}

export function parseRequestResult(name: RequestName, result: unknown): unknown {
  return requests[name].result.parse(result);
}

export function parseEventPayload(name: unknown, payload: unknown): { name: EventName; payload: unknown } {
  if (!isEventName(name)) throw new Error(`Unknown event "${shownName(name)}".`);
  return { name, payload: events[name].parse(payload) };
}
