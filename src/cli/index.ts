/** Process entry of the command line (bin/offline-seed loads this); also the elevated helper's entry (`--elevated-helper`). */

import { fileURLToPath } from 'node:url';
import { runCli } from './main';

if (process.argv[2] === '--elevated-helper') {
  // Started by an unelevated `offline-seed` or host through pkexec, sudo or UAC (src/core/elevation/client.ts).
  const { parseHelperArgs, runElevatedHelper } = await import('../core/elevation/helper');
  const args = parseHelperArgs(process.argv.slice(3));
  process.exitCode = args ? await runElevatedHelper(args) : 2;
} else {
  const code = await runCli(process.argv.slice(2), {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    env: process.env,
    cwd: process.cwd(),
    // This bundle itself, run by this Node: never bin/offline-seed, which may rebuild out/ (as root, in the helper).
    elevation: { file: process.execPath, args: [fileURLToPath(import.meta.url), '--elevated-helper'] },
  });
  process.exitCode = code;
}
