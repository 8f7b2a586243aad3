/** The parameters of the AzureOfflineBackup application (OfflineApplicationParams.xml, our own format: see core/certs/params.ts). */

import * as z from 'zod';

const guid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);
const hex = (n: number) => z.string().regex(new RegExp(`^[0-9A-F]{${n}}$`));

export const offlineApplicationParamsSchema = z.object({
  tenantId: guid,
  applicationId: guid,
  objectId: guid,
  servicePrincipalId: guid,
  applicationName: z.string().min(1),
  certificateSubject: z.string().min(1),
  certificateThumbprintSha1: hex(40),
  certificateThumbprintSha256: hex(64),
  subscriptionId: guid,
  resourceGroup: z.string().min(1),
  cloud: z.string().min(1),
  createdTime: z.string().datetime(),
  storageAccountName: z.string().optional(),
  storageAccountId: z.string().optional(),
});
export type OfflineApplicationParams = z.infer<typeof offlineApplicationParamsSchema>;
