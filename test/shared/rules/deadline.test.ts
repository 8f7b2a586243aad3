/** The two-week countdown: ok, warning when close, passed. */

import { describe, expect, it } from 'vitest';
import { deadlineMessageKey, jobDeadline } from '../../../src/shared/rules/deadline';
import { hasKey } from '../../../src/shared/i18n';

const created = '2026-01-01T10:00:00.000Z';

describe('jobDeadline', () => {
  it('counts two weeks from creation while Creating', () => {
    const d = jobDeadline('Creating', created, '2026-01-02T10:00:00.000Z')!;
    expect(d.kind).toBe('enterShipping');
    expect(d.due).toBe('2026-01-15T10:00:00.000Z');
    expect(d.status).toBe('ok');
    expect(d.days).toBe(13);
    expect(d.hours).toBe(0);
  });

  it('warns in the last three days and says when it passed', () => {
    expect(jobDeadline('Creating', created, '2026-01-13T09:00:00.000Z')!.status).toBe('warning');
    const passed = jobDeadline('Creating', created, '2026-01-16T00:00:00.000Z')!;
    expect(passed.status).toBe('passed');
    expect(passed.remainingMs).toBeLessThan(0);
    expect(passed.days).toBe(0);
  });

  it('counts from the shipping entry while Shipping, and stops once the drives arrived', () => {
    const d = jobDeadline('Shipping', '2026-01-05T00:00:00.000Z', '2026-01-18T12:00:00.000Z')!;
    expect(d.kind).toBe('reachDatacenter');
    expect(d.status).toBe('warning');
    expect(d.days).toBe(0);
    expect(d.hours).toBe(12);
    expect(jobDeadline('Received', created, created)).toBeNull();
  });

  it('has a sentence for every kind and status', () => {
    for (const state of ['Creating', 'Shipping'] as const)
      for (const now of ['2026-01-02T00:00:00Z', '2026-01-14T00:00:00Z', '2026-02-01T00:00:00Z'])
        expect(hasKey(deadlineMessageKey(jobDeadline(state, created, now)!))).toBe(true);
  });
});
