/** The monitor's timeline: the states seen, in the service's order, each from when it began. */

import { describe, expect, it } from 'vitest';
import { jobHistory, noteState } from '../../../src/core/usecases/monitor';

describe('job history', () => {
  it('records a state once, at the first check that saw it', () => {
    let seen = noteState([], 'Shipping', '2026-01-02T00:00:00.000Z');
    seen = noteState(seen, 'Shipping', '2026-01-03T00:00:00.000Z');
    seen = noteState(seen, 'Received', '2026-01-04T00:00:00.000Z');
    expect(seen).toEqual([
      { state: 'Shipping', at: '2026-01-02T00:00:00.000Z' },
      { state: 'Received', at: '2026-01-04T00:00:00.000Z' },
    ]);
  });

  it('dates Creating from the job and Shipping from the shipping details; a state passed between checks has no date', () => {
    const seen = [
      { state: 'Shipping', at: '2026-01-03T00:00:00.000Z' },
      { state: 'Received', at: '2026-01-05T00:00:00.000Z' },
      { state: 'Completed', at: '2026-01-15T00:00:00.000Z' },
    ];
    expect(jobHistory(seen, 'Completed', '2026-01-01T00:00:00.000Z', '2026-01-02T00:00:00.000Z')).toEqual([
      { state: 'Creating', since: '2026-01-01T00:00:00.000Z' },
      { state: 'Shipping', since: '2026-01-02T00:00:00.000Z' },
      { state: 'Received', since: '2026-01-05T00:00:00.000Z' },
      { state: 'Transferring' },
      { state: 'Packaging' },
      { state: 'Completed', since: '2026-01-15T00:00:00.000Z' },
    ]);
  });

  it('stops at the current state, and keeps only what was seen before a fault', () => {
    expect(jobHistory([], 'Shipping', '2026-01-01T00:00:00.000Z', '2026-01-02T00:00:00.000Z').map((h) => h.state)).toEqual(['Creating', 'Shipping']);
    const faulted = jobHistory([{ state: 'Faulted', at: '2026-01-09T00:00:00.000Z' }], 'Faulted', '2026-01-01T00:00:00.000Z');
    expect(faulted).toEqual([
      { state: 'Creating', since: '2026-01-01T00:00:00.000Z' },
      { state: 'Faulted', since: '2026-01-09T00:00:00.000Z' },
    ]);
  });
});
