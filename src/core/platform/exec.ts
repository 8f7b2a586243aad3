/** Runs a program without a shell, collecting its output; a failure carries the program's own words. */

import { execFile } from 'node:child_process';

export interface RunResult {
  stdout: string;
  stderr: string;
  code: number;
}

/** Runs `cmd args`; resolves with the exit code (never throws on a non-zero exit unless `check`). */
export function run(cmd: string, args: string[], opts: { input?: string; check?: boolean; env?: NodeJS.ProcessEnv } = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = execFile(cmd, args, { maxBuffer: 64 * 1024 * 1024, encoding: 'utf8', env: opts.env ?? process.env, windowsHide: true }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? ((err as { code: number }).code) : -1) : 0;
      if (err && code === -1) return reject(err);
      if (opts.check !== false && code !== 0 && opts.check) {
        return reject(Object.assign(new Error(`${cmd} exited with ${code}: ${stderr.trim().split('\n').slice(-1)[0] ?? ''}`), { code, stdout, stderr }));
      }
      resolve({ stdout, stderr, code });
    });
    if (opts.input !== undefined) {
      // A command that ends without reading all its input (usually a failure) closes the pipe, and the write then
      // fails with EPIPE: that must not end this process (the elevated helper died of it); the exit code tells.
      child.stdin?.on('error', () => undefined);
      child.stdin?.end(opts.input);
    }
  });
}
