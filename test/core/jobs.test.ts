/** Long jobs in core: phase changes pass the progress rate limit at once; a job runs, is cancelled, fails in the user's language, and reports its end. */

import { describe, expect, it } from 'vitest';
import { createJobContext, JobRunner } from '../../src/core/jobs';
import type { JobEnd, Progress } from '../../src/shared/progress';
import { OfflineSeedError } from '../../src/shared/errors';
import type { Language } from '../../src/shared/i18n/languages';

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
    expect(ends[1]).toMatchObject({ outcome: 'failed', error: { code: 'app:errors.unexpected', step: 'staging' } });
    // The step is named in the user's language, not left as a dash.
    expect(ends[1]!.error!.message).toMatch(/inattendu.*« Emplacement intermédiaire »/);
    expect(ends[1]!.error!.message).not.toContain('secret');
  });
});
