/** One operator credential per cloud and data folder in a running app, shared by the azure and certificate handlers. */

import { resolveCloud, type ResolvedCloud } from './clouds';
import { operatorCachePlugin, operatorCredential, tokenCacheFile, type OperatorCredential, type OperatorSignInOptions } from './operator';
import type { SecretProtector } from '../platform/secretProtector';

export interface SessionCallbacks {
  method?: OperatorSignInOptions['method'];
  onDeviceCode?: OperatorSignInOptions['onDeviceCode'];
  openBrowser?: OperatorSignInOptions['openBrowser'];
}

export interface OperatorSession {
  cloud: ResolvedCloud;
  credential: OperatorCredential;
  options: SessionCallbacks;
  /** The token cache's file when it is kept as a plain 0600 file (no host protector, no OS secret store); else null. */
  unprotectedCache(): Promise<string | null>;
}

const credentials = new Map<string, OperatorSession>();

/** The operator's credential for `cloud`; sign-in callbacks can be replaced per request (the UI that asked). */
export function operatorSession(
  cloudChoice: string | undefined,
  dataDir: string,
  env: NodeJS.ProcessEnv = process.env,
  protect?: SecretProtector,
): OperatorSession {
  const cloud = resolveCloud(cloudChoice, env);
  const key = `${dataDir}\u0000${cloud.source}`;
  let entry = credentials.get(key);
  if (!entry) {
    const options: SessionCallbacks = {};
    const cachePlugin = operatorCachePlugin({ cloud, dataDir, ...(protect ? { protect } : {}) });
    const credential = operatorCredential({
      cloud,
      dataDir,
      cachePlugin,
      ...(protect ? { protect } : {}),
      get method() {
        return options.method;
      },
      onDeviceCode: (m, i) => options.onDeviceCode?.(m, i),
      openBrowser: async (url) => {
        if (!options.openBrowser) throw new Error('No browser to open for sign-in.');
        await options.openBrowser(url);
      },
    });
    const unprotectedCache = async () => ((await cachePlugin.store()).protection === 'none' ? tokenCacheFile(dataDir, cloud) : null);
    entry = { cloud, credential, options, unprotectedCache };
    credentials.set(key, entry);
  }
  return entry;
}
