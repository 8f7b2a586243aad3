// Finds the Chromium-family browser the end-to-end tests drive, the way users have one: `CHROMIUM_PATH`; then on
// Linux a Chromium or Chrome on PATH or in its usual install folder, then a browser Playwright downloaded itself;
// on Windows and macOS an installed Edge or Chrome through Playwright's channels. Plain JavaScript: the
// prerequisites step runs it before anything is built. Used by scripts/prerequisites.mjs and playwright.config.ts.
import { accessSync, constants, existsSync, readdirSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Linux command names, in order of preference (Debian's `chromium` wrapper first: it sets Debian's flags). */
const linuxCommands = ['chromium', 'chromium-browser', 'google-chrome-stable', 'google-chrome', 'microsoft-edge-stable', 'microsoft-edge'];
/** Linux install folders that are usually not on PATH (the Chrome and Edge packages, Ubuntu's snap). */
const linuxPaths = ['/opt/google/chrome/chrome', '/opt/microsoft/msedge/msedge', '/snap/bin/chromium'];
/** Where Playwright looks for each channel (the same places as playwright-core's registry). */
const channelPaths = {
  darwin: {
    chrome: ['/Applications/Google Chrome.app/Contents/MacOS/Google Chrome'],
    msedge: ['/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge'],
  },
  win32: {
    chrome: ['Google\\Chrome\\Application\\chrome.exe'],
    msedge: ['Microsoft\\Edge\\Application\\msedge.exe'],
  },
};
/** Edge ships with Windows; on macOS Chrome is the more common one. */
const channelOrder = { win32: ['msedge', 'chrome'], darwin: ['chrome', 'msedge'] };

function isExecutable(file) {
  try {
    if (!statSync(file).isFile()) return false;
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The first `name` on `PATH` that is an executable file. */
export function onPath(name, env = process.env, platform = process.platform) {
  const dirs = (env.PATH ?? env.Path ?? '').split(platform === 'win32' ? ';' : ':').filter(Boolean);
  const exts = platform === 'win32' ? (env.PATHEXT ?? '.EXE;.CMD;.BAT').split(';').concat(['']) : [''];
  for (const dir of dirs) {
    for (const ext of exts) {
      const file = path.join(dir, name + ext);
      if (isExecutable(file)) return file;
    }
  }
  return null;
}

/** A Chromium that Playwright downloaded itself (`npx playwright install chromium`), newest first. */
function playwrightDownload(env) {
  const home = env.PLAYWRIGHT_BROWSERS_PATH || path.join(env.HOME || os.homedir(), '.cache', 'ms-playwright');
  let dirs;
  try {
    dirs = readdirSync(home).filter((d) => /^chromium-\d+$/.test(d));
  } catch {
    return null;
  }
  dirs.sort((a, b) => Number(b.slice(9)) - Number(a.slice(9)));
  for (const d of dirs) {
    for (const sub of ['chrome-linux64', 'chrome-linux']) {
      const file = path.join(home, d, sub, 'chrome');
      if (isExecutable(file)) return file;
    }
  }
  return null;
}

/**
 * Where the e2e tests' browser is: `{ executablePath, source }` for a file, `{ channel, source }` for a Playwright
 * channel, `{ error }` when `CHROMIUM_PATH` names something that is not there, or `null` when there is none.
 */
export function findBrowser(env = process.env, platform = process.platform) {
  const explicit = env.CHROMIUM_PATH;
  if (explicit) {
    return isExecutable(explicit)
      ? { executablePath: explicit, source: 'CHROMIUM_PATH' }
      : { error: `CHROMIUM_PATH is ${explicit}, which is not an executable file: point it to a Chromium, Chrome or Edge binary, or unset it.` };
  }
  if (platform === 'linux') {
    for (const name of linuxCommands) {
      const found = onPath(name, env, platform);
      if (found) return { executablePath: found, source: 'PATH' };
    }
    for (const file of linuxPaths) if (isExecutable(file)) return { executablePath: file, source: 'install folder' };
    const downloaded = playwrightDownload(env);
    return downloaded ? { executablePath: downloaded, source: 'Playwright download' } : null;
  }
  const places = channelPaths[platform];
  if (!places) return null;
  const prefixes =
    platform === 'win32'
      ? [env.LOCALAPPDATA, env.PROGRAMFILES, env['PROGRAMFILES(X86)'], env.HOMEDRIVE && `${env.HOMEDRIVE}\\Program Files`, env.HOMEDRIVE && `${env.HOMEDRIVE}\\Program Files (x86)`].filter(Boolean)
      : [''];
  for (const channel of channelOrder[platform]) {
    for (const prefix of prefixes) {
      for (const rel of places[channel]) {
        if (existsSync(prefix ? path.win32.join(prefix, rel) : rel)) return { channel, source: 'Playwright channel' };
      }
    }
  }
  return null;
}
