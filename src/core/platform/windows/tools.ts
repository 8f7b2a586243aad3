/**
 * Windows programs by absolute path, and the one way core starts them: no shell, no console window, stdin always
 * closed. A bare name would be looked up in the working folder first (CreateProcess search order), so a planted
 * `powershell.exe` there would run elevated in its place.
 */

import { execFile } from 'node:child_process';
import path from 'node:path';

/**
 * %SystemRoot% as Windows sets it (C:\Windows on a default install). Anything that is not a plain absolute
 * drive path falls back to the default rather than being trusted.
 * https://learn.microsoft.com/en-us/windows/win32/procthread/environment-variables
 */
export function systemRoot(env: NodeJS.ProcessEnv = process.env): string {
  const v = env.SystemRoot ?? env.SYSTEMROOT ?? env.windir;
  return v && /^[A-Za-z]:\\[^<>"|?*;%\r\n]*$/.test(v) ? v.replace(/\\+$/, '') : 'C:\\Windows';
}

/** A program of %SystemRoot%\System32 (reg.exe, net.exe, certutil.exe). */
export function system32(exe: string, env?: NodeJS.ProcessEnv): string {
  return path.win32.join(systemRoot(env), 'System32', exe);
}

/**
 * Windows PowerShell 5.1, the PowerShell every Windows Server ships (PowerShell 7 is not installed by
 * default). https://learn.microsoft.com/en-us/powershell/scripting/windows-powershell/starting-windows-powershell
 */
export function powershellExe(env?: NodeJS.ProcessEnv): string {
  return path.win32.join(systemRoot(env), 'System32', 'WindowsPowerShell', 'v1.0', 'powershell.exe');
}

export interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a Windows program; injected so that tests replay recorded output. `input` goes to stdin (secrets never on the command line). */
export type CommandRunner = (file: string, args: string[], input?: string) => Promise<CommandResult>;

/** Starts `file` (an absolute path) with `windowsHide` and resolves with its exit code and output. */
export const runCommand: CommandRunner = (file, args, input) => {
  if (!path.win32.isAbsolute(file) && !path.posix.isAbsolute(file)) {
    return Promise.reject(new Error(`Windows programs are started by absolute path, not ${JSON.stringify(file)}.`));
  }
  return new Promise((resolve) => {
    const child = execFile(file, args, { windowsHide: true, maxBuffer: 64 << 20, encoding: 'utf8' }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : 1) : 0;
      resolve({ code, stdout: String(stdout), stderr: String(stderr) || (err && typeof (err as { code?: unknown }).code !== 'number' ? err.message : '') });
    });
    // Always closed: Windows PowerShell waits for the end of stdin when it is redirected and left open. A program
    // that ends without reading it closes the pipe: the EPIPE of that write must not end this process.
    child.stdin?.on('error', () => undefined);
    child.stdin?.end(input ?? '');
  });
};

/** %SystemRoot%\explorer.exe, which opens a URL in the default browser. */
export function windowsExplorer(env?: NodeJS.ProcessEnv): string {
  return path.win32.join(systemRoot(env), 'explorer.exe');
}
