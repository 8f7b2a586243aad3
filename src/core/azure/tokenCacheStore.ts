/**
 * Where the operator's token cache (MSAL's serialized accounts, access and refresh tokens) is kept at rest.
 *
 * In order of preference:
 * 1. the host's protector (the desktop app's Electron safeStorage), as before: an encrypted file;
 * 2. the OS's own secret store through `@azure/msal-node-extensions` (Microsoft's persistence for MSAL): DPAPI on
 *    Windows (an encrypted file, the package's own dpapi.node), the Keychain on macOS and the Secret Service
 *    through libsecret on Linux (both through keytar, a native module that must be built for this Node). The
 *    package is optional: where it did not install (keytar not built) or the store does not answer (Linux without
 *    a running Secret Service such as GNOME Keyring or KWallet), the next one is used;
 * 3. a plain file, mode 0600 in a 0700 folder, and the caller is told once (`onUnprotected`) so it can say so.
 *
 * The protected store keeps its file beside the plain one (`….protected.json`: on Windows the DPAPI-encrypted cache;
 * elsewhere an empty marker whose modification time tells other processes to reload). A plain cache left from before
 * is moved into the protected store, then removed.
 */

import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { ICachePlugin, TokenCacheContext } from '@azure/msal-node';
import { writeFileAtomic } from '../session/sessionFile';
import { ensurePrivateDir } from '../files/privateDir';
import type { SecretProtector } from '../platform/secretProtector';

export type TokenCacheProtection = 'host' | 'dpapi' | 'keychain' | 'libsecret' | 'none';

/** The part of @azure/msal-node-extensions used here (loaded only when needed: it loads a native module). */
export interface PersistenceExtensions {
  PersistenceCreator: {
    createPersistence(config: {
      cachePath: string;
      dataProtectionScope: string;
      serviceName: string;
      accountName: string;
      usePlaintextFileOnLinux: boolean;
    }): Promise<{ save(contents: string): Promise<void>; load(): Promise<string | null> }>;
  };
  PersistenceCachePlugin: new (persistence: never) => ICachePlugin;
  DataProtectionScope: { CurrentUser: string };
}

export interface TokenCacheStoreOptions {
  /** The host's protector (Electron safeStorage); preferred when given. */
  protect?: SecretProtector | undefined;
  platform?: NodeJS.Platform;
  /** Loads the OS secret store package; absent or rejecting, there is none. */
  loadExtensions?: () => Promise<PersistenceExtensions>;
  /** Told, once, that the cache is written as a plain file (its path). */
  onUnprotected?: ((file: string) => void) | undefined;
}

export interface TokenCacheStore {
  plugin: ICachePlugin;
  protection: TokenCacheProtection;
}

/** The service name the cache is stored under in the Keychain or the Secret Service. */
export const secretServiceName = 'Offline Seed token cache';

/** The protected store's file beside the plain cache file `file`. */
export const protectedCacheFile = (file: string) => file.replace(/\.json$/, '') + '.protected.json';

/**
 * The package's name as a value, so the type check does not need it installed: it is an optional dependency whose
 * native module may fail to build (without libsecret's headers on Linux), and only `PersistenceExtensions` is used.
 */
const extensionsPackage: string = '@azure/msal-node-extensions';

const defaultExtensions = async (): Promise<PersistenceExtensions> => (await import(extensionsPackage)) as PersistenceExtensions;

function protectionOf(platform: NodeJS.Platform): TokenCacheProtection {
  return platform === 'win32' ? 'dpapi' : platform === 'darwin' ? 'keychain' : 'libsecret';
}

/** A cache file: encrypted by `protect`, or plain (the caller is told once); 0600 in a 0700 folder either way. */
function filePlugin(file: string, protect: SecretProtector | undefined, onPlainWrite: () => void): ICachePlugin {
  return {
    async beforeCacheAccess(ctx) {
      try {
        const data = await fs.readFile(file);
        ctx.tokenCache.deserialize(protect ? protect.decrypt(data) : data.toString('utf8'));
      } catch {
        /* no cache yet, or unreadable: sign in again */
      }
    },
    async afterCacheAccess(ctx) {
      if (!ctx.cacheHasChanged) return;
      const text = ctx.tokenCache.serialize();
      await ensurePrivateDir(path.dirname(file));
      await writeFileAtomic(file, protect ? protect.encrypt(text) : text, 0o600);
      if (!protect) onPlainWrite();
    },
  };
}

/** The OS secret store for `file`'s cache, or null where there is none that works. */
async function osStore(file: string, o: TokenCacheStoreOptions, platform: NodeJS.Platform): Promise<TokenCacheStore | null> {
  if (platform !== 'win32' && platform !== 'darwin' && platform !== 'linux') return null;
  let ext: PersistenceExtensions;
  try {
    ext = await (o.loadExtensions ?? defaultExtensions)();
  } catch {
    return null; // not installed, or its native module does not load here
  }
  const cachePath = protectedCacheFile(file);
  await ensurePrivateDir(path.dirname(file));
  let persistence: Awaited<ReturnType<PersistenceExtensions['PersistenceCreator']['createPersistence']>>;
  try {
    // createPersistence writes and reads back a test value: a store that does not answer fails here.
    persistence = await ext.PersistenceCreator.createPersistence({
      cachePath,
      dataProtectionScope: ext.DataProtectionScope.CurrentUser,
      serviceName: secretServiceName,
      accountName: path.basename(file),
      usePlaintextFileOnLinux: false,
    });
  } catch {
    // What the attempt left: the store's (empty) file and its lock.
    await fs.rm(cachePath, { force: true }).catch(() => undefined);
    await fs.rm(`${cachePath}.lockfile`, { force: true }).catch(() => undefined);
    return null;
  }
  // A plain cache from before moves into the store, then goes.
  const plain = await fs.readFile(file, 'utf8').catch(() => null);
  if (plain !== null) {
    if (plain.trim() !== '' && (await persistence.load().catch(() => null)) === null) await persistence.save(plain);
    await fs.rm(file, { force: true });
  }
  await fs.chmod(cachePath, 0o600).catch(() => undefined);
  return { plugin: new ext.PersistenceCachePlugin(persistence as never), protection: protectionOf(platform) };
}

/** Opens the store for the cache file `file` (see the top of this file for the order). */
export async function openTokenCacheStore(file: string, o: TokenCacheStoreOptions = {}): Promise<TokenCacheStore> {
  let told = false;
  const tell = () => {
    if (told) return;
    told = true;
    o.onUnprotected?.(file);
  };
  if (o.protect) return { plugin: filePlugin(file, o.protect, tell), protection: 'host' };
  const os = await osStore(file, o, o.platform ?? process.platform);
  return os ?? { plugin: filePlugin(file, undefined, tell), protection: 'none' };
}

/** A plugin usable at once whose store is opened on first use (MSAL takes its plugin when the client is made). */
export function lazyCachePlugin(open: () => Promise<TokenCacheStore>): ICachePlugin & { store(): Promise<TokenCacheStore> } {
  let store: Promise<TokenCacheStore> | null = null;
  const get = () => (store ??= open());
  return {
    store: get,
    async beforeCacheAccess(ctx: TokenCacheContext) {
      await (await get()).plugin.beforeCacheAccess(ctx);
    },
    async afterCacheAccess(ctx: TokenCacheContext) {
      await (await get()).plugin.afterCacheAccess(ctx);
    },
  };
}
