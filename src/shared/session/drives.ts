/** The drives section of offline-seed.json, owned by the drives domain. */

import { z } from 'zod';

export const drivesSectionSchema = z.looseObject({});
export type DrivesSection = z.infer<typeof drivesSectionSchema>;
