/**
 * Encryption of secrets at rest where the OS offers it (Electron's safeStorage: DPAPI on Windows, the Keychain on
 * macOS, libsecret on Linux). Absent, secrets are plain files with mode 0600 in the 0700 data folder.
 */
export interface SecretProtector {
  encrypt(plain: string): Buffer;
  decrypt(data: Buffer): string;
}
