/** Electron main: lifecycle, the one secure window, and the contract wired to core. Nothing else lives here. */

import { app, dialog, safeStorage, session, shell, type BrowserWindow } from 'electron';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRuntime, type Runtime } from '../core/runtime';
import { stopLocalRehearsal } from '../core/azure/localRehearsal';
import { startEmulator } from '../emulator';
import { eventNames, ipcEventChannel, requestNames } from '../shared/contract';
import { namesArguments } from '../shared/contract/channels';
import { isAllowedExternalLink } from '../shared/links';
import { languageFromLocale } from '../shared/i18n/languages';
import { translate } from '../shared/i18n';
import { azuriteScript, utilityAzuriteLauncher } from './azuriteUtility';
import { folderDialog } from './folderDialog';
import { registerIpcHandlers } from './ipc';
import { safeStorageProtector } from './safeStorage';
import { chromiumProfileDir } from './paths';
import { registerSchemePrivileges, serveRenderer } from './protocol';
import { isPermissionGranted, isTrustedSenderUrl } from './security';
import { createAppWindow } from './window';

const here = path.dirname(fileURLToPath(import.meta.url));
const rendererDir = path.join(here, '..', 'renderer');
const preloadPath = path.join(here, '..', 'preload', 'preload.cjs');

/** How long quitting waits for cancelled jobs to end before the app goes anyway. */
const quitJobsTimeoutMs = 30_000;

// The app runs as the signed-in user (electron-builder.yml asks for no elevation). For a drive step it starts itself
// again, elevated through UAC (or pkexec/sudo), with this flag: that process is the elevated helper of
// src/core/elevation, opens no window and takes no single-instance lock.
const elevatedHelperFlag = '--elevated-helper';
const helperAt = process.argv.indexOf(elevatedHelperFlag);

if (helperAt <= 0) {
  // Chromium's profile in a folder of its own, away from the secrets (src/main/paths.ts), before anything opens it:
  // the single-instance lock lives there too. Electron refuses a userData folder that does not exist.
  const profileDir = chromiumProfileDir();
  mkdirSync(profileDir, { recursive: true, mode: 0o700 });
  app.setPath('userData', profileDir);
}

if (helperAt > 0) {
  void import('../core/elevation/helper').then(async ({ parseHelperArgs, runElevatedHelper }) => {
    const args = parseHelperArgs(process.argv.slice(helperAt + 1));
    app.exit(args ? await runElevatedHelper(args).catch(() => 1) : 2);
  });
} else if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  registerSchemePrivileges();
  let win: BrowserWindow | null = null;
  let runtime: Runtime | null = null;
  // Built once the app is ready: safeStorage can only tell whether the OS keychain is usable after that.
  const makeRuntime = () => {
    const protect = safeStorageProtector(safeStorage);
    return createRuntime({
      shell: 'electron',
      language: languageFromLocale(app.getLocale()),
      // The local Azure of a rehearsal runs in main; its Azurite in a utility process (src/main/azuriteUtility.ts).
      startLocalAzure: (o) => startEmulator({ ...o, launchAzurite: utilityAzuriteLauncher(azuriteScript(here)) }),
      // Token cache and private keys are encrypted with the OS keychain (DPAPI, Keychain, libsecret) where one exists.
      ...(protect ? { protect } : {}),
      // The drive operations of a step run in this app started again elevated (the flag above): one UAC prompt.
      elevation: { command: { file: process.execPath, args: app.isPackaged ? [elevatedHelperFlag] : [app.getAppPath(), elevatedHelperFlag] } },
      emit(name, payload) {
        win?.webContents.send(ipcEventChannel, name, payload);
      },
      async openExternal(url) {
        if (isAllowedExternalLink(url)) await shell.openExternal(url);
      },
      folders: { choose: folderDialog(() => win) },
    });
  };

  app.on('second-instance', () => {
    if (win) {
      if (win.isMinimized()) win.restore();
      win.focus();
    }
  });

  // Web content gets no new windows, no webviews, no navigation away from the app.
  app.on('web-contents-created', (_e, contents) => {
    contents.on('will-navigate', (event, url) => {
      if (!isTrustedSenderUrl(url)) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(({ url }) => {
      if (isAllowedExternalLink(url)) void shell.openExternal(url);
      return { action: 'deny' };
    });
  });

  void app.whenReady().then(() => {
    // One permission, for the copy buttons: clipboard writing by the app's own top-level page. All else is denied.
    const fromAppWindow = (wc: Electron.WebContents | null) => wc !== null && wc === win?.webContents;
    session.defaultSession.setPermissionRequestHandler((wc, permission, callback, details) =>
      callback(isPermissionGranted({ permission, fromAppWindow: fromAppWindow(wc), isMainFrame: details.isMainFrame, url: details.requestingUrl })),
    );
    session.defaultSession.setPermissionCheckHandler((wc, permission, origin, details) =>
      isPermissionGranted({ permission, fromAppWindow: fromAppWindow(wc), isMainFrame: details.isMainFrame, origin, url: details.requestingUrl }),
    );
    const rt = (runtime = makeRuntime());
    serveRenderer(rendererDir);
    registerIpcHandlers(rt);
    win = createAppWindow({ indexFile: path.join(rendererDir, 'index.html'), preloadPath, preloadArguments: namesArguments(requestNames, eventNames), language: () => rt.ctx.language() });
    // Quitting while drives are being written would leave them half-copied: ask first.
    win.on('close', (event) => {
      if (!rt.jobs.hasRunning()) return;
      const choice = dialog.showMessageBoxSync(win!, {
        type: 'warning',
        buttons: [translate(rt.ctx.language(), 'app:actions.cancel'), translate(rt.ctx.language(), 'app:actions.quitAnyway')],
        defaultId: 0,
        cancelId: 0,
        message: translate(rt.ctx.language(), 'app:errors.jobsRunning'),
      });
      if (choice === 0) event.preventDefault();
    });
    win.on('closed', () => {
      win = null;
    });
  });

  app.on('window-all-closed', () => app.quit());

  // Before the app ends: running jobs are cancelled (they keep their journals, so the same step resumes) and the
  // local Azure of a rehearsal stops cleanly (Azurite writes its metadata). Quitting waits for both.
  let cleanedUp = false;
  let cleaning: Promise<void> | null = null;
  app.on('will-quit', (event) => {
    if (cleanedUp) return;
    event.preventDefault();
    cleaning ??= (async () => {
      let timer: NodeJS.Timeout | undefined;
      const jobs = runtime?.jobs.cancelAll();
      if (jobs) await Promise.race([jobs, new Promise((r) => (timer = setTimeout(r, quitJobsTimeoutMs)))]);
      clearTimeout(timer);
      await stopLocalRehearsal().catch(() => undefined);
      cleanedUp = true;
      app.quit();
    })();
  });
}
