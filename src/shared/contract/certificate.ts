/** Requests of the certificate domain: CreateNewApplication, what to do when the application exists, AddRegistryEntries. */

import * as z from 'zod';
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

/** Which subscription and storage account (its resource group gets the access), and where the params file goes. */
const target = { cloud: cloudArg, subscriptionId: guid, storageAccountName: z.string().max(24).optional(), folder };

/** OfflineApplicationParams.xml written: the application this computer signs in as. */
const ready = z.object({ xmlPath: z.string(), params: offlineApplicationParamsSchema });

export const certificateRequests = defineRequests({
  'certificate.status': {
    arg: z.object({ cloud: cloudArg }).strict(),
    result: z.object({ params: offlineApplicationParamsSchema.nullable(), identity: identitySchema }),
  },
  /**
   * CreateNewApplication; `folder` (a full path) receives OfflineApplicationParams.xml. When the application already
   * exists with certificates nothing changes in Azure: `exists` says whether this computer holds one of their keys.
   * `replace` deletes it and creates it again (the operator's explicit choice).
   */
  'certificate.create': {
    arg: z.object({ ...target, recreate: z.boolean().optional(), replace: z.boolean().optional() }).strict(),
    result: z.discriminatedUnion('outcome', [
      z.object({ outcome: z.literal('created'), xmlPath: z.string(), params: offlineApplicationParamsSchema, scope: z.string() }),
      z.object({
        outcome: z.literal('exists'),
        applicationId: z.string(),
        displayName: z.string(),
        keyCount: z.number(),
        /** The thumbprint of the application's certificate whose private key this computer holds. */
        thisMachine: z.string().nullable(),
        /** Uploads from the page reach Azure (a local rehearsal); otherwise they go through the portal. */
        canUploadHere: z.boolean(),
      }),
      z.object({ outcome: z.literal('noCertificate'), applicationId: z.string(), displayName: z.string() }),
    ]),
    privileged: onWindows,
  },
  /** "Use it": the existing application with the certificate this computer holds. */
  'certificate.useExisting': {
    arg: z.object(target).strict(),
    result: ready,
  },
  /** "Upload this computer's certificate": the certificate made (or the pending one), exported as .cer in `folder`. */
  'certificate.prepareUpload': {
    arg: z.object(target).strict(),
    result: z.object({ manual: manualUploadSchema, canUploadHere: z.boolean() }),
    privileged: onWindows,
  },
  /** Local rehearsal only: the local Azure takes the upload from the page. */
  'certificate.upload': {
    arg: z.object(target).strict(),
    result: ready,
    privileged: onWindows,
  },
  /** The portal upload: has the certificate appeared in Graph? When it has, the params file is written. */
  'certificate.checkUpload': {
    arg: z.object(target).strict(),
    result: z.object({ seen: z.boolean(), xmlPath: z.string().optional(), params: offlineApplicationParamsSchema.optional() }),
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
