/** Progress of long work (a "job"): phases, bytes, speed, ETA. */

import * as z from 'zod';

export const jobKinds = ['stage', 'restore', 'prepareDrives', 'copy', 'verify', 'monitor', 'demo'] as const;
export type JobKind = (typeof jobKinds)[number];

export const jobPhases = [
  'planning',
  'scanning',
  'compressing',
  'writing',
  'formatting',
  'encrypting',
  'copying',
  'verifying',
  'uploading',
  'waiting',
  'done',
] as const;
export type JobPhase = (typeof jobPhases)[number];

export const progressSchema = z.object({
  jobId: z.string(),
  kind: z.enum(jobKinds),
  phase: z.enum(jobPhases),
  /** What is being worked on now: a file, a drive, a blob. Shown under the bar. */
  current: z.string().optional(),
  bytesDone: z.number().nonnegative(),
  bytesTotal: z.number().nonnegative(),
  itemsDone: z.number().nonnegative().optional(),
  itemsTotal: z.number().nonnegative().optional(),
  /** Bytes per second over the last few seconds. */
  bytesPerSecond: z.number().nonnegative(),
  /** Seconds left, or null when unknown. */
  etaSeconds: z.number().nonnegative().nullable(),
  /** Domain extras, e.g. compression ratio, drive serial. Numbers and strings only. */
  extra: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
});
export type Progress = z.infer<typeof progressSchema>;

/** The final word about a job. */
export const jobEndSchema = z.object({
  jobId: z.string(),
  kind: z.enum(jobKinds),
  outcome: z.enum(['succeeded', 'failed', 'cancelled']),
  error: z
    .object({ code: z.string(), message: z.string(), step: z.string().optional() })
    .optional(),
});
export type JobEnd = z.infer<typeof jobEndSchema>;

/**
 * Keeps speed and ETA over a sliding window and limits events to `maxPerSecond`.
 *
 * Pure: time comes from `now`, so tests drive it without sleeping.
 */
export class ProgressMeter {
  private samples: Array<{ t: number; bytes: number }> = [];
  private lastEmit = -Infinity;

  constructor(
    private readonly windowMs = 5000,
    private readonly maxPerSecond = 10,
  ) {}

  /** Records a sample; returns speed and ETA, and whether an event should go out now. */
  update(bytesDone: number, bytesTotal: number, now: number, force = false) {
    this.samples.push({ t: now, bytes: bytesDone });
    while (this.samples.length > 2 && now - this.samples[0]!.t > this.windowMs) this.samples.shift();
    const first = this.samples[0]!;
    const dt = (now - first.t) / 1000;
    const bytesPerSecond = dt > 0 ? Math.max(0, (bytesDone - first.bytes) / dt) : 0;
    const left = Math.max(0, bytesTotal - bytesDone);
    const etaSeconds = bytesPerSecond > 0 ? left / bytesPerSecond : left === 0 ? 0 : null;
    const due = force || now - this.lastEmit >= 1000 / this.maxPerSecond;
    if (due) this.lastEmit = now;
    return { bytesPerSecond, etaSeconds, due };
  }
}
