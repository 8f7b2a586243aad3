/** Speed, ETA and the event rate limit of long jobs, driven by a fake clock (no sleeping). */

import { describe, expect, it } from 'vitest';
import { ProgressMeter } from '../../src/shared/progress';

describe('ProgressMeter', () => {
  it('computes speed over its window and the time left', () => {
    const m = new ProgressMeter(5000, 10);
    m.update(0, 1000, 0);
    const r = m.update(500, 1000, 1000);
    expect(r.bytesPerSecond).toBe(500);
    expect(r.etaSeconds).toBe(1);
  });

  it('lets at most 10 events a second through unless forced', () => {
    const m = new ProgressMeter(5000, 10);
    let due = 0;
    for (let t = 0; t < 1000; t += 10) if (m.update(t, 1000, t).due) due++;
    expect(due).toBe(10);
    expect(m.update(1000, 1000, 1001, true).due).toBe(true);
  });

  it('says the ETA is unknown before anything moved', () => {
    const m = new ProgressMeter();
    expect(m.update(0, 100, 0).etaSeconds).toBeNull();
  });
});
