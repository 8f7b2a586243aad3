/** The reg.exe adapter against recorded reg.exe output: query a value and a key, missing values, REG_SZ add, access denied. */

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseRegQuery, windowsRegistry, type CommandResult, type CommandRunner } from '../../../../src/core/platform/windows/registry';
import { backupConfigStore, backupProviderFolder, cloudBackupProviderKey, marsConfigKey, thumbprintValueName } from '../../../../src/core/platform/backupConfig';

const fixture = (name: string) => readFileSync(path.join(__dirname, '../../../fixtures/windows/reg', name), 'utf8');
const userId = '6f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0';

/** Replays recorded results in order and records every call. */
function replay(...results: CommandResult[]) {
  const calls: Array<{ file: string; args: string[]; input?: string }> = [];
  const run: CommandRunner = async (file, args, input) => {
    calls.push({ file, args, ...(input !== undefined ? { input } : {}) });
    const r = results.shift();
    if (!r) throw new Error(`unexpected call ${file} ${args.join(' ')}`);
    return r;
  };
  return { run, calls };
}

describe('windows registry through reg.exe', () => {
  it('parses reg query output: values with types, the default value, subkeys ignored', () => {
    expect(parseRegQuery(fixture('query-key.txt'))).toEqual([
      { name: '', type: 'REG_SZ', data: '' },
      { name: `AzureADAppCertThumbprint_${userId}`, type: 'REG_SZ', data: '9A3F0C1E2B4D5F60718293A4B5C6D7E8F9012345' },
      { name: 'ProviderVersion', type: 'REG_DWORD', data: '0x2' },
    ]);
  });

  it('queries one value, and answers null for a missing key or value', async () => {
    const { run, calls } = replay({ code: 0, stdout: fixture('query-value.txt'), stderr: '' }, { code: 1, stdout: '', stderr: fixture('not-found.stderr.txt') });
    const reg = windowsRegistry(run);
    expect(await reg.query(cloudBackupProviderKey, thumbprintValueName(userId))).toEqual({ name: `AzureADAppCertThumbprint_${userId}`, type: 'REG_SZ', data: '9A3F0C1E2B4D5F60718293A4B5C6D7E8F9012345' });
    expect(await reg.query(cloudBackupProviderKey, 'AzureADAppCertThumbprint_other')).toBeNull();
    expect(calls[0]).toEqual({ file: 'C:\\Windows\\System32\\reg.exe', args: ['query', 'HKLM\\SOFTWARE\\Microsoft\\Windows Azure Backup\\Config\\CloudBackupProvider', '/v', `AzureADAppCertThumbprint_${userId}`] });
  });

  it('sets a REG_SZ value with /f, and reports access denied with reg.exe’s words', async () => {
    const { run, calls } = replay({ code: 0, stdout: fixture('add-ok.txt'), stderr: '' }, { code: 1, stdout: '', stderr: fixture('access-denied.stderr.txt') });
    const store = backupConfigStore('/unused', 'win32', run);
    expect(store.location).toBe(cloudBackupProviderKey);
    await store.setString(cloudBackupProviderKey, thumbprintValueName(userId), 'ABCDEF0123456789ABCDEF0123456789ABCDEF01');
    expect(calls[0]!.args).toEqual(['add', cloudBackupProviderKey, '/v', `AzureADAppCertThumbprint_${userId}`, '/t', 'REG_SZ', '/d', 'ABCDEF0123456789ABCDEF0123456789ABCDEF01', '/f']);
    await expect(store.setString(cloudBackupProviderKey, 'x', 'y')).rejects.toThrow('ERROR: Access is denied.');
  });

  it('reads back through the store and deletes a value; a missing value deletes to false', async () => {
    const { run } = replay({ code: 0, stdout: fixture('query-value.txt'), stderr: '' }, { code: 0, stdout: fixture('add-ok.txt'), stderr: '' }, { code: 1, stdout: '', stderr: fixture('not-found.stderr.txt') }, { code: 1, stdout: '', stderr: fixture('not-found.stderr.txt') });
    const store = backupConfigStore('/unused', 'win32', run);
    expect(await store.getString(cloudBackupProviderKey, thumbprintValueName(userId))).toBe('9A3F0C1E2B4D5F60718293A4B5C6D7E8F9012345');
    const reg = windowsRegistry(run);
    expect(await reg.deleteValue(cloudBackupProviderKey, 'x')).toBe(true);
    expect(await reg.deleteValue(cloudBackupProviderKey, 'x')).toBe(false);
    expect(await reg.values('HKLM\\SOFTWARE\\Nope')).toEqual([]);
  });

  it('puts MicrosoftBackupProvider in the MARS scratch folder named by ScratchLocation, with the documented default as fallback', async () => {
    const a = replay({ code: 0, stdout: fixture('query-scratch.txt'), stderr: '' });
    expect(await backupProviderFolder('/data', {}, 'win32', a.run)).toBe('E:\\MARS\\Scratch\\MicrosoftBackupProvider');
    expect(a.calls[0]!.args).toEqual(['query', marsConfigKey, '/v', 'ScratchLocation']);
    // Missing under Config: the CloudBackupProvider value (REG_EXPAND_SZ, expanded as Windows does).
    const b = replay({ code: 1, stdout: '', stderr: fixture('not-found.stderr.txt') }, { code: 0, stdout: fixture('query-scratch-expand.txt'), stderr: '' });
    expect(await backupProviderFolder('/data', { ProgramData: 'C:\\ProgramData' }, 'win32', b.run)).toBe('C:\\ProgramData\\MARS\\Scratch\\MicrosoftBackupProvider');
    expect(b.calls[1]!.args).toEqual(['query', cloudBackupProviderKey, '/v', 'ScratchLocation']);
    // No value anywhere and no agent installed here: the data folder.
    const c = replay({ code: 1, stdout: '', stderr: fixture('not-found.stderr.txt') }, { code: 1, stdout: '', stderr: fixture('not-found.stderr.txt') });
    expect(await backupProviderFolder('/data', { ProgramFiles: '/nonexistent' }, 'win32', c.run)).toBe(path.join('/data', 'MicrosoftBackupProvider'));
    expect(await backupProviderFolder('/data', {}, 'linux')).toBe(path.join('/data', 'MicrosoftBackupProvider'));
  });
});
