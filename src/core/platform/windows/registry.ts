/**
 * Windows registry through reg.exe (no native module): query, set a REG_SZ value, delete a value.
 *
 * Output parsed is reg.exe's documented layout: the key path on its own line, then one line per value
 * `    <name>    <type>    <data>` (four-space separated); a missing key or value prints
 * "ERROR: The system was unable to find the specified registry key or value." and exits 1.
 */

import { runCommand, system32, type CommandResult, type CommandRunner } from './tools';

export { runCommand, type CommandResult, type CommandRunner } from './tools';

/** reg.exe by absolute path. https://learn.microsoft.com/en-us/windows-server/administration/windows-commands/reg */
const regExe = () => system32('reg.exe');

export interface RegistryValue {
  name: string;
  type: string;
  data: string;
}

export class RegistryError extends Error {
  constructor(
    message: string,
    readonly result: CommandResult,
  ) {
    super(message);
  }
}

/** Parses `reg query` output into the values of the queried key (subkeys ignored). */
export function parseRegQuery(stdout: string): RegistryValue[] {
  const out: RegistryValue[] = [];
  for (const line of stdout.split(/\r?\n/)) {
    const m = /^ {4}(.+?) {4}(REG_[A-Z_]+)(?: {4}(.*))?$/.exec(line);
    if (m) out.push({ name: m[1] === '(Default)' ? '' : m[1]!, type: m[2]!, data: m[3] ?? '' });
  }
  return out;
}

const notFound = (r: CommandResult) => r.code !== 0 && /unable to find/i.test(r.stderr + r.stdout);

export function windowsRegistry(run: CommandRunner = runCommand) {
  return {
    /** A value's data, or null when the key or value does not exist. */
    async query(key: string, name: string): Promise<RegistryValue | null> {
      const r = await run(regExe(), ['query', key, '/v', name]);
      if (notFound(r)) return null;
      if (r.code !== 0) throw new RegistryError(`reg query ${key} failed: ${(r.stderr || r.stdout).trim()}`, r);
      return parseRegQuery(r.stdout).find((v) => v.name.toLowerCase() === name.toLowerCase()) ?? null;
    },
    /** Every value of a key ([] when the key does not exist). */
    async values(key: string): Promise<RegistryValue[]> {
      const r = await run(regExe(), ['query', key]);
      if (notFound(r)) return [];
      if (r.code !== 0) throw new RegistryError(`reg query ${key} failed: ${(r.stderr || r.stdout).trim()}`, r);
      return parseRegQuery(r.stdout);
    },
    /** Creates the key if needed and sets a REG_SZ value (`/f`: no prompt). Needs an elevated process under HKLM. */
    async setString(key: string, name: string, data: string): Promise<void> {
      const r = await run(regExe(), ['add', key, '/v', name, '/t', 'REG_SZ', '/d', data, '/f']);
      if (r.code !== 0) throw new RegistryError(`reg add ${key} /v ${name} failed: ${(r.stderr || r.stdout).trim()}`, r);
    },
    async deleteValue(key: string, name: string): Promise<boolean> {
      const r = await run(regExe(), ['delete', key, '/v', name, '/f']);
      if (notFound(r)) return false;
      if (r.code !== 0) throw new RegistryError(`reg delete ${key} /v ${name} failed: ${(r.stderr || r.stdout).trim()}`, r);
      return true;
    },
  };
}
export type WindowsRegistry = ReturnType<typeof windowsRegistry>;
