/** Electron main: lifecycle, the one secure window, and the contract wired to core. Nothing else lives here. */

import { app, BrowserWindow, dialog, safeStorage, session, shell } from 'electron';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRuntime } from '../core/runtime';
import { stopLocalRehearsal } from '../core/azure/localRehearsal';
import { startEmulator } from '../emulator';
import { ipcEventChannel } from '../shared/contract';
import { isAllowedExternalLink } from '../shared/links';
import { languageFromLocale } from '../shared/i18n/languages';
import { translate } from '../shared/i18n';
import { registerIpcHandlers } from './ipc';
import { registerSchemePrivileges, serveRenderer } from './protocol';
import { appOrigin, isTrustedSenderUrl, secureWebPreferences } from './security';

const here = path.dirname(fileURLToPath(import.meta.url));
const rendererDir = path.join(here, '..', 'renderer');
const preloadPath = path.join(here, '..', 'preload', 'preload.cjs');

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  registerSchemePrivileges();
  let win: BrowserWindow | null = null;
  // Built once the app is ready: safeStorage can only tell whether the OS keychain is usable after that.
  const makeRuntime = () =>
    createRuntime({
      shell: 'electron',
      language: languageFromLocale(app.getLocale()),
      startLocalAzure: startEmulator,
      // Token cache and private keys are encrypted with the OS keychain (DPAPI, Keychain, libsecret) where one exists.
      ...(safeStorage.isEncryptionAvailable()
        ? { protect: { encrypt: (plain: string) => safeStorage.encryptString(plain), decrypt: (data: Buffer) => safeStorage.decryptString(data) } }
        : {}),
      emit(name, payload) {
        win?.webContents.send(ipcEventChannel, name, payload);
      },
      async openExternal(url) {
        if (isAllowedExternalLink(url)) await shell.openExternal(url);
      },
    });

  app.on('second-instance', () => {
    if (win) {
      if (win.isMinimized()) win.restore();
      win.focus();
    }
  });

  // Web content gets no permissions, no new windows, no navigation away from the app.
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
    session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
    session.defaultSession.setPermissionCheckHandler(() => false);
    const runtime = makeRuntime();
    serveRenderer(rendererDir);
    registerIpcHandlers(runtime);
    win = new BrowserWindow({
      width: 1280,
      height: 820,
      minWidth: 960,
      minHeight: 640,
      title: 'Offline Seed',
      show: false,
      webPreferences: secureWebPreferences(preloadPath),
    });
    win.once('ready-to-show', () => win?.show());
    // Quitting while drives are being written would leave them half-copied: ask first.
    win.on('close', (event) => {
      if (!runtime.jobs.hasRunning()) return;
      const choice = dialog.showMessageBoxSync(win!, {
        type: 'warning',
        buttons: [translate(runtime.ctx.language(), 'app:actions.cancel'), 'OK'],
        defaultId: 0,
        cancelId: 0,
        message: translate(runtime.ctx.language(), 'app:errors.jobsRunning'),
      });
      if (choice === 0) event.preventDefault();
    });
    void win.loadURL(`${appOrigin}/index.html`);
  });

  app.on('window-all-closed', () => app.quit());
  // The local Azure of a rehearsal (and its Azurite child) ends with the app.
  app.on('will-quit', () => void stopLocalRehearsal());
}
