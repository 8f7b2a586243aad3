/** Every request of the contract refuses malformed payloads before any handler runs. */

import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { events, eventNames, requestNames, requests } from '../../../src/shared/contract';
import { parseEventPayload, parseRequestArg } from '../../../src/shared/contract/validate';
import { OfflineSeedError } from '../../../src/shared/errors';

const notObjects: unknown[] = [undefined, null, 42, 'text', true, [], [1, 2]];

describe('contract', () => {
  it('names at least the app requests and the job events', () => {
    expect(requestNames).toEqual(expect.arrayContaining(['app.info', 'app.openExternal', 'jobs.cancel']));
    expect(eventNames).toEqual(expect.arrayContaining(['job.progress', 'job.end']));
  });

  it.each(requestNames)('%s refuses arguments that are not objects', (name) => {
    for (const bad of notObjects) {
      expect(() => parseRequestArg(name, bad), JSON.stringify(bad)).toThrow(OfflineSeedError);
    }
  });

  it.each(requestNames)('%s refuses unknown fields (argument schemas are strict objects)', (name) => {
    const schema = requests[name].arg;
    expect(schema).toBeInstanceOf(z.ZodObject);
    expect(() => parseRequestArg(name, { __proto_pollution__: 1, unexpectedField: 'x' })).toThrow(OfflineSeedError);
  });

  it.each(requestNames)('%s refuses each required field given the wrong type', (name) => {
    const shape = (requests[name].arg as z.ZodObject).shape as Record<string, z.ZodType>;
    for (const key of Object.keys(shape)) {
      for (const wrong of [Symbol('x'), () => 1, { nested: { deeply: true } }, Number.NaN]) {
        const result = shape[key]!.safeParse(wrong);
        if (result.success) continue; // a field typed as unknown accepts anything; nothing to assert for it
        expect(() => parseRequestArg(name, { [key]: wrong })).toThrow(OfflineSeedError);
      }
    }
  });

  it('refuses an unknown request name with a clear code', () => {
    try {
      parseRequestArg('fs.readFile', {});
      expect.unreachable();
    } catch (e) {
      expect((e as OfflineSeedError).code).toBe('app:errors.unknownRequest');
    }
    expect(() => parseRequestArg('__proto__', {})).toThrow(OfflineSeedError);
    expect(() => parseRequestArg('constructor', {})).toThrow(OfflineSeedError);
  });

  it('checks the values of the app requests, not only their shape', () => {
    expect(() => parseRequestArg('app.openExternal', { url: 'not a url' })).toThrow(/url/);
    expect(() => parseRequestArg('app.setLanguage', { language: 'xx' })).toThrow(/language/);
    expect(() => parseRequestArg('jobs.cancel', { jobId: '' })).toThrow(/jobId/);
    expect(parseRequestArg('app.setLanguage', { language: 'nl' }).arg).toEqual({ language: 'nl' });
  });

  it.each(eventNames)('event %s refuses a malformed payload', (name) => {
    expect(() => parseEventPayload(name, 'nope')).toThrow();
    expect(events[name]).toBeDefined();
  });
});
