/** `node out/host/index.mjs` (built by scripts/build.mjs; `npm start` runs it without Electron): serves the wizard on 127.0.0.1 until Ctrl-C. */

import { spawn } from 'node:child_process';
import path from 'node:path';
import { startHost } from './server';
import { windowsExplorer } from '../core/platform/windows/tools';
import { languageFromLocale } from '../shared/i18n/languages';

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
});
process.stdout.write(`Offline Seed is running at ${host.url}\n`);
process.stdout.write('Open that address in a browser. Press Ctrl-C to stop.\n');
const stop = () => {
  void host.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
