/** The workflow section of offline-seed.json, owned by the workflow domain. */

import { z } from 'zod';

export const workflowSectionSchema = z.looseObject({});
export type WorkflowSection = z.infer<typeof workflowSectionSchema>;
