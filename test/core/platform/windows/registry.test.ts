/**
 * The registry adapter (Windows PowerShell and .NET's RegistryKey) against recorded output: a value, a key, a missing
 * value and key told apart from a failure in every language, REG_SZ set, access denied on English, French and German
 * servers, delete, and the MARS scratch folder from ScratchLocation.
 */

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { deleteValueScript, readScript, setStringScript, splitKey, windowsRegistry, type CommandResult, type CommandRunner } from '../../../../src/core/platform/windows/registry';
import { backupConfigStore, backupProviderFolder, cloudBackupProviderKey, marsConfigKey, thumbprintValueName } from '../../../../src/core/platform/backupConfig';
import { powershellExe } from '../../../../src/core/platform/windows/tools';

const fixture = (name: string) => readFileSync(path.join(__dirname, '../../../fixtures/windows/reg', name), 'utf8');
const ok = (name: string): CommandResult => ({ code: 0, stdout: fixture(name), stderr: '' });
const failed = (name: string): CommandResult => ({ code: 1, stdout: fixture(name), stderr: '' });
const userId = '6f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0';
const providerPath = 'SOFTWARE\\Microsoft\\Windows Azure Backup\\Config\\CloudBackupProvider';

/** Replays recorded results in order and records every call: the script (decoded) and what went to stdin. */
function replay(...results: CommandResult[]) {
  const calls: Array<{ file: string; script: string; input: unknown }> = [];
  const run: CommandRunner = async (file, args, input) => {
    const encoded = args[args.indexOf('-EncodedCommand') + 1]!;
    calls.push({ file, script: Buffer.from(encoded, 'base64').toString('utf16le'), input: input ? (JSON.parse(Buffer.from(input, 'base64').toString('utf8')) as unknown) : undefined });
    const r = results.shift();
    if (!r) throw new Error(`unexpected call ${file}`);
    return r;
  };
  return { run, calls };
}

describe('windows registry through RegistryKey', () => {
  it('splits a key into its hive and path, and refuses another hive', () => {
    expect(splitKey(cloudBackupProviderKey)).toEqual({ hive: 'LocalMachine', path: providerPath });
    expect(splitKey('HKEY_CURRENT_USER\\Software\\X')).toEqual({ hive: 'CurrentUser', path: 'Software\\X' });
    expect(() => splitKey('HKCR\\.txt')).toThrow('HKLM or HKCU');
  });

  it('reads one value in the 64-bit view, keys and data on stdin, never on the command line', async () => {
    const { run, calls } = replay(ok('read-value.stdout.txt'));
    const reg = windowsRegistry(run);
    expect(await reg.query(cloudBackupProviderKey, thumbprintValueName(userId))).toEqual({ name: `AzureADAppCertThumbprint_${userId}`, type: 'REG_SZ', data: '9A3F0C1E2B4D5F60718293A4B5C6D7E8F9012345' });
    expect(calls[0]!.file).toBe(powershellExe());
    expect(calls[0]!.script).toContain(readScript);
    expect(calls[0]!.script).toContain('[Microsoft.Win32.RegistryView]::Registry64');
    expect(calls[0]!.script).not.toContain(providerPath);
    expect(calls[0]!.input).toEqual({ hive: 'LocalMachine', path: providerPath, name: `AzureADAppCertThumbprint_${userId}` });
  });

  it('reads every value of a key, the default value with an empty name', async () => {
    const { run } = replay(ok('read-key.stdout.txt'));
    expect(await windowsRegistry(run).values(cloudBackupProviderKey)).toEqual([
      { name: '', type: 'REG_SZ', data: '' },
      { name: `AzureADAppCertThumbprint_${userId}`, type: 'REG_SZ', data: '9A3F0C1E2B4D5F60718293A4B5C6D7E8F9012345' },
      { name: 'ProviderVersion', type: 'REG_DWORD', data: '2' },
    ]);
  });

  it('answers null for a missing value or key, and reports a key it may not read as an error on a French or German server', async () => {
    const { run } = replay(ok('read-missing-value.stdout.txt'), ok('read-missing-key.stdout.txt'), ok('read-missing-key.stdout.txt'), failed('read-denied.fr.stdout.txt'), failed('read-denied.de.stdout.txt'));
    const reg = windowsRegistry(run);
    expect(await reg.query(cloudBackupProviderKey, 'AzureADAppCertThumbprint_other')).toBeNull();
    expect(await reg.query('HKLM\\SOFTWARE\\Nope', 'x')).toBeNull();
    expect(await reg.values('HKLM\\SOFTWARE\\Nope')).toEqual([]);
    await expect(reg.query(cloudBackupProviderKey, 'x')).rejects.toThrow('L\'accès au Registre demandé n\'est pas autorisé.');
    await expect(reg.query(cloudBackupProviderKey, 'x')).rejects.toMatchObject({ error: { errorId: 'SecurityException' } });
  });

  it('sets a REG_SZ value, and passes access denied on with Windows’ own words in English, French and German', async () => {
    const { run, calls } = replay(ok('set-ok.stdout.txt'), failed('set-access-denied.en.stdout.txt'), failed('set-access-denied.fr.stdout.txt'), failed('set-access-denied.de.stdout.txt'));
    const store = backupConfigStore('/unused', 'win32', run);
    expect(store.location).toBe(cloudBackupProviderKey);
    await store.setString(cloudBackupProviderKey, thumbprintValueName(userId), 'ABCDEF0123456789ABCDEF0123456789ABCDEF01');
    expect(calls[0]!.script).toContain(setStringScript);
    expect(calls[0]!.input).toEqual({ hive: 'LocalMachine', path: providerPath, name: `AzureADAppCertThumbprint_${userId}`, data: 'ABCDEF0123456789ABCDEF0123456789ABCDEF01' });
    await expect(store.setString(cloudBackupProviderKey, 'x', 'y')).rejects.toThrow(`Access to the registry key 'HKEY_LOCAL_MACHINE\\${providerPath}' is denied.`);
    await expect(store.setString(cloudBackupProviderKey, 'x', 'y')).rejects.toThrow('est refusé');
    await expect(store.setString(cloudBackupProviderKey, 'x', 'y')).rejects.toThrow('wurde verweigert');
  });

  it('reads back through the store and deletes a value; a missing value deletes to false', async () => {
    const { run, calls } = replay(ok('read-value.stdout.txt'), ok('delete-ok.stdout.txt'), ok('delete-missing.stdout.txt'));
    const store = backupConfigStore('/unused', 'win32', run);
    expect(await store.getString(cloudBackupProviderKey, thumbprintValueName(userId))).toBe('9A3F0C1E2B4D5F60718293A4B5C6D7E8F9012345');
    const reg = windowsRegistry(run);
    expect(await reg.deleteValue(cloudBackupProviderKey, 'x')).toBe(true);
    expect(await reg.deleteValue(cloudBackupProviderKey, 'x')).toBe(false);
    expect(calls[1]!.script).toContain(deleteValueScript);
  });

  it('puts MicrosoftBackupProvider in the MARS scratch folder named by ScratchLocation, with the documented default as fallback', async () => {
    const a = replay(ok('read-scratch.stdout.txt'));
    expect(await backupProviderFolder('/data', {}, 'win32', a.run)).toBe('E:\\MARS\\Scratch\\MicrosoftBackupProvider');
    expect(a.calls[0]!.input).toEqual({ ...splitKey(marsConfigKey), name: 'ScratchLocation' });
    // Missing under Config: the CloudBackupProvider value (REG_EXPAND_SZ, expanded as Windows does).
    const b = replay(ok('read-missing-value.stdout.txt'), ok('read-scratch-expand.stdout.txt'));
    expect(await backupProviderFolder('/data', { ProgramData: 'C:\\ProgramData' }, 'win32', b.run)).toBe('C:\\ProgramData\\MARS\\Scratch\\MicrosoftBackupProvider');
    expect(b.calls[1]!.input).toEqual({ ...splitKey(cloudBackupProviderKey), name: 'ScratchLocation' });
    // No value anywhere and no agent installed here: the data folder.
    const c = replay(ok('read-missing-key.stdout.txt'), ok('read-missing-key.stdout.txt'));
    expect(await backupProviderFolder('/data', { ProgramFiles: '/nonexistent' }, 'win32', c.run)).toBe(path.join('/data', 'MicrosoftBackupProvider'));
    expect(await backupProviderFolder('/data', {}, 'linux')).toBe(path.join('/data', 'MicrosoftBackupProvider'));
  });
});

describe('AddRegistryEntries’ machine-wide writes', () => {
  it('set the thumbprint value, then write the parameters file where the agent reads it (here the data folder: no agent)', async () => {
    const { mkdtempSync, readFileSync: read, rmSync } = await import('node:fs');
    const os = await import('node:os');
    const { writeMachineRegistryEntries } = await import('../../../../src/core/certs/registryEntries');
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'os-regentries-'));
    try {
      const { run, calls } = replay(ok('set-ok.stdout.txt'), ok('read-missing-key.stdout.txt'), ok('read-missing-key.stdout.txt'));
      const e = { valueName: thumbprintValueName(userId), thumbprint: '9A3F0C1E2B4D5F60718293A4B5C6D7E8F9012345', fileName: 'OfflineApplicationParams_acct01.xml', xml: '<OfflineApplicationParams/>' };
      const r = await writeMachineRegistryEntries(e, { dataDir, platform: 'win32', run, env: { ProgramFiles: '/nonexistent' } });
      expect(r).toEqual({ registryLocation: cloudBackupProviderKey, paramsPath: path.join(dataDir, 'MicrosoftBackupProvider', 'OfflineApplicationParams_acct01.xml') });
      expect(calls[0]!.input).toEqual({ hive: 'LocalMachine', path: providerPath, name: e.valueName, data: e.thumbprint });
      expect(read(r.paramsPath, 'utf8')).toBe(e.xml);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
