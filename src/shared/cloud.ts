/** Azure clouds: the three public ones and a local profile (the built-in local Azure writes one as cloud.json). */

import * as z from 'zod';

export const publicCloudNames = ['AzureCloud', 'AzureUSGovernment', 'AzureChinaCloud'] as const;
export type PublicCloudName = (typeof publicCloudNames)[number];

export const cloudEndpointsSchema = z.object({
  /** Azure AD authority host, e.g. https://login.microsoftonline.com (no tenant). */
  authority: z.string().url(),
  resourceManager: z.string().url(),
  graph: z.string().url(),
});

/** What every cloud has: endpoints, the token audiences and the storage suffix. */
export interface CloudDefinition {
  name: PublicCloudName | 'Local';
  endpoints: z.infer<typeof cloudEndpointsSchema>;
  /** Token audiences: real Azure's resource identifiers, also used by the local Azure. */
  audiences: { resourceManager: string; graph: string };
  storageSuffix: string;
  portal: string;
}

export const publicClouds: Record<PublicCloudName, CloudDefinition> = {
  AzureCloud: {
    name: 'AzureCloud',
    endpoints: {
      authority: 'https://login.microsoftonline.com',
      resourceManager: 'https://management.azure.com',
      graph: 'https://graph.microsoft.com',
    },
    audiences: { resourceManager: 'https://management.azure.com', graph: 'https://graph.microsoft.com' },
    storageSuffix: 'core.windows.net',
    portal: 'https://portal.azure.com',
  },
  AzureUSGovernment: {
    name: 'AzureUSGovernment',
    endpoints: {
      authority: 'https://login.microsoftonline.us',
      resourceManager: 'https://management.usgovcloudapi.net',
      graph: 'https://graph.microsoft.us',
    },
    audiences: { resourceManager: 'https://management.usgovcloudapi.net', graph: 'https://graph.microsoft.us' },
    storageSuffix: 'core.usgovcloudapi.net',
    portal: 'https://portal.azure.us',
  },
  AzureChinaCloud: {
    name: 'AzureChinaCloud',
    endpoints: {
      authority: 'https://login.chinacloudapi.cn',
      resourceManager: 'https://management.chinacloudapi.cn',
      graph: 'https://microsoftgraph.chinacloudapi.cn',
    },
    audiences: { resourceManager: 'https://management.chinacloudapi.cn', graph: 'https://microsoftgraph.chinacloudapi.cn' },
    storageSuffix: 'core.chinacloudapi.cn',
    portal: 'https://portal.azure.cn',
  },
};

/** DIR/cloud.json, written by `offline-seed emulator start --state DIR`. */
export const localCloudProfileSchema = z.object({
  kind: z.literal('local').default('local'),
  tenantId: z.string().uuid(),
  subscriptionId: z.string().uuid(),
  resourceGroup: z.string().min(1),
  location: z.string().min(1),
  storageAccount: z.object({
    name: z.string().min(3).max(24),
    id: z.string().startsWith('/subscriptions/'),
    blobEndpoint: z.string().url(),
  }),
  endpoints: cloudEndpointsSchema,
  publicClientId: z.string().uuid(),
  operator: z.object({ objectId: z.string().uuid(), userPrincipalName: z.string().min(3) }),
  /** PEM of the CA that signed the local Azure's TLS certificate. */
  caCertificate: z.string().includes('BEGIN CERTIFICATE'),
  /** Emulator control endpoint (clock, fault injection, datacenter); local only. */
  control: z.string().url().optional(),
  /**
   * Import/Export locations (short ids, `westeurope`) whose datacenter address the local Azure made up for
   * rehearsal: shown as such, never to be shipped to. The others carry an address from Microsoft's API examples.
   */
  rehearsalDatacenters: z.array(z.string()).optional(),
});
export type LocalCloudProfile = z.infer<typeof localCloudProfileSchema>;

export function isPublicCloudName(x: unknown): x is PublicCloudName {
  return typeof x === 'string' && (publicCloudNames as readonly string[]).includes(x);
}
