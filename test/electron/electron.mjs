/**
 * What `import … from 'electron'` gives the built main process under the stand-in (test/electron/hooks.mjs sends the
 * import here, with the launch's `?standin=N`): the main-process modules of that launch's stand-in
 * (test/electron/standin.ts). A name Electron's main process has and the stand-in lacks makes the import fail, which
 * is what a test should see.
 */
const id = new URL(import.meta.url).searchParams.get('standin');
const standIn = globalThis[Symbol.for('offline-seed.electron-stand-in')]?.get(id);
if (!standIn) throw new Error(`No Electron stand-in ${id} is set up: start the app with launchApp() from test/electron/launch.ts.`);

export const { app, BrowserWindow, clipboard, dialog, ipcMain, net, protocol, safeStorage, session, shell, utilityProcess, webContents } = standIn.mainModule;
export default standIn.mainModule;
