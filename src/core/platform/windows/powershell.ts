/** Runs Windows PowerShell scripts and reads their JSON; a seam that tests replace with recorded output. */

import { run, type RunResult } from '../exec';

/** Runs one script; tests pass a replayer of output recorded from the real cmdlets. */
export type PowerShellRunner = (script: string) => Promise<RunResult>;

export const powershell: PowerShellRunner = (script) =>
  run('powershell.exe', ['-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-Command', '-'], { input: `$ErrorActionPreference = 'Stop'\n$ProgressPreference = 'SilentlyContinue'\n${script}` });

/** Runs a native program (manage-bde). Tests replace it the same way. */
export type CommandRunner = (cmd: string, args: string[]) => Promise<RunResult>;
export const command: CommandRunner = (cmd, args) => run(cmd, args);

/** ConvertTo-Json writes a single object for one-element arrays; this undoes that. */
export function asArray<T>(v: T | T[] | null | undefined): T[] {
  return v == null ? [] : Array.isArray(v) ? v : [v];
}
