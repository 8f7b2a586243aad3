/** Requests of the certificate domain: CreateNewApplication, the manual upload path, AddRegistryEntries. */

import { z } from 'zod';
import { offlineApplicationParamsSchema } from '../model/certificate';
import { defineEvents, defineRequests, onWindows } from './define';
import { cloudArg, identitySchema } from './azure';

const guid = z.string().min(1).max(100);
const folder = z.string().min(1).max(4096);

export const manualUploadSchema = z.object({
  applicationId: z.string(),
  thumbprint: z.string(),
  thumbprintSha256: z.string(),
  subject: z.string(),
  cerPath: z.string(),
  portalUrl: z.string(),
});

export const certificateRequests = defineRequests({
  'certificate.status': {
    arg: z.object({ cloud: cloudArg }).strict(),
    result: z.object({ params: offlineApplicationParamsSchema.nullable(), identity: identitySchema }),
  },
  /** CreateNewApplication; `folder` receives OfflineApplicationParams.xml (and the .cer on the manual path). */
  'certificate.create': {
    arg: z.object({ cloud: cloudArg, subscriptionId: guid, storageAccountName: z.string().max(24).optional(), recreate: z.boolean().optional(), folder }).strict(),
    result: z.discriminatedUnion('outcome', [
      z.object({ outcome: z.literal('created'), xmlPath: z.string(), params: offlineApplicationParamsSchema, scope: z.string() }),
      z.object({ outcome: z.literal('manual'), manual: manualUploadSchema }),
      z.object({ outcome: z.literal('noCertificate'), applicationId: z.string(), displayName: z.string() }),
    ]),
    privileged: onWindows,
  },
  /** The manual path: has the uploaded certificate appeared in Graph? When it has, the params file is written. */
  'certificate.checkUpload': {
    arg: z.object({ cloud: cloudArg, folder }).strict(),
    result: z.object({ seen: z.boolean(), xmlPath: z.string().optional() }),
    privileged: onWindows,
  },
  'certificate.addRegistryEntries': {
    arg: z.object({ cloud: cloudArg, subscriptionId: guid, xmlFilePath: folder, storageAccountName: z.string().max(100) }).strict(),
    result: z.object({ valueName: z.string(), thumbprint: z.string(), registryLocation: z.string(), paramsPath: z.string() }),
    privileged: onWindows,
    // HKLM and the agent's scratch folder alone are written by the elevated helper, asked for this request only.
    elevates: true,
  },
  /** Opens the application's Certificates & secrets page in the Azure portal (allow-listed link). */
  'certificate.openPortal': {
    arg: z.object({ cloud: cloudArg, applicationId: guid }).strict(),
    result: z.object({ opened: z.boolean(), url: z.string() }),
  },
});

export const certificateEvents = defineEvents({});
