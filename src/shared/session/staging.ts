/** The staging section of offline-seed.json, owned by the staging domain. */

import { z } from 'zod';

export const stagingSectionSchema = z.looseObject({});
export type StagingSection = z.infer<typeof stagingSectionSchema>;
