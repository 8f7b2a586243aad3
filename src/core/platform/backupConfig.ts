/**
 * Where AddRegistryEntries puts its values.
 *
 * Windows: REG_SZ `AzureADAppCertThumbprint_<user id>` under HKLM\SOFTWARE\Microsoft\Windows Azure Backup\Config\CloudBackupProvider
 * (.NET RegistryKey through Windows PowerShell: windows/registry.ts), and OfflineApplicationParams_<account>.xml in the MARS agent's Scratch\MicrosoftBackupProvider folder when the
 * agent is installed (the app's data folder otherwise).
 * Linux and macOS: the same values in `<data folder>/registry.json`, shaped `{ "<key path>": { "<value name>": "<data>" } }`,
 * and the XML in `<data folder>/MicrosoftBackupProvider/`.
 */

import { existsSync } from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../session/sessionFile';
import { windowsRegistry, type CommandRunner } from './windows/registry';
import { FileTooLargeError, fileLimits, readFileLimited } from '../files/readLimited';
import { ensurePrivateDir } from '../files/privateDir';

export const cloudBackupProviderKey = 'HKLM\\SOFTWARE\\Microsoft\\Windows Azure Backup\\Config\\CloudBackupProvider';
export const thumbprintValueName = (userId: string) => `AzureADAppCertThumbprint_${userId}`;

export interface BackupConfigStore {
  /** Where the values live, for the report ("HKLM\…" or a file path). */
  location: string;
  setString(key: string, name: string, data: string): Promise<void>;
  getString(key: string, name: string): Promise<string | null>;
}

export function registryFile(dataDir: string): BackupConfigStore {
  const file = path.join(dataDir, 'registry.json');
  const read = async (): Promise<Record<string, Record<string, string>>> => {
    try {
      return JSON.parse(await readFileLimited(file, fileLimits.smallJson, 'utf8')) as Record<string, Record<string, string>>;
    } catch (e) {
      // Too large to be ours: say so rather than start over and overwrite it.
      if (e instanceof FileTooLargeError) throw e;
      return {};
    }
  };
  return {
    location: file,
    async setString(key, name, data) {
      const all = await read();
      all[key] = { ...(all[key] ?? {}), [name]: data };
      await ensurePrivateDir(dataDir);
      await writeFileAtomic(file, JSON.stringify(all, null, 2) + '\n', 0o600);
    },
    async getString(key, name) {
      return (await read())[key]?.[name] ?? null;
    },
  };
}

export function windowsRegistryStore(run?: CommandRunner): BackupConfigStore {
  const reg = windowsRegistry(run);
  return {
    location: cloudBackupProviderKey,
    setString: (key, name, data) => reg.setString(key, name, data),
    getString: async (key, name) => (await reg.query(key, name))?.data ?? null,
  };
}

export function backupConfigStore(dataDir: string, platform: NodeJS.Platform = process.platform, run?: CommandRunner): BackupConfigStore {
  return platform === 'win32' ? windowsRegistryStore(run) : registryFile(dataDir);
}

/** The MARS agent's configuration key, which holds its scratch (cache) folder as `ScratchLocation`. */
export const marsConfigKey = 'HKLM\\SOFTWARE\\Microsoft\\Windows Azure Backup\\Config';

/** Expands %NAME% the way Windows does for REG_EXPAND_SZ (unknown names are left as they are). */
function expandEnv(s: string, env: NodeJS.ProcessEnv): string {
  return s.replace(/%([^%]+)%/g, (all, name: string) => env[name] ?? Object.entries(env).find(([k]) => k.toLowerCase() === name.toLowerCase())?.[1] ?? all);
}

/**
 * Where OfflineApplicationParams_<account>.xml goes: `MicrosoftBackupProvider` in the MARS agent's scratch folder,
 * read from the agent's `ScratchLocation` registry value (under ...\Config, then ...\Config\CloudBackupProvider),
 * else the documented default \Program Files\Microsoft Azure Recovery Services Agent\Scratch when the agent is
 * installed, else `<data folder>/MicrosoftBackupProvider`. The caller reports the path it used.
 * https://learn.microsoft.com/en-us/azure/backup/backup-azure-file-folder-backup-faq#how-do-i-change-the-cache-location-for-the-mars-agent
 */
export async function backupProviderFolder(dataDir: string, env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform, run?: CommandRunner): Promise<string> {
  if (platform === 'win32') {
    const reg = windowsRegistry(run);
    for (const key of [marsConfigKey, cloudBackupProviderKey]) {
      const v = await reg.query(key, 'ScratchLocation').catch(() => null);
      const dir = v ? expandEnv(v.data.trim(), env) : '';
      if (/^(?:[A-Za-z]:\\|\\\\[^\\]+\\[^\\]+)/.test(dir)) return path.win32.join(dir, 'MicrosoftBackupProvider');
    }
    const agent = path.win32.join(env.ProgramFiles ?? 'C:\\Program Files', 'Microsoft Azure Recovery Services Agent');
    if (existsSync(agent)) return path.win32.join(agent, 'Scratch', 'MicrosoftBackupProvider');
  }
  return path.join(dataDir, 'MicrosoftBackupProvider');
}
