/**
 * What both demos (`demo` and `demo --route databox`) use to run the real command line as child processes:
 * a step that failed, one run of `offline-seed <args>`, and the local Azure started and stopped around them.
 */

import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import { redact } from '../../shared/redact';
import { packageRoot } from '../../core/version';

// The command itself (bin/offline-seed), wherever this code runs from: sources under tsx or the bundle in out/cli.
export const binPath = packageRoot ? path.join(packageRoot, 'bin', 'offline-seed') : process.argv[1]!;

/** A demo step that failed, with the reason to print; `S` is the demo's own list of step names. */
export class StepFailed<S extends string = string> extends Error {
  constructor(
    readonly step: S,
    readonly reason: string,
  ) {
    super(reason);
  }
}

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `offline-seed <args>` as a child process in `cwd` with `env`; never inherits the terminal. */
export function cli(args: string[], env: NodeJS.ProcessEnv, cwd: string, timeoutMs = 300_000): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [binPath, ...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGTERM'), timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? 1, stdout, stderr });
    });
  });
}

export function lastLine(text: string): string {
  const lines = text.trim().split('\n').filter(Boolean);
  return redact(lines[lines.length - 1] ?? '').slice(0, 400);
}

export async function must<S extends string>(step: S, run: Promise<Run>): Promise<Run> {
  const r = await run;
  if (r.code !== 0) throw new StepFailed(step, lastLine(r.stderr) || lastLine(r.stdout) || `exit code ${r.code}`);
  return r;
}

/** Starts `offline-seed emulator start --state DIR` and waits for DIR/cloud.json. */
export async function startEmulator(stateDir: string, env: NodeJS.ProcessEnv, cwd: string): Promise<{ child: ChildProcess; profile: string }> {
  await fs.mkdir(stateDir, { recursive: true });
  const child = spawn(process.execPath, [binPath, 'emulator', 'start', '--state', stateDir], { cwd, env, stdio: ['ignore', 'ignore', 'pipe'], windowsHide: true });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const profile = path.join(stateDir, 'cloud.json');
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new StepFailed('emulator', lastLine(stderr) || `exit code ${child.exitCode}`);
    if (existsSync(profile)) {
      try {
        JSON.parse(await fs.readFile(profile, 'utf8'));
        return { child, profile };
      } catch {
        // still being written
      }
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  child.kill('SIGTERM');
  throw new StepFailed('emulator', 'the local Azure did not write cloud.json within 90 s');
}

export async function stopEmulator(child: ChildProcess | null): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
}
