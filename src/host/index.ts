/**
 * `node out/host/index.mjs` (built by scripts/build.mjs; `npm start` runs it without Electron): serves the wizard on
 * 127.0.0.1 until Ctrl-C. With `--elevated-helper` it is the elevated helper of a drive step instead
 * (src/core/elevation), started by an unelevated host through pkexec, sudo or UAC.
 */

import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { windowsExplorer } from '../core/platform/windows/tools';
import { languageFromLocale } from '../shared/i18n/languages';

if (process.argv[2] === '--elevated-helper') {
  const { parseHelperArgs, runElevatedHelper } = await import('../core/elevation/helper');
  const args = parseHelperArgs(process.argv.slice(3));
  process.exit(args ? await runElevatedHelper(args) : 2);
}

const { startHost } = await import('./server');
const port = process.env.OFFLINE_SEED_PORT ? Number(process.env.OFFLINE_SEED_PORT) : 0;
const host = await startHost({
  staticDir: path.resolve('out/renderer'),
  port,
  language: languageFromLocale(process.env.LANG),
  // The wizard runs in the user's own browser here; allow-listed portal links open in it too.
  async openExternal(url) {
    // Windows: explorer.exe by absolute path opens a URL in the default browser (no cmd.exe, whose `start` would re-parse it).
    const [cmd, args] = process.platform === 'win32' ? [windowsExplorer(), [url]] : process.platform === 'darwin' ? ['open', [url]] : ['xdg-open', [url]];
    spawn(cmd, args, { stdio: 'ignore', detached: true, windowsHide: true }).on('error', () => undefined).unref();
  },
  // This bundle, run by this Node, is the elevated helper of a drive step.
  elevation: { command: { file: process.execPath, args: [fileURLToPath(import.meta.url), '--elevated-helper'] } },
});
process.stdout.write(`Offline Seed is running at ${host.url}\n`);
process.stdout.write('Open that address in a browser. Press Ctrl-C to stop.\n');
const stop = () => {
  void host.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
