/** The session file `offline-seed.json` in the staging location: what every later step needs to know. */

import * as z from 'zod';
import { agentStagingSectionSchema } from './agentStaging';
import { drivesSectionSchema } from './drives';
import { stagingSectionSchema } from './staging';
import { workflowSectionSchema } from './workflow';

export const sessionStates = [
  'staging',
  'staged',
  'drivesPrepared',
  'copied',
  'jobCreated',
  'shipping',
  'completed',
] as const;
export type SessionState = (typeof sessionStates)[number];

export const sessionSchema = z.object({
  formatVersion: z.literal(1),
  sessionId: z.string().uuid(),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** `AzureCloud`, `AzureUSGovernment`, `AzureChinaCloud`, or the absolute path of a local cloud profile. */
  cloud: z.string().min(1),
  tenantId: z.string().optional(),
  /** A GUID, as the rules check it (checkSubscriptionId): Azure's ids are GUIDs, not necessarily RFC 9562 UUIDs. */
  subscriptionId: z.guid(),
  resourceGroup: z.string().min(1),
  storageAccount: z.string().min(3),
  container: z.string().min(3),
  importJobName: z.string().min(2),
  sources: z.array(z.object({ path: z.string().min(1), name: z.string().min(1) })),
  state: z.enum(sessionStates),
  staging: stagingSectionSchema.optional(),
  /** Present when the staging location was written by the backup agent: its files are shipped as they are. */
  agentStaging: agentStagingSectionSchema.optional(),
  drives: drivesSectionSchema.optional(),
  workflow: workflowSectionSchema.optional(),
});
export type Session = z.infer<typeof sessionSchema>;
