/**
 * Requests of the wizard's Data Box route (current agents: MARS, DPM 2019 UR2+, MABS v3 UR2+). Each one runs the
 * same core use case as `offline-seed databox …`. The passkey and the disks' BitLocker keys never cross this
 * contract: `databox.credentials` stores them and answers where.
 */

import * as z from 'zod';
import { certificateRepairPhases, certificateRepairResultSchema, dataBoxJobNameSchema, dataBoxStatusSchema, diskViolationSchema, mitigateActions, readinessCheckSchema, uploadLogEntrySchema } from '../model/dataBox';
import { defineEvents, defineRequests, onWindows } from './define';

/** Where the order lives: the cloud chosen on step 1, the subscription and resource group (the rehearsal's when absent). */
const scope = {
  cloud: z.string().min(1).max(4096).optional(),
  subscriptionId: z.string().uuid().optional(),
  resourceGroup: z.string().min(1).max(90).optional(),
};
const storageAccountId = z.string().startsWith('/subscriptions/').max(1024).optional();
const jobName = dataBoxJobNameSchema;
const text = z.string().max(1024);

export const databoxRequests = defineRequests({
  /** The checks before ordering; registers Microsoft.DataBox first when `register`. Orders nothing. */
  'databox.readiness': {
    arg: z.object({ ...scope, storageAccountId, dataSizeTB: z.number().positive().max(1000), country: z.string().length(2), register: z.boolean().default(false) }).strict(),
    result: z.object({ checks: z.array(readinessCheckSchema), location: z.string().optional(), storageAccountId: z.string(), registered: z.boolean() }),
  },
  /** Readiness, validateInputs, then the order (long-running create); the custom passkey is checked before anything leaves. */
  'databox.order': {
    arg: z
      .object({
        ...scope,
        storageAccountId,
        jobName,
        dataSizeTB: z.number().positive().max(1000),
        contact: z.object({ name: text, phone: text, emails: z.array(text).max(10) }),
        address: z.object({ street: text, city: text, postalCode: text, country: text, company: text.optional() }),
        passkey: z.string().max(64).optional(),
      })
      .strict(),
    result: z.object({ checks: z.array(readinessCheckSchema), status: dataBoxStatusSchema }),
  },
  /** The order's stage timeline, per-disk copy progress and upload-log links. */
  'databox.status': {
    arg: z.object({ ...scope, jobName }).strict(),
    result: dataBoxStatusSchema,
  },
  /** Reads the passkey and BitLocker keys (listCredentials) into a 0600 file; answers where, never the secrets. */
  'databox.credentials': {
    arg: z.object({ ...scope, jobName }).strict(),
    result: z.object({ file: z.string(), disks: z.array(z.string()), passkeyUserDefined: z.boolean() }),
  },
  /**
   * Runs Microsoft's unlock tool with the kept passkey (answering its prompt on Windows, `/PassKey:` on Linux as
   * documented); the tool's lines come back with the passkey masked. Unlocking changes this computer's volumes.
   */
  'databox.unlock': {
    arg: z.object({ jobName, tool: z.string().min(1).max(4096), subscriptionId: z.string().uuid().optional() }).strict(),
    result: z.object({ volumes: z.array(z.string()), lines: z.array(z.string()) }),
    privileged: () => true,
  },
  /** Checks an unlocked disk's root folder before the agent writes (layout, free space) or after (every file). */
  'databox.checkDisk': {
    arg: z.object({ disk: z.string().min(1).max(4096), phase: z.enum(['before', 'after']), needBytes: z.number().int().nonnegative().optional() }).strict(),
    result: z.object({ root: z.string(), files: z.number(), bytes: z.number(), containers: z.number(), freeBytes: z.number(), violations: z.array(diskViolationSchema) }),
  },
  /** Self-managed return: the carrier and tracking number (markDevicesShipped). */
  'databox.ship': {
    arg: z.object({ ...scope, jobName, carrier: z.string().max(100), tracking: z.string().max(100) }).strict(),
    result: dataBoxStatusSchema,
  },
  /** The upload logs of every disk, parsed per file. */
  'databox.logs': {
    arg: z.object({ ...scope, jobName, storageAccountId }).strict(),
    result: z.object({ status: dataBoxStatusSchema, entries: z.array(uploadLogEntrySchema) }),
  },
  /** Answers what the service asks now (details.actions) with Jobs_Mitigate. */
  'databox.mitigate': {
    arg: z.object({ ...scope, jobName, action: z.enum(mitigateActions) }).strict(),
    result: dataBoxStatusSchema,
  },
  'databox.cancel': {
    arg: z.object({ ...scope, jobName, reason: z.string().max(500).default('') }).strict(),
    result: dataBoxStatusSchema,
  },
  /** Deletes a completed or canceled order and the stored passkey. */
  'databox.delete': {
    arg: z.object({ ...scope, jobName }).strict(),
    result: z.object({ deleted: z.string() }),
  },
  /**
   * The agent's certificate repair on this server (Microsoft's documented workaround): the certificate exported, added
   * to the operator's AzureOfflineBackup application (in a public cloud, after the portal upload), the registry value.
   */
  'databox.repairCertificate': {
    arg: z
      .object({
        cloud: scope.cloud,
        thumbprint: z.string().max(100).optional(),
        /** Where the .cer goes (a full path); the app's data folder when absent. */
        folder: z.string().min(1).max(4096).optional(),
      })
      .strict(),
    result: certificateRepairResultSchema,
    privileged: onWindows,
    // The HKLM value alone is written by the elevated helper, asked for this request only.
    elevates: true,
  },
});

export const databoxEvents = defineEvents({
  /** The certificate repair's step now running. */
  'databox.repairProgress': z.object({ phase: z.enum(certificateRepairPhases) }),
});
