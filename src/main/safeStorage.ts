/** Electron's safeStorage as core's protector of secrets at rest, only where an OS secret store backs it. */

import type { SafeStorage } from 'electron';
import type { SecretProtector } from '../core/platform/secretProtector';

/**
 * The protector for core, or undefined where safeStorage protects nothing. On Linux with no secret store (no
 * keyring for the desktop, or `--password-store=basic`) safeStorage still says encryption is available, but its
 * backend is `basic_text`: "encrypted via hardcoded plaintext password", so unprotected
 * (https://www.electronjs.org/docs/api/safe-storage). That counts as no secret store: core then tries the OS
 * store itself, else keeps a plain 0600 file and says so.
 */
export function safeStorageProtector(
  safeStorage: Pick<SafeStorage, 'isEncryptionAvailable' | 'getSelectedStorageBackend' | 'encryptString' | 'decryptString'>,
  platform: NodeJS.Platform = process.platform,
): SecretProtector | undefined {
  if (!safeStorage.isEncryptionAvailable()) return undefined;
  if (platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text') return undefined;
  return { encrypt: (plain) => safeStorage.encryptString(plain), decrypt: (data) => safeStorage.decryptString(data) };
}
