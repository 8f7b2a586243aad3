/**
 * Runs a command (the command line's own, usually) as a child process and collects what it prints. Asynchronous on
 * purpose: a `spawnSync` of the command deadlocks when the local Azure it talks to runs in the test's own process.
 */

import { spawn, type ChildProcess } from 'node:child_process';

export interface CommandResult {
  code: number;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface CommandOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

/** Starts `file args`: the child (to kill it mid-run) and its end, with exit code 1 for a signal. */
export function startCommand(file: string, args: string[], o: CommandOptions = {}): { child: ChildProcess; done: Promise<CommandResult> } {
  const child = spawn(file, args, { ...(o.env ? { env: o.env } : {}), ...(o.cwd ? { cwd: o.cwd } : {}), stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<CommandResult>((resolve) => child.on('close', (code, signal) => resolve({ code: code ?? 1, signal, stdout, stderr })));
  return { child, done };
}

/** Runs `file args` to its end. */
export function runCommand(file: string, args: string[], o: CommandOptions = {}): Promise<CommandResult> {
  return startCommand(file, args, o).done;
}
