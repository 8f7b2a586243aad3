/**
 * Operator sign-in with @azure/msal-node: device code or interactive browser (loopback redirect, PKCE), one sign-in
 * for ARM and Graph, the token cache kept encrypted where the host or the OS offers it, else a 0600 file in the
 * app's data folder (tokenCacheStore.ts).
 */

import path from 'node:path';
import type { AccessToken, TokenCredential } from '@azure/core-auth';
import {
  PublicClientApplication,
  type AccountInfo,
  type AuthenticationResult,
  type ICachePlugin,
  type INetworkModule,
  type NetworkRequestOptions,
  type NetworkResponse,
} from '@azure/msal-node';
import { lazyCachePlugin, openTokenCacheStore, type TokenCacheStore } from './tokenCacheStore';
import type { SecretProtector } from '../platform/secretProtector';
import { armScope, type ResolvedCloud } from './clouds';
import { rawRequest } from './http';
import { msalNetworkCodes, networkError, toAzureError } from './errors';
import { OfflineSeedError } from '../../shared/errors';


export type SignInMethod = 'deviceCode' | 'browser';

export interface OperatorSignInOptions {
  cloud: ResolvedCloud;
  dataDir: string;
  method?: SignInMethod;
  /** Shows MSAL's device code message ("To sign in, use a web browser to open … and enter the code …"). */
  onDeviceCode?(message: string, info: { userCode: string; verificationUri: string }): void;
  /** Opens the sign-in page for the browser method. */
  openBrowser?(url: string): Promise<void>;
  protect?: SecretProtector;
  /** Told once that the token cache is written as a plain file (no protector, no OS secret store): the path. */
  onCacheUnprotected?(file: string): void;
  /** Where the token cache is kept; by default operatorCachePlugin (tokenCacheStore.ts). */
  cachePlugin?: ICachePlugin;
}

export interface OperatorIdentity {
  objectId: string;
  tenantId: string;
  userPrincipalName: string;
}

export interface OperatorCredential extends TokenCredential {
  kind: 'operator';
  /** Who signed in (after the first token). */
  identity(): OperatorIdentity | null;
  /** The account remembered in the token cache, without signing in (null = a sign-in is needed). */
  cachedAccount(): Promise<OperatorIdentity | null>;
  signOut(): Promise<void>;
}

/** msal-node's network module over HTTPS that trusts the cloud's extra CA (no NODE_EXTRA_CA_CERTS needed). */
export function msalNetwork(ca: string | undefined): INetworkModule {
  const send = async <T>(method: string, url: string, options?: NetworkRequestOptions): Promise<NetworkResponse<T>> => {
    const r = await rawRequest(url, { method, headers: options?.headers, body: options?.body, ca });
    return { status: r.status, headers: r.headers, body: JSON.parse(r.text || '{}') as T };
  };
  return { sendGetRequestAsync: (url, o) => send('GET', url, o), sendPostRequestAsync: (url, o) => send('POST', url, o) };
}

/** msal auth settings for a cloud: a local authority is a known authority (no instance discovery against the internet). */
export function msalAuthority(cloud: ResolvedCloud, tenantId = cloud.tenantId): { authority: string; knownAuthorities?: string[] } {
  const authority = `${cloud.endpoints.authority}/${tenantId}`;
  return cloud.local ? { authority, knownAuthorities: [new URL(cloud.endpoints.authority).host] } : { authority };
}

export const tokenCacheFile = (dataDir: string, cloud: ResolvedCloud) =>
  path.join(dataDir, cloud.local ? `msal-cache-local-${cloud.tenantId}.json` : `msal-cache-${cloud.name}.json`);

/** The token cache of `o`'s cloud and data folder: the host's protector, else the OS secret store, else a plain 0600 file. */
export function operatorCachePlugin(o: Pick<OperatorSignInOptions, 'cloud' | 'dataDir' | 'protect' | 'onCacheUnprotected'>): ICachePlugin & { store(): Promise<TokenCacheStore> } {
  const file = tokenCacheFile(o.dataDir, o.cloud);
  return lazyCachePlugin(() => openTokenCacheStore(file, { protect: o.protect, onUnprotected: (f) => o.onCacheUnprotected?.(f) }));
}

function decodeClaims(jwt: string): Record<string, unknown> {
  try {
    return JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
  } catch {
    return {};
  }
}

/** The operator's credential: silent from the cache when possible, else the chosen sign-in; works for any scope. */
export function operatorCredential(o: OperatorSignInOptions): OperatorCredential {
  const pca = new PublicClientApplication({
    auth: { clientId: o.cloud.publicClientId, ...msalAuthority(o.cloud) },
    cache: { cachePlugin: o.cachePlugin ?? operatorCachePlugin(o) },
    system: o.cloud.ca ? { networkClient: msalNetwork(o.cloud.ca) } : {},
  });
  let account: AccountInfo | null = null;
  let who: OperatorIdentity | null = null;
  const remember = (r: AuthenticationResult) => {
    account = r.account ?? account;
    const c = decodeClaims(r.accessToken);
    const oid = (c.oid as string | undefined) ?? account?.localAccountId ?? '';
    who = { objectId: oid, tenantId: (c.tid as string | undefined) ?? r.tenantId, userPrincipalName: (c.upn as string | undefined) ?? account?.username ?? '' };
  };
  const interactive = async (scopes: string[]): Promise<AuthenticationResult | null> => {
    if ((o.method ?? 'deviceCode') === 'browser') {
      if (!o.openBrowser) throw new Error('No browser to open for sign-in.');
      return pca.acquireTokenInteractive({ scopes, openBrowser: o.openBrowser });
    }
    return pca.acquireTokenByDeviceCode({
      scopes,
      deviceCodeCallback: (r) => o.onDeviceCode?.(r.message, { userCode: r.userCode, verificationUri: r.verificationUri }),
    });
  };
  /**
   * MSAL says only `endpoints_resolution_error` when the authority did not answer; one request to its OpenID
   * configuration finds out why (nothing listening at the port, a certificate the profile's CA did not sign).
   */
  const signInError = async (e: unknown) => {
    const code = (e as { errorCode?: unknown } | null)?.errorCode;
    if (typeof code === 'string' && msalNetworkCodes.has(code)) {
      const why = await rawRequest(`${msalAuthority(o.cloud).authority}/v2.0/.well-known/openid-configuration`, { method: 'GET', ca: o.cloud.ca }).then(
        () => null,
        (x: unknown) => x,
      );
      if (why) return networkError(why, 'signIn', 'signIn');
    }
    return toAzureError(e, 'signIn', 'signIn');
  };
  return {
    kind: 'operator',
    identity: () => who,
    async cachedAccount() {
      if (who) return who;
      const a = (await pca.getTokenCache().getAllAccounts())[0];
      return a ? { objectId: a.localAccountId, tenantId: a.tenantId, userPrincipalName: a.username } : null;
    },
    async signOut() {
      for (const a of await pca.getTokenCache().getAllAccounts()) await pca.getTokenCache().removeAccount(a);
      account = null;
      who = null;
    },
    async getToken(scopes): Promise<AccessToken> {
      const list = Array.isArray(scopes) ? scopes : [scopes];
      const want = list.length ? list : [armScope(o.cloud)];
      let r: AuthenticationResult | null = null;
      try {
        if (!account) account = (await pca.getTokenCache().getAllAccounts())[0] ?? null;
        if (account) r = await pca.acquireTokenSilent({ account, scopes: want }).catch(() => null);
        r ??= await interactive(want);
      } catch (e) {
        throw await signInError(e);
      }
      if (!r) throw new OfflineSeedError({ code: 'azure:errors.noToken', params: { operation: 'signIn' }, step: 'signIn' });
      remember(r);
      return { token: r.accessToken, expiresOnTimestamp: r.expiresOn?.getTime() ?? Date.now() + 3_600_000 };
    },
  };
}
