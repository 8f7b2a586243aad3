/**
 * The built Electron main process (out/main/main.mjs) started under the Electron stand-in (test/electron): its
 * start-up order, its one window and what the preload exposes, permissions, every IPC channel and its sender check,
 * navigation, the app:// files, and what the window shows when the page cannot render.
 */

import { afterEach, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync, cpSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eventNames, ipcChannel, requestNames } from '../../src/shared/contract';
import { contentSecurityPolicy } from '../../src/main/security';
import { launchApp, type LaunchedApp } from '../electron/launch';
import type { StandInBrowserWindow } from '../electron/standin';

type Bridge = { request(name: string, arg?: unknown): Promise<{ ok: boolean; result?: unknown; error?: { code: string; message: string } }>; subscribe(name: string, l: (p: unknown) => void): () => void };

const launched: LaunchedApp[] = [];
const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(launched.splice(0).map((a) => a.close()));
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function start(o: Parameters<typeof launchApp>[0] = {}) {
  const app = await launchApp(o);
  launched.push(app);
  return app;
}

function bridgeOf(win: StandInBrowserWindow): Bridge {
  return win.webContents.page!.world.offlineSeed as Bridge;
}

/** Every permission name Electron 45's session handlers can be asked about, from its type definitions. */
function electronPermissions(): string[] {
  const dts = readFileSync('node_modules/electron/electron.d.ts', 'utf8');
  const sig = /setPermissionRequestHandler\(handler: \(\(webContents: WebContents, permission: ([^,]+(?:\|[^,]+)*),/.exec(dts)?.[1];
  if (!sig) throw new Error('setPermissionRequestHandler not found in electron.d.ts');
  return [...sig.matchAll(/'([^']+)'/g)].map((m) => m[1]!);
}

/** A copy of the built app (out/main, out/preload, out/renderer) whose parts a test can break. */
function appTree(o: { renderer?: 'ok' | 'missing'; preload?: 'ok' | 'throws' }): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'os-apptree-'));
  dirs.push(root);
  cpSync('out/main', path.join(root, 'out/main'), { recursive: true });
  mkdirSync(path.join(root, 'out/preload'), { recursive: true });
  if (o.preload === 'throws') writeFileSync(path.join(root, 'out/preload/preload.cjs'), "throw new Error('the preload broke');\n");
  else cpSync('out/preload', path.join(root, 'out/preload'), { recursive: true });
  if (o.renderer === 'missing') mkdirSync(path.join(root, 'out/renderer'), { recursive: true });
  else cpSync('out/renderer', path.join(root, 'out/renderer'), { recursive: true });
  // zstd-napi, the one package main loads from node_modules.
  symlinkSync(path.resolve('node_modules'), path.join(root, 'node_modules'), 'dir');
  return path.join(root, 'out/main/main.mjs');
}

describe('Electron main under the stand-in', () => {
  it('puts Chromium’s profile apart from the secrets before the single-instance lock, then opens one isolated, sandboxed window once painted', async () => {
    const app = await start();
    const win = await app.shown();
    const e = app.electron;

    const setPath = e.callsTo('app.setPath');
    expect(setPath).toHaveLength(1);
    const [name, profile] = setPath[0]!.args as [string, string];
    expect(name).toBe('userData');
    expect(profile).toBe(path.join(app.cacheDir, 'offline-seed', 'chromium'));
    expect(statSync(profile).mode & 0o777).toBe(0o700);
    expect(path.relative(app.dataDir, profile).startsWith('..')).toBe(true);
    const order = e.calls.map((c) => c.api);
    expect(order.indexOf('app.setPath')).toBeLessThan(order.indexOf('app.requestSingleInstanceLock'));
    expect(setPath[0]!.ready).toBe(false);
    // Privileged scheme registered before ready, as protocol.md requires.
    expect(e.callsTo('protocol.registerSchemesAsPrivileged')[0]!.ready).toBe(false);
    expect(e.schemePrivileges('app')).toEqual({ standard: true, secure: true, supportFetchAPI: true });

    expect(e.callsTo('new BrowserWindow')).toHaveLength(1);
    expect(win.options).toMatchObject({ show: false, title: 'Offline Seed', minWidth: 960, minHeight: 640 });
    const prefs = win.options.webPreferences!;
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
    });
    expect(prefs.preload).toBe(path.resolve('out/preload/preload.cjs'));
    expect(existsSync(prefs.preload!)).toBe(true);
    // Shown only after the first paint: never a white flash, never before ready.
    expect(e.timeline.indexOf('window shown')).toBeGreaterThan(e.timeline.indexOf('ready'));
    expect(win.webContents.getURL()).toBe('app://offline-seed/index.html');

    // The preload's whole surface: two frozen functions, and it bundles no schema library.
    const world = win.webContents.page!.world;
    expect(Object.keys(world)).toEqual(['offlineSeed']);
    expect(Object.keys(world.offlineSeed as object).sort()).toEqual(['request', 'subscribe']);
    expect(Object.isFrozen(world.offlineSeed)).toBe(true);
    expect(win.webContents.page!.preloadError).toBeUndefined();
    expect(statSync('out/preload/preload.cjs').size).toBeLessThan(8 * 1024);
    expect(readFileSync('out/preload/preload.cjs', 'utf8')).not.toMatch(/zod|ZodError/);
  });

  it('a second instance quits at once and opens nothing', async () => {
    const app = await start({ options: { otherInstance: true } });
    expect(await app.electron.exited).toBe(0);
    expect(app.electron.callsTo('new BrowserWindow')).toHaveLength(0);
    expect(app.electron.callsTo('protocol.handle')).toHaveLength(0);
  });

  it('grants the clipboard write to the app’s own top-level page only, and denies every other permission', async () => {
    const app = await start();
    const win = await app.shown();
    const e = app.electron;
    const wc = win.webContents;
    const main = { requestingUrl: 'app://offline-seed/index.html', isMainFrame: true };

    expect(await e.requestPermission(wc, 'clipboard-sanitized-write', main)).toBe(true);
    expect(e.checkPermission(wc, 'clipboard-sanitized-write', 'app://offline-seed', main)).toBe(true);
    // A subframe, another origin, no window, another window: denied.
    expect(await e.requestPermission(wc, 'clipboard-sanitized-write', { ...main, isMainFrame: false })).toBe(false);
    expect(e.checkPermission(wc, 'clipboard-sanitized-write', 'app://offline-seed', { ...main, isMainFrame: false })).toBe(false);
    expect(await e.requestPermission(wc, 'clipboard-sanitized-write', { requestingUrl: 'https://evil.example/', isMainFrame: true })).toBe(false);
    expect(e.checkPermission(wc, 'clipboard-sanitized-write', 'https://evil.example', { isMainFrame: true })).toBe(false);
    expect(e.checkPermission(null, 'clipboard-sanitized-write', 'app://offline-seed', main)).toBe(false);
    const BrowserWindow = e.mainModule.BrowserWindow as new (o: object) => StandInBrowserWindow;
    const other = new BrowserWindow({ show: false });
    expect(await e.requestPermission(other.webContents, 'clipboard-sanitized-write', main)).toBe(false);
    other.destroy();

    const all = electronPermissions();
    expect(all).toContain('clipboard-read');
    expect(all.length).toBeGreaterThan(30);
    for (const permission of all.filter((p) => p !== 'clipboard-sanitized-write')) {
      expect(await e.requestPermission(wc, permission, main), permission).toBe(false);
      expect(e.checkPermission(wc, permission, 'app://offline-seed', main), permission).toBe(false);
    }
  });

  it('answers every contract request on its own channel, only from the app’s top-level app:// page', async () => {
    const app = await start();
    const win = await app.shown();
    const e = app.electron;
    const wc = win.webContents;

    const channels = e.callsTo('ipcMain.handle').map((c) => c.args[0]);
    expect(channels.sort()).toEqual(requestNames.map(ipcChannel).sort());

    const sub = wc.addSubframe('app://offline-seed/index.html');
    const foreign = wc.addSubframe('https://evil.example/');
    const gone = wc.addSubframe('app://offline-seed/index.html');
    gone.destroyed = true;
    const navigatedAway = Object.assign(Object.create(Object.getPrototypeOf(wc.mainFrame)), wc.mainFrame, { url: 'https://evil.example/' });
    for (const name of requestNames) {
      for (const frame of [sub, foreign, gone, navigatedAway]) {
        const r = (await e.invoke(wc, frame, ipcChannel(name), {})) as { ok: boolean; error: { code: string } };
        expect(r, `${name} from ${frame.url}`).toMatchObject({ ok: false, error: { code: 'app:errors.untrustedSender' } });
      }
      // From the page itself, through the preload: checked, then refused for its argument (nothing runs).
      const r = await bridgeOf(win).request(name, { notAnArgument: true });
      expect(r, name).toMatchObject({ ok: false, error: { code: 'app:errors.invalidRequest' } });
      expect(r.error!.message).toContain(name);
    }
    // Nothing was started by those calls.
    expect(e.utilityProcesses).toHaveLength(0);

    // A request of the contract works end to end; an unknown one never reaches main.
    expect(await bridgeOf(win).request('app.info', {})).toMatchObject({ ok: true, result: { name: 'Offline Seed', capabilities: { shell: 'electron' } } });
    const invokes = e.callsTo('ipcRenderer.invoke').length;
    expect(await bridgeOf(win).request('app.formatEverything', {})).toMatchObject({ ok: false, error: { code: 'app:errors.unknownRequest', params: { name: 'app.formatEverything' } } });
    expect(e.callsTo('ipcRenderer.invoke')).toHaveLength(invokes);

    // Events: the contract's names only; main's events reach a subscriber.
    const seen: unknown[] = [];
    expect(typeof bridgeOf(win).subscribe('not.an.event', () => seen.push('x'))).toBe('function');
    const off = bridgeOf(win).subscribe(eventNames[0]!, (p) => seen.push(p));
    wc.send('offline-seed:event', eventNames[0], { hello: 1 });
    wc.send('offline-seed:event', 'not.an.event', { hello: 2 });
    await new Promise((r) => setImmediate(r));
    expect(seen).toEqual([{ hello: 1 }]);
    off();
  });

  it('“Browse…” opens the system’s folder dialog, modal to the window, and gives the page only the folder picked', async () => {
    const app = await start();
    const win = await app.shown();
    const e = app.electron;
    const chosen = path.join(os.tmpdir(), 'picked folder');
    e.openDialogAnswers.push({ canceled: false, filePaths: [chosen] }, { canceled: true, filePaths: [] }, { canceled: false, filePaths: ['relative/answer'] });

    expect(await bridgeOf(win).request('folders.choose', { title: 'Choose a folder', defaultPath: os.tmpdir() })).toEqual({ ok: true, result: { path: chosen } });
    const [first] = e.callsTo('dialog.showOpenDialog');
    // Modal to the app's window, folders only, the suggestion passed on.
    expect(first!.args[0]).toBe(win);
    expect(first!.args[1]).toMatchObject({ title: 'Choose a folder', defaultPath: os.tmpdir(), properties: expect.arrayContaining(['openDirectory']) });
    expect((first!.args[1] as { properties: string[] }).properties).not.toContain('openFile');

    // Cancelled: null. A relative suggestion is not passed on; a relative answer is not passed back.
    expect(await bridgeOf(win).request('folders.choose', { defaultPath: '../../etc' })).toEqual({ ok: true, result: { path: null } });
    expect(e.callsTo('dialog.showOpenDialog')[1]!.args[1]).not.toHaveProperty('defaultPath');
    expect(await bridgeOf(win).request('folders.choose', {})).toEqual({ ok: true, result: { path: null } });

    // A bad argument never reaches the dialog; the browser host's folder browser does not exist here.
    const dialogs = e.callsTo('dialog.showOpenDialog').length;
    expect(await bridgeOf(win).request('folders.choose', { defaultPath: 42 })).toMatchObject({ ok: false, error: { code: 'app:errors.invalidRequest' } });
    expect(await bridgeOf(win).request('folders.list', { path: '/' })).toMatchObject({ ok: false, error: { code: 'app:errors.folderPickerUnavailable' } });
    expect(e.callsTo('dialog.showOpenDialog')).toHaveLength(dialogs);
  });

  it('keeps the page on the app: no navigation away, no new window, no webview; portal links open in the browser', async () => {
    const app = await start();
    const win = await app.shown();
    const wc = win.webContents;
    expect(wc.navigateFromPage('https://evil.example/')).toBe(false);
    expect(wc.navigateFromPage('file:///etc/passwd')).toBe(false);
    expect(wc.navigateFromPage('app://offline-seed/index.html#/staging')).toBe(true);
    expect(wc.openFromPage('https://evil.example/')).toBe('deny');
    expect(wc.openFromPage('https://portal.azure.com/#home')).toBe('deny');
    expect(wc.attachWebviewFromPage('https://evil.example/')).toBe(false);
    await new Promise((r) => setImmediate(r));
    expect(app.electron.openedExternally).toEqual(['https://portal.azure.com/#home']);
  });

  it('serves the renderer on app:// with its CSP, and answers 404 (not an error) for a file that is not there', async () => {
    const app = await start();
    await app.shown();
    const e = app.electron;
    const index = await e.fetch('app://offline-seed/index.html');
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toMatch(/^text\/html/);
    expect(index.headers.get('content-security-policy')).toBe(contentSecurityPolicy);
    expect(index.headers.get('x-content-type-options')).toBe('nosniff');
    const script = /src="(?:\.?\/)?(assets\/[^"]+\.js)"/.exec(await index.text())![1]!;
    const js = await e.fetch(`app://offline-seed/${script}`);
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toMatch(/javascript/);
    expect((await e.fetch('app://offline-seed/')).status).toBe(200);

    for (const missing of ['app://offline-seed/missing.js', 'app://offline-seed/assets', 'app://offline-seed/assets/', 'app://offline-seed/%E0%A4%A', 'app://elsewhere/index.html']) {
      const r = await e.fetch(missing);
      expect(r.status, missing).toBe(404);
    }
    // Out of the renderer folder, even spelled with encoded separators.
    expect((await e.fetch('app://offline-seed/..%2Fmain%2Fmain.mjs')).status).toBe(403);
    expect((await e.fetch('app://offline-seed/..%2F..%2Fpackage.json')).status).toBe(403);
  });

  it('shows the window with the reason, in the user’s language, when the renderer is gone', async () => {
    const app = await start({ options: { locale: 'fr-FR' } });
    const win = await app.shown();
    win.webContents.renderProcessGone('crashed', 139);
    await new Promise((r) => setTimeout(r, 20));
    expect(win.isVisible()).toBe(true);
    expect(win.webContents.getURL()).toMatch(/^data:text\/html/);
    const text = win.webContents.page!.text;
    expect(text).toContain('Offline Seed n’a pas pu afficher sa fenêtre (renderer crashed (139))');
    expect(text).not.toMatch(/<script/i);
  });

  it('shows the window with the reason when the first load fails, the preload throws or the renderer files are missing', async () => {
    const failed = await start();
    const win = await failed.shown();
    win.webContents.failLoad(-6, 'ERR_FILE_NOT_FOUND');
    await new Promise((r) => setTimeout(r, 20));
    expect(win.webContents.page!.text).toContain('could not display its window (ERR_FILE_NOT_FOUND (-6)');

    const broken = await start({ main: appTree({ preload: 'throws' }) });
    const win2 = await broken.shown();
    await new Promise((r) => setTimeout(r, 20));
    expect(win2.isVisible()).toBe(true);
    expect(win2.webContents.page!.text).toContain('could not display its window (preload: the preload broke)');

    const missing = await start({ main: appTree({ renderer: 'missing' }) });
    const win3 = await missing.shown();
    await new Promise((r) => setTimeout(r, 20));
    expect(win3.webContents.page!.text).toMatch(/could not display its window \(.*out\/renderer\/index\.html is missing\)/);
    expect(missing.electron.callsTo('webContents.loadURL').map((c) => c.args[0])).not.toContain('app://offline-seed/index.html');
  });

  it('shows the window anyway when the page never paints', async () => {
    const app = await start({ options: { paint: false } });
    const started = Date.now();
    const win = await app.shown();
    expect(Date.now() - started).toBeGreaterThanOrEqual(9_000);
    expect(win.isVisible()).toBe(true);
  }, 30_000);

});
