/** The two-week countdown of an import job (see rules/deadline.ts for when each applies). */

import * as z from 'zod';

export const deadlineKinds = ['enterShipping', 'reachDatacenter'] as const;
export const deadlineStatuses = ['ok', 'warning', 'passed'] as const;

export const deadlineSchema = z.object({
  kind: z.enum(deadlineKinds),
  /** ISO time the deadline falls on. */
  due: z.string(),
  /** Milliseconds left (negative once passed). */
  remainingMs: z.number(),
  status: z.enum(deadlineStatuses),
  /** Whole days and hours left, for the countdown text (zero once passed). */
  days: z.number(),
  hours: z.number(),
});
export type Deadline = z.infer<typeof deadlineSchema>;
export type DeadlineKind = Deadline['kind'];
export type DeadlineStatus = Deadline['status'];
