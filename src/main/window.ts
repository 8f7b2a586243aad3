/**
 * The one window: created hidden and shown once its page has painted, or shown anyway with the reason when the page
 * cannot render (load failure, renderer gone, preload error, nothing after `showAfterMs`). Never an invisible app.
 */

import { BrowserWindow } from 'electron';
import { existsSync } from 'node:fs';
import { translate } from '../shared/i18n';
import type { Language } from '../shared/i18n/languages';
import { appOrigin, secureWebPreferences } from './security';

/** Chromium's net::ERR_ABORTED: a load replaced by another one, not a failure. */
const errAborted = -3;

export interface WindowOptions {
  /** The renderer's index.html on disk: when it is missing, the window says so instead of showing a 404. */
  indexFile: string;
  preloadPath: string;
  /** Reaches the preload as process.argv. */
  preloadArguments: string[];
  language: () => Language;
  /** How long to wait for the first paint before showing the window anyway. */
  showAfterMs?: number;
  /** Where to write a failure (main's stderr by default). */
  log?: (line: string) => void;
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A self-contained page (no script, no outside resource) that says why the wizard could not be displayed. */
export function failurePage(language: Language, reason: string): string {
  const sentence = escapeHtml(translate(language, 'app:errors.windowFailed', { reason }));
  const html = `<!doctype html><html lang="${language}"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'"><title>Offline Seed</title><style>body{font:16px system-ui,sans-serif;margin:3rem;max-width:50rem;color:#1b1b1b}</style></head><body><h1>Offline Seed</h1><p role="alert">${sentence}</p></body></html>`;
  return `data:text/html;charset=utf-8,${encodeURIComponent(html)}`;
}

export function createAppWindow(o: WindowOptions): BrowserWindow {
  const log = o.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const win = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 960,
    minHeight: 640,
    title: 'Offline Seed',
    show: false,
    webPreferences: secureWebPreferences(o.preloadPath, o.preloadArguments),
  });
  let shown = false;
  let failed = false;
  const show = () => {
    if (shown || win.isDestroyed()) return;
    shown = true;
    clearTimeout(timer);
    win.show();
  };
  const fail = (reason: string) => {
    if (failed || win.isDestroyed()) return;
    log(`Offline Seed could not display its window: ${reason}`);
    failed = true;
    show();
    void win.loadURL(failurePage(o.language(), reason)).catch(() => undefined);
  };
  const timer = setTimeout(show, o.showAfterMs ?? 10_000);
  win.once('ready-to-show', show);
  win.once('closed', () => clearTimeout(timer));
  win.webContents.on('did-fail-load', (_e, code, description, url, isMainFrame) => {
    if (isMainFrame && code !== errAborted && !failed) fail(`${description} (${code}) ${url}`);
  });
  win.webContents.on('render-process-gone', (_e, details) => fail(`renderer ${details.reason} (${details.exitCode})`));
  win.webContents.on('preload-error', (_e, _preloadPath, error) => fail(`preload: ${error.message}`));
  if (!existsSync(o.indexFile)) {
    fail(`${o.indexFile} is missing`);
    return win;
  }
  // The failure page replaces a page that did not load; what loadURL rejects with is already in did-fail-load.
  win.loadURL(`${appOrigin}/index.html`).catch(() => undefined);
  return win;
}
