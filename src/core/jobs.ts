/** Long work as cancellable jobs that report phases, bytes, speed and ETA (at most ~10 events a second). */

import { randomUUID } from 'node:crypto';
import { OfflineSeedError, type StepId } from '../shared/errors';
import { localizeError } from '../shared/i18n';
import type { Language } from '../shared/i18n/languages';
import { ProgressMeter, type JobEnd, type JobKind, type JobPhase, type Progress } from '../shared/progress';

export interface ProgressUpdate {
  phase: JobPhase;
  bytesDone: number;
  bytesTotal: number;
  current?: string;
  itemsDone?: number;
  itemsTotal?: number;
  extra?: Record<string, string | number>;
}

export interface JobContext {
  jobId: string;
  signal: AbortSignal;
  /** Reports progress; throttled, except on a phase change or `force`. */
  report(update: ProgressUpdate, force?: boolean): void;
  /** Throws `app:errors.cancelled` if the job was cancelled. Call between units of work. */
  throwIfCancelled(): void;
}

export type JobListener = {
  progress(p: Progress): void;
  end(e: JobEnd): void;
};

/** Builds a job context outside a runner, for the command line or tests (reports go to `onProgress`). */
export function createJobContext(
  kind: JobKind,
  onProgress: (p: Progress) => void = () => undefined,
  signal: AbortSignal = new AbortController().signal,
  now: () => number = () => performance.now(),
): JobContext & { last(): Progress | null } {
  const jobId = randomUUID();
  const meter = new ProgressMeter();
  let lastPhase: JobPhase | null = null;
  let last: Progress | null = null;
  return {
    jobId,
    signal,
    last: () => last,
    report(update, force = false) {
      const phaseChanged = update.phase !== lastPhase;
      lastPhase = update.phase;
      const { bytesPerSecond, etaSeconds, due } = meter.update(update.bytesDone, update.bytesTotal, now(), force || phaseChanged);
      last = { jobId, kind, bytesPerSecond, etaSeconds, ...update };
      if (due) onProgress(last);
    },
    throwIfCancelled() {
      if (signal.aborted) {
        throw new OfflineSeedError({ code: 'app:errors.cancelled' });
      }
    },
  };
}

/** The wizard step each kind of job runs in, so even an unexpected failure names it in the user's language. */
const stepOfJob: Record<JobKind, StepId | undefined> = {
  stage: 'staging',
  restore: 'complete',
  prepareDrives: 'drives',
  copy: 'copy',
  verify: 'copy',
  monitor: 'monitor',
  demo: undefined,
};

interface RunningJob {
  kind: JobKind;
  controller: AbortController;
  ctx: ReturnType<typeof createJobContext>;
  done?: Promise<unknown>;
}

/** Keeps the jobs that run in this process; main uses `hasRunning()` to block quitting mid-write. */
export class JobRunner {
  private readonly jobs = new Map<string, RunningJob>();

  /** `language` is the front end's current language, in which a failed job's `job.end` error is written. */
  constructor(
    private readonly listener: JobListener,
    private readonly language: () => Language = () => 'en',
  ) {}

  /** Starts `work` and returns its id at once; the outcome arrives as a `job.end` event. */
  start<T>(kind: JobKind, work: (ctx: JobContext) => Promise<T>): { jobId: string; done: Promise<T> } {
    const controller = new AbortController();
    const ctx = createJobContext(kind, (p) => this.listener.progress(p), controller.signal);
    this.jobs.set(ctx.jobId, { kind, controller, ctx });
    const done = (async () => {
      try {
        const result = await work(ctx);
        this.listener.end({ jobId: ctx.jobId, kind, outcome: 'succeeded' });
        return result;
      } catch (e) {
        const cancelled = controller.signal.aborted;
        const { code, message, step } = localizeError(e, this.language(), stepOfJob[kind], 'gui');
        this.listener.end({
          jobId: ctx.jobId,
          kind,
          outcome: cancelled ? 'cancelled' : 'failed',
          error: { code, message, ...(step ? { step } : {}) },
        });
        throw e;
      } finally {
        this.jobs.delete(ctx.jobId);
      }
    })();
    done.catch(() => undefined);
    const job = this.jobs.get(ctx.jobId);
    if (job) job.done = done;
    return { jobId: ctx.jobId, done };
  }

  cancel(jobId: string): boolean {
    const job = this.jobs.get(jobId);
    if (!job) return false;
    job.controller.abort();
    return true;
  }

  /** Cancels every running job and resolves once they have all ended (the app quitting). */
  async cancelAll(): Promise<void> {
    const all = [...this.jobs.values()];
    for (const j of all) j.controller.abort();
    await Promise.all(all.map((j) => j.done?.catch(() => undefined)));
  }

  hasRunning(): boolean {
    return this.jobs.size > 0;
  }

  running(): Progress[] {
    return [...this.jobs.values()].map((j) => j.ctx.last()).filter((p): p is Progress => p !== null);
  }
}
