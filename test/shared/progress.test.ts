/** Speed, ETA and the event rate limit of long jobs, driven by a fake clock (no sleeping). */

import { describe, expect, it } from 'vitest';
import { ProgressMeter } from '../../src/shared/progress';
import { createJobContext, JobRunner } from '../../src/core/jobs';
import type { JobEnd, Progress } from '../../src/shared/progress';
import { OfflineSeedError } from '../../src/shared/errors';
import type { Language } from '../../src/shared/i18n/languages';

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

  it('ends a failed job with its error in the current language, as a failed request answers', async () => {
    const ends: JobEnd[] = [];
    let lang: Language = 'de';
    const runner = new JobRunner({ progress: () => undefined, end: (e) => ends.push(e) }, () => lang);
    const full = runner.start('copy', async () => {
      throw new OfflineSeedError({ code: 'drives:errors.needMoreDrives', params: { count: 2, bytes: 3 * 1024 ** 3 }, step: 'copy' });
    });
    await expect(full.done).rejects.toMatchObject({ code: 'drives:errors.needMoreDrives' });
    lang = 'fr';
    const broken = runner.start('stage', async () => {
      throw new TypeError('x is undefined at /home/op/secret.ts:12');
    });
    await expect(broken.done).rejects.toBeInstanceOf(TypeError);
    expect(ends[0]).toMatchObject({ outcome: 'failed', error: { code: 'drives:errors.needMoreDrives', step: 'copy' } });
    expect(ends[0]!.error!.message).toMatch(/^Die Laufwerke sind voll und 2 Dateien \(3\sGB\) bleiben übrig;/);
    expect(ends[1]).toMatchObject({ outcome: 'failed', error: { code: 'app:errors.unexpected' } });
    expect(ends[1]!.error!.message).toMatch(/inattendu/);
    expect(ends[1]!.error!.message).not.toContain('secret');
  });
});
