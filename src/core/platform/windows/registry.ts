/**
 * The Windows registry through Windows PowerShell and .NET's RegistryKey (no native module): read a value or every
 * value of a key, set a REG_SZ value, delete a value.
 *
 * Why not reg.exe: it tells a missing key or value from any other failure only by its message ("ERROR: The system was
 * unable to find the specified registry key or value."), which Windows translates (French "Le système n’a pas
 * trouvé la clé ou la valeur de Registre spécifiée.", German "Fehler: Der angegebene Registrierungsschlüssel bzw.
 * Wert wurde nicht gefunden."); both exit with 1, as an access denied does. RegistryKey answers a missing key with
 * null from OpenSubKey and a missing value with its absence from GetValueNames, in every language; a failure is an
 * exception, which the runner turns into a non-zero exit.
 * https://learn.microsoft.com/en-us/dotnet/api/microsoft.win32.registrykey.openbasekey
 * https://learn.microsoft.com/en-us/dotnet/api/microsoft.win32.registrykey.opensubkey
 * https://learn.microsoft.com/en-us/dotnet/api/microsoft.win32.registrykey.getvaluenames
 * https://learn.microsoft.com/en-us/dotnet/api/microsoft.win32.registrykey.getvaluekind
 * https://learn.microsoft.com/en-us/dotnet/api/microsoft.win32.registrykey.getvalue
 * https://learn.microsoft.com/en-us/dotnet/api/microsoft.win32.registrykey.createsubkey
 * https://learn.microsoft.com/en-us/dotnet/api/microsoft.win32.registrykey.setvalue
 * https://learn.microsoft.com/en-us/dotnet/api/microsoft.win32.registrykey.deletevalue
 */

import * as z from 'zod';
import { asArray, powershellWith, runPowerShell, type PowerShellError } from './powershell';
import { runCommand, type CommandRunner } from './tools';

export { runCommand, type CommandResult, type CommandRunner } from './tools';

export interface RegistryValue {
  name: string;
  /** The value's type as reg.exe names it: REG_SZ, REG_EXPAND_SZ, REG_DWORD, … */
  type: string;
  /** The data as text; REG_EXPAND_SZ unexpanded, REG_MULTI_SZ one string per line, REG_BINARY as hex pairs. */
  data: string;
}

export class RegistryError extends Error {
  constructor(
    message: string,
    readonly error: PowerShellError,
  ) {
    super(message);
  }
}

/** RegistryValueKind names to the REG_* names of the registry's documentation. */
const kinds: Record<string, string> = {
  String: 'REG_SZ',
  ExpandString: 'REG_EXPAND_SZ',
  DWord: 'REG_DWORD',
  QWord: 'REG_QWORD',
  MultiString: 'REG_MULTI_SZ',
  Binary: 'REG_BINARY',
  None: 'REG_NONE',
};

const hives: Record<string, string> = { HKLM: 'LocalMachine', HKEY_LOCAL_MACHINE: 'LocalMachine', HKCU: 'CurrentUser', HKEY_CURRENT_USER: 'CurrentUser' };

/** `HKLM\SOFTWARE\…` → the hive's RegistryHive name and the path below it. */
export function splitKey(key: string): { hive: string; path: string } {
  const at = key.indexOf('\\');
  const hive = hives[(at < 0 ? key : key.slice(0, at)).toUpperCase()];
  if (!hive) throw new Error(`Not a registry key of HKLM or HKCU: ${JSON.stringify(key)}`);
  return { hive, path: at < 0 ? '' : key.slice(at + 1) };
}

/** The 64-bit view, where the 64-bit MARS agent keeps its settings (reg.exe's default on 64-bit Windows). */
const openBase = `$in = $OfflineSeedInput
$base = [Microsoft.Win32.RegistryKey]::OpenBaseKey([Microsoft.Win32.RegistryHive][string]$in.hive, [Microsoft.Win32.RegistryView]::Registry64)`;

/** Every value of the key, or only the one named (case-insensitive, as the registry is); `exists` false for a missing key. */
export const readScript = `${openBase}
$k = $base.OpenSubKey([string]$in.path, $false)
if ($null -eq $k) { return [pscustomobject]@{ exists = $false; values = @() } }
$names = @($k.GetValueNames())
if ($null -ne $in.name) { $names = @($names | Where-Object { $_ -eq [string]$in.name }) }
$values = foreach ($n in $names) {
  $v = $k.GetValue($n, $null, [Microsoft.Win32.RegistryValueOptions]::DoNotExpandEnvironmentNames)
  $data = if ($v -is [byte[]]) { [BitConverter]::ToString($v) } elseif ($v -is [string[]]) { $v -join "\`n" } else { [string]$v }
  [pscustomobject]@{ name = $n; kind = $k.GetValueKind($n).ToString(); data = $data }
}
$k.Close()
[pscustomobject]@{ exists = $true; values = @($values) }`;

/** Creates the key if needed (writable) and sets a REG_SZ value. Under HKLM it needs an elevated process. */
export const setStringScript = `${openBase}
$k = $base.CreateSubKey([string]$in.path)
$k.SetValue([string]$in.name, [string]$in.data, [Microsoft.Win32.RegistryValueKind]::String)
$k.Close()
[pscustomobject]@{ set = $true }`;

/** Deletes a value; `deleted` false when the key or the value is not there. */
export const deleteValueScript = `${openBase}
$k = $base.OpenSubKey([string]$in.path, $true)
if ($null -eq $k) { return [pscustomobject]@{ deleted = $false } }
if (@($k.GetValueNames() | Where-Object { $_ -eq [string]$in.name }).Count -eq 0) { $k.Close(); return [pscustomobject]@{ deleted = $false } }
$k.DeleteValue([string]$in.name)
$k.Close()
[pscustomobject]@{ deleted = $true }`;

const readResult = z.object({
  exists: z.boolean(),
  values: z.union([z.array(z.object({ name: z.string(), kind: z.string(), data: z.string().nullable() })), z.object({ name: z.string(), kind: z.string(), data: z.string().nullable() }), z.null()]),
});

export function windowsRegistry(run: CommandRunner = runCommand) {
  const ps = powershellWith(run);
  const call = async (what: string, script: string, input: Record<string, unknown>): Promise<unknown> => {
    const out = await runPowerShell(script, { ps, input });
    if (!out.ok) throw new RegistryError(`${what} failed: ${out.error.message}`, out.error);
    return out.result;
  };
  const read = async (key: string, name: string | null): Promise<RegistryValue[] | null> => {
    const r = readResult.parse(await call(`Reading ${key}`, readScript, { ...splitKey(key), name }));
    if (!r.exists) return null;
    return asArray(r.values).map((v) => ({ name: v.name, type: kinds[v.kind] ?? `REG_${v.kind.toUpperCase()}`, data: v.data ?? '' }));
  };
  return {
    /** A value's data, or null when the key or value does not exist. */
    async query(key: string, name: string): Promise<RegistryValue | null> {
      return (await read(key, name))?.find((v) => v.name.toLowerCase() === name.toLowerCase()) ?? null;
    },
    /** Every value of a key ([] when the key does not exist). */
    async values(key: string): Promise<RegistryValue[]> {
      return (await read(key, null)) ?? [];
    },
    /** Creates the key if needed and sets a REG_SZ value. Needs an elevated process under HKLM. */
    async setString(key: string, name: string, data: string): Promise<void> {
      await call(`Setting ${name} in ${key}`, setStringScript, { ...splitKey(key), name, data });
    },
    async deleteValue(key: string, name: string): Promise<boolean> {
      const r = z.object({ deleted: z.boolean() }).parse(await call(`Deleting ${name} in ${key}`, deleteValueScript, { ...splitKey(key), name }));
      return r.deleted;
    },
  };
}
export type WindowsRegistry = ReturnType<typeof windowsRegistry>;
