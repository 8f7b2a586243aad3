/** The result of checking every blob in the container against the drive manifests. */

import * as z from 'zod';

export const blobProblemKinds = ['missing', 'lengthMismatch', 'md5Mismatch'] as const;

export const blobProblemSchema = z.object({
  blobPath: z.string(),
  kind: z.enum(blobProblemKinds),
  expected: z.union([z.string(), z.number()]).optional(),
  actual: z.union([z.string(), z.number()]).optional(),
  driveId: z.string(),
});
export type BlobProblem = z.infer<typeof blobProblemSchema>;
export type BlobProblemKind = BlobProblem['kind'];

export const verifyReportSchema = z.object({
  container: z.string(),
  expectedBlobs: z.number(),
  checkedBlobs: z.number(),
  matched: z.number(),
  bytes: z.number(),
  problems: z.array(blobProblemSchema),
  /** Blobs in the container that no manifest lists (not an error: another backup may share the container). */
  extra: z.array(z.string()),
  ok: z.boolean(),
});
export type VerifyReport = z.infer<typeof verifyReportSchema>;
