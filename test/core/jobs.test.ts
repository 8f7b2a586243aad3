/** Long jobs in core: phase changes pass the progress rate limit at once; a job runs, is cancelled and reports its end. */

import { describe, expect, it } from 'vitest';
import { createJobContext, JobRunner } from '../../src/core/jobs';
import type { Progress } from '../../src/shared/progress';

describe('jobs', () => {
  it('reports a phase change at once even inside the rate limit', () => {
    let now = 0;
    const seen: Progress[] = [];
    const ctx = createJobContext('stage', (p) => seen.push(p), undefined, () => now);
    ctx.report({ phase: 'scanning', bytesDone: 0, bytesTotal: 10 });
    now = 1;
    ctx.report({ phase: 'scanning', bytesDone: 1, bytesTotal: 10 });
    now = 2;
    ctx.report({ phase: 'compressing', bytesDone: 2, bytesTotal: 10 });
    expect(seen.map((p) => p.phase)).toEqual(['scanning', 'compressing']);
  });

  it('runs, cancels and reports the end of a job', async () => {
    const ends: string[] = [];
    const runner = new JobRunner({ progress: () => undefined, end: (e) => ends.push(e.outcome) });
    const ok = runner.start('verify', async () => 7);
    expect(await ok.done).toBe(7);
    const slow = runner.start('copy', async (ctx) => {
      while (!ctx.signal.aborted) await new Promise((r) => setTimeout(r, 5));
      ctx.throwIfCancelled();
    });
    expect(runner.hasRunning()).toBe(true);
    expect(runner.cancel(slow.jobId)).toBe(true);
    await expect(slow.done).rejects.toMatchObject({ code: 'app:errors.cancelled' });
    expect(runner.hasRunning()).toBe(false);
    expect(ends).toEqual(['succeeded', 'cancelled']);
    expect(runner.cancel('unknown')).toBe(false);
  });
});
