/** How many worker threads a staging run starts (one for trees of tiny files, else one per core, at most 4), and how many slots they share. */

import { describe, expect, it } from 'vitest';
import { defaultThreads } from '../../../src/core/staging/slotWorkers';
import { slotsFor } from '../../../src/core/staging/stageWorkers';
import { workersFor } from '../../../src/core/staging/writer';

describe('workersFor', () => {
  it('starts one worker when the files average under 2 KiB', () => {
    expect(workersFor({ files: 200_000, bytes: 200_000 * 1024 })).toBe(1);
    expect(workersFor({ files: 10, bytes: 10 * 2047 })).toBe(1);
  });

  it('starts one per core (at most 4) for larger files, and for an empty tree', () => {
    expect(defaultThreads()).toBeGreaterThanOrEqual(1);
    expect(defaultThreads()).toBeLessThanOrEqual(4);
    expect(workersFor({ files: 10, bytes: 10 * 2048 })).toBe(defaultThreads());
    expect(workersFor({ files: 13_163, bytes: 2 * 1024 ** 3 })).toBe(defaultThreads());
    expect(workersFor({ files: 0, bytes: 0 })).toBe(defaultThreads());
  });
});

describe('slotsFor', () => {
  it('gives each worker one slot, and a single worker two so it never waits for the main thread', () => {
    expect(slotsFor(1)).toBe(2);
    expect(slotsFor(2)).toBe(2);
    expect(slotsFor(4)).toBe(4);
  });
});
