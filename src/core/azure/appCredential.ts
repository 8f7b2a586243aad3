/** The app-only credential: the AzureOfflineBackup_<operator> application signing in with its certificate (client assertion). */

import type { AccessToken, TokenCredential } from '@azure/core-auth';
import { ConfidentialClientApplication } from '@azure/msal-node';
import type { ResolvedCloud } from './clouds';
import { toAzureError } from './errors';
import { msalAuthority, msalNetwork } from './operator';
import { OfflineSeedError } from '../../shared/errors';

export interface AppCertificate {
  tenantId: string;
  /** The application (client) id. */
  clientId: string;
  /** Hex SHA-256 thumbprint of the certificate registered on the application. */
  thumbprintSha256: string;
  /** PEM PKCS#8 private key; stays in memory, never logged. */
  privateKeyPem: string;
  /** PEM certificate, sent as x5c. */
  certificatePem?: string;
}

export interface AppCredential extends TokenCredential {
  kind: 'app';
  clientId: string;
}

export function appCredential(cloud: ResolvedCloud, cert: AppCertificate): AppCredential {
  const cca = new ConfidentialClientApplication({
    auth: {
      clientId: cert.clientId,
      ...msalAuthority(cloud, cert.tenantId),
      clientCertificate: { thumbprintSha256: cert.thumbprintSha256, privateKey: cert.privateKeyPem, ...(cert.certificatePem ? { x5c: cert.certificatePem } : {}) },
    },
    system: cloud.ca ? { networkClient: msalNetwork(cloud.ca) } : {},
  });
  return {
    kind: 'app',
    clientId: cert.clientId,
    async getToken(scopes): Promise<AccessToken> {
      const list = Array.isArray(scopes) ? scopes : [scopes];
      try {
        const r = await cca.acquireTokenByClientCredential({ scopes: list });
        if (!r) throw new OfflineSeedError({ code: 'azure:errors.noToken', params: { operation: 'signInApp' }, step: 'certificate' });
        return { token: r.accessToken, expiresOnTimestamp: r.expiresOn?.getTime() ?? Date.now() + 3_600_000 };
      } catch (e) {
        throw toAzureError(e, 'signInApp', 'certificate');
      }
    },
  };
}
