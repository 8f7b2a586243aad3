/** Requests and events of the azure domain: operator sign-in (device code or browser) and which identity later steps use. */

import * as z from 'zod';
import { defineEvents, defineRequests } from './define';

/** `AzureCloud`, `AzureUSGovernment`, `AzureChinaCloud` or a local profile path; absent = OFFLINE_SEED_CLOUD or AzureCloud. */
export const cloudArg = z.string().min(1).max(4096).optional();

export const identitySchema = z.object({ kind: z.enum(['app', 'operator']), name: z.string() });

export const signInStateSchema = z.object({
  cloud: z.string(),
  signedIn: z.boolean(),
  user: z.string().optional(),
  objectId: z.string().optional(),
  tenantId: z.string().optional(),
  /** Who later steps act as: the application's certificate when this machine has it, else the operator. */
  identity: identitySchema,
  /**
   * Signed in and the token cache is a plain file (0600, no secret store answered): its path, for the one warning
   * sentence `azure:signIn.cacheUnprotected`.
   */
  unprotectedCache: z.string().optional(),
});

export const azureRequests = defineRequests({
  'azure.status': {
    arg: z.object({ cloud: cloudArg }).strict(),
    result: signInStateSchema,
  },
  /** Signs the operator in; with `deviceCode`, the code to enter arrives as the `azure.deviceCode` event. */
  'azure.signIn': {
    arg: z.object({ cloud: cloudArg, method: z.enum(['deviceCode', 'browser']) }).strict(),
    result: signInStateSchema,
  },
  /** Starts the built-in local Azure for a rehearsal; its profile path is then the `cloud` of every later request. */
  'azure.startLocalRehearsal': {
    arg: z.object({}).strict(),
    result: z.object({
      cloud: z.string(),
      subscriptionId: z.string(),
      resourceGroup: z.string(),
      storageAccount: z.string(),
      location: z.string(),
      operator: z.string(),
    }),
  },
  'azure.signOut': {
    arg: z.object({ cloud: cloudArg }).strict(),
    result: signInStateSchema,
  },
});

export const azureEvents = defineEvents({
  /** `azure.startLocalRehearsal` is starting the local Azure (not handing back the one already running). */
  'azure.localStarting': z.object({}).strict(),
  /** MSAL's device code message, shown as a real device-code sign-in shows it. */
  'azure.deviceCode': z.object({ message: z.string(), userCode: z.string(), verificationUri: z.string() }),
});
