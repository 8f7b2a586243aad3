/** What the local Azure's datacenter and clock answer a rehearsal (its control endpoint), as core reads it. */

import * as z from 'zod';

export const rehearsalReceiveSchema = z.object({
  jobName: z.string(),
  /** The job's state now (Received). */
  state: z.string(),
  /** The state the job ends in once the drives are shipped back. */
  endsAs: z.enum(['Completed', 'Closed']),
  /** On the local Azure's clock: when the drives arrived, and when the job moves on. */
  timeline: z.object({ received: z.string(), transferring: z.string(), packaging: z.string(), shippedBack: z.string() }),
  drives: z.array(
    z.object({
      driveId: z.string(),
      path: z.string(),
      state: z.string(),
      status: z.string(),
      bytesSucceeded: z.number(),
      errorLogUri: z.string().optional(),
      blobs: z.array(z.object({ blobPath: z.string(), status: z.string() }).loose()),
    }).loose(),
  ),
  neverReceived: z.array(z.string()),
  unprocessed: z.array(z.string()),
});
export type RehearsalReceive = z.infer<typeof rehearsalReceiveSchema>;

export const rehearsalAdvanceSchema = z.object({
  now: z.string(),
  moved: z.array(z.object({ job: z.string(), from: z.string(), to: z.string() }).loose()),
});
export type RehearsalAdvance = z.infer<typeof rehearsalAdvanceSchema>;

/** A command line that does the same as a wizard button: its arguments and the environment it needs. */
export const equivalentCommandSchema = z.object({
  argv: z.array(z.string()),
  env: z.record(z.string(), z.string()),
});
export type EquivalentCommand = z.infer<typeof equivalentCommandSchema>;
