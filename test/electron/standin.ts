/**
 * A stand-in for the `electron` module, to run the built main process (out/main/main.mjs) under Node in tests, where
 * Electron's binary cannot be installed.
 *
 * It follows Electron 45's documented API (docs/api, node_modules/electron/electron.d.ts) for what it offers: the same
 * names, arguments, events and their order, the same refusals (before `ready`, after destroy), and records every call
 * in `calls`. What it cannot be, it does not pretend to be:
 *   - no Chromium: a page is not rendered. Loading a URL asks the app:// handler (or decodes a data: URL), keeps the
 *     body's text, and runs the window's preload in a fresh VM context with what a sandboxed preload gets (`require`
 *     of electron's contextBridge and ipcRenderer, events, timers, url; Buffer; a process with argv). What the preload
 *     exposes is `page.world` of the webContents, which tests call like the renderer would.
 *   - a utility process is a Node child (child_process.fork) that test/electron/utilityBootstrap.cjs turns into what a
 *     utility process script sees (`process.parentPort`, no Node IPC, no exit on an empty event loop).
 *   - safeStorage encrypts with AES-256-GCM under a key of this stand-in, not the OS keychain.
 * Tests drive what a user or Chromium would do through the methods marked "stand-in:".
 */

import { EventEmitter } from 'node:events';
import { fork, type ChildProcess } from 'node:child_process';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

export interface StandInOptions {
  /** `app.getLocale()`. */
  locale?: string;
  /** Another instance holds the single-instance lock: `requestSingleInstanceLock()` answers false. */
  otherInstance?: boolean;
  /** What `safeStorage.isEncryptionAvailable()` answers once the app is ready. */
  encryptionAvailable?: boolean;
  /**
   * What `safeStorage.getSelectedStorageBackend()` answers once the app is ready (Linux): 'gnome_libsecret' unless
   * given. 'basic_text' is Linux with no secret store: encryption "available", under a hard-coded password.
   */
  storageBackend?: 'basic_text' | 'gnome_libsecret' | 'kwallet' | 'kwallet5' | 'kwallet6';
  /** Whether pages reach their first paint (`ready-to-show`). False: a renderer that never paints. */
  paint?: boolean;
}

export interface Call {
  api: string;
  args: unknown[];
  /** Whether the app was ready when the call was made. */
  ready: boolean;
}

/** Electron's Event: `preventDefault()` and `defaultPrevented`. */
export function makeEvent<T extends object>(extra?: T): T & { preventDefault(): void; readonly defaultPrevented: boolean } {
  let prevented = false;
  return Object.assign(
    {
      preventDefault() {
        prevented = true;
      },
      get defaultPrevented() {
        return prevented;
      },
    },
    extra,
  ) as T & { preventDefault(): void; readonly defaultPrevented: boolean };
}

const here = path.dirname(fileURLToPath(import.meta.url));
const bootstrap = path.join(here, 'utilityBootstrap.cjs');

const mimeTypes: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain',
};

/** Electron's context bridge: functions proxied, objects copied and frozen, promises followed, across two realms. */
function bridge(value: unknown, depth = 0): unknown {
  if (depth > 100) throw new Error('An object could not be cloned.');
  if (typeof value === 'function') {
    const fn = value as (...a: unknown[]) => unknown;
    return (...args: unknown[]) => bridge(fn(...args.map((a) => bridge(a, depth + 1))), depth + 1);
  }
  if (value === null || typeof value !== 'object') return value;
  if (typeof (value as { then?: unknown }).then === 'function') return Promise.resolve(value as Promise<unknown>).then((v) => bridge(v, depth + 1));
  if (Array.isArray(value)) return Object.freeze(value.map((v) => bridge(v, depth + 1)));
  if (value instanceof Error || Object.prototype.toString.call(value) === '[object Error]') return new Error((value as Error).message);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = bridge(v, depth + 1);
  return Object.freeze(out);
}

/** A frame of a page (Electron's WebFrameMain), enough for the IPC sender checks. */
export class StandInFrame {
  readonly frames: StandInFrame[] = [];
  destroyed = false;
  constructor(
    public url: string,
    readonly parent: StandInFrame | null,
    readonly routingId: number,
    readonly processId: number,
  ) {}
  get top(): StandInFrame {
    return this.parent ? this.parent.top : this;
  }
  get origin(): string {
    try {
      const u = new URL(this.url);
      return u.protocol === 'data:' ? 'null' : `${u.protocol}//${u.host}`;
    } catch {
      return 'null';
    }
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
}

/** What one navigation of a webContents holds on the renderer side. */
export interface StandInPage {
  url: string;
  status: number;
  /** The response body (the document's source text). */
  text: string;
  /** What the preload exposed with contextBridge.exposeInMainWorld, as the page sees it. */
  world: Record<string, unknown>;
  /** ipcRenderer listeners of the preload. */
  listeners: Map<string, Set<(...args: unknown[]) => void>>;
  preloadError?: Error;
}

export class ElectronStandIn {
  readonly calls: Call[] = [];
  /** Every dialog answer the test has queued, used in order; none queued: the dialog's cancelId (or 0). */
  readonly dialogAnswers: number[] = [];
  /** stand-in: what the next open dialogs answer, used in order; none queued: cancelled, as when the user closes it. */
  readonly openDialogAnswers: Array<{ canceled: boolean; filePaths: string[] }> = [];
  readonly openedExternally: string[] = [];
  readonly utilityProcesses: StandInUtilityProcess[] = [];
  readonly windows: StandInBrowserWindow[] = [];
  /** The order in which things happened (app events, window shows and closes, utility process exits), for tests. */
  readonly timeline: string[] = [];
  readonly mainModule: Record<string, unknown>;
  ready = false;
  exitCode: number | null = null;
  readonly exited: Promise<number>;
  private resolveExit!: (code: number) => void;
  private resolveReady!: () => void;
  private readonly readyPromise: Promise<void>;
  private quitting = false;
  private quitScheduled = false;
  private readonly paths = new Map<string, string>();
  private readonly storageKey = randomBytes(32);
  private readonly schemes = new Map<string, { standard?: boolean; secure?: boolean; supportFetchAPI?: boolean }>();
  private registeredSchemes = false;
  readonly protocolHandlers = new Map<string, (request: Request) => Response | Promise<Response>>();
  readonly invokeHandlers = new Map<string, (event: unknown, ...args: unknown[]) => unknown>();
  readonly ipcListeners = new EventEmitter();
  permissionRequestHandler: ((...args: never[]) => void) | null = null;
  permissionCheckHandler: ((...args: never[]) => boolean) | null = null;
  clipboardText = '';
  private nextId = 1;
  readonly app: StandInApp;

  constructor(readonly options: StandInOptions = {}) {
    this.exited = new Promise((r) => (this.resolveExit = r));
    this.readyPromise = new Promise((r) => (this.resolveReady = r));
    const home = os.homedir();
    const appData =
      process.platform === 'win32'
        ? (process.env.APPDATA ?? path.join(home, 'AppData', 'Roaming'))
        : process.platform === 'darwin'
          ? path.join(home, 'Library', 'Application Support')
          : (process.env.XDG_CONFIG_HOME ?? path.join(home, '.config'));
    this.paths.set('home', home);
    this.paths.set('appData', appData);
    this.paths.set('userData', path.join(appData, 'Offline Seed'));
    this.paths.set('temp', os.tmpdir());
    this.paths.set('exe', process.execPath);
    this.paths.set('module', process.execPath);
    this.app = new StandInApp(this);
    const defaultSession = () => this.defaultSession();
    const win = makeBrowserWindowClass(this);
    this.mainModule = Object.freeze({
      app: this.app,
      BrowserWindow: win,
      clipboard: {
        writeText: (text: string) => {
          this.record('clipboard.writeText', [text]);
          this.clipboardText = String(text);
        },
        readText: () => {
          this.record('clipboard.readText', []);
          return this.clipboardText;
        },
      },
      dialog: {
        showMessageBoxSync: (...args: unknown[]) => {
          const options = (args.length > 1 ? args[1] : args[0]) as { cancelId?: number; message: string; buttons?: string[] };
          this.record('dialog.showMessageBoxSync', args);
          this.timeline.push(`dialog: ${options.message}`);
          return this.dialogAnswers.shift() ?? options.cancelId ?? 0;
        },
        showMessageBox: async (...args: unknown[]) => {
          const options = (args.length > 1 ? args[1] : args[0]) as { cancelId?: number; message: string };
          this.record('dialog.showMessageBox', args);
          return { response: this.dialogAnswers.shift() ?? options.cancelId ?? 0, checkboxChecked: false };
        },
        showErrorBox: (title: string, content: string) => {
          this.record('dialog.showErrorBox', [title, content]);
        },
        showOpenDialog: async (...args: unknown[]) => {
          this.record('dialog.showOpenDialog', args);
          return this.openDialogAnswers.shift() ?? { canceled: true, filePaths: [] };
        },
        showSaveDialog: async (...args: unknown[]) => {
          this.record('dialog.showSaveDialog', args);
          return { canceled: true };
        },
      },
      ipcMain: makeIpcMain(this),
      net: {
        fetch: (input: string | Request, init?: RequestInit) => this.netFetch(input, init),
      },
      protocol: {
        registerSchemesAsPrivileged: (custom: Array<{ scheme: string; privileges?: object }>) => {
          this.record('protocol.registerSchemesAsPrivileged', [custom]);
          // protocol.md: "can only be used before the ready event of the app module gets emitted and can be called only once".
          if (this.ready) throw new Error('protocol.registerSchemesAsPrivileged should be called before app is ready');
          if (this.registeredSchemes) throw new Error('protocol.registerSchemesAsPrivileged can be called only once');
          this.registeredSchemes = true;
          for (const s of custom) this.schemes.set(s.scheme, (s.privileges ?? {}) as never);
        },
        handle: (scheme: string, handler: (request: Request) => Response | Promise<Response>) => {
          this.record('protocol.handle', [scheme, handler]);
          this.requireReady('protocol');
          if (this.protocolHandlers.has(scheme)) throw new Error(`Failed to register protocol: ${scheme}`);
          this.protocolHandlers.set(scheme, handler);
        },
        unhandle: (scheme: string) => {
          this.record('protocol.unhandle', [scheme]);
          this.protocolHandlers.delete(scheme);
        },
        isProtocolHandled: (scheme: string) => this.protocolHandlers.has(scheme),
      },
      safeStorage: {
        isEncryptionAvailable: () => {
          this.record('safeStorage.isEncryptionAvailable', []);
          // safe-storage.md: on Linux, true only once the app has emitted `ready`.
          return this.ready && (this.options.encryptionAvailable ?? true);
        },
        getSelectedStorageBackend: () => {
          this.record('safeStorage.getSelectedStorageBackend', []);
          // safe-storage.md: `unknown` when called before the app has emitted `ready`.
          return this.ready ? (this.options.storageBackend ?? 'gnome_libsecret') : 'unknown';
        },
        encryptString: (plain: string) => {
          this.record('safeStorage.encryptString', ['<redacted>']);
          if (typeof plain !== 'string') throw new TypeError('Expected the first argument of encryptString() to be a string');
          if (!this.ready || this.options.encryptionAvailable === false) {
            throw new Error('Error while encrypting the text provided to safeStorage.encryptString. Encryption is not available.');
          }
          const iv = randomBytes(12);
          const c = createCipheriv('aes-256-gcm', this.storageKey, iv);
          const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
          return Buffer.concat([Buffer.from('v10'), iv, c.getAuthTag(), body]);
        },
        decryptString: (data: Buffer) => {
          this.record('safeStorage.decryptString', ['<redacted>']);
          if (!Buffer.isBuffer(data)) throw new TypeError('Expected the first argument of decryptString() to be a buffer');
          try {
            if (data.subarray(0, 3).toString() !== 'v10') throw new Error('prefix');
            const d = createDecipheriv('aes-256-gcm', this.storageKey, data.subarray(3, 15));
            d.setAuthTag(data.subarray(15, 31));
            return Buffer.concat([d.update(data.subarray(31)), d.final()]).toString('utf8');
          } catch {
            throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
          }
        },
      },
      session: {
        get defaultSession() {
          return defaultSession();
        },
      },
      shell: {
        openExternal: async (url: string) => {
          this.record('shell.openExternal', [url]);
          this.openedExternally.push(url);
        },
        openPath: async (p: string) => {
          this.record('shell.openPath', [p]);
          return '';
        },
        showItemInFolder: (p: string) => {
          this.record('shell.showItemInFolder', [p]);
        },
      },
      utilityProcess: {
        fork: (modulePath: string, args?: string[], options?: UtilityForkOptions) => {
          this.record('utilityProcess.fork', [modulePath, args, options]);
          // utility-process.md: "can only be called after the ready event has been emitted on App".
          if (!this.ready) throw new Error('utilityProcess cannot be created before app is ready.');
          const p = new StandInUtilityProcess(this, modulePath, args ?? [], options ?? {});
          this.utilityProcesses.push(p);
          return p;
        },
      },
      webContents: {
        getAllWebContents: () => this.windows.filter((w) => !w.isDestroyed()).map((w) => w.webContents),
        fromId: (id: number) => this.windows.find((w) => w.webContents.id === id)?.webContents,
      },
    });
  }

  record(api: string, args: unknown[]): void {
    this.calls.push({ api, args, ready: this.ready });
  }

  callsTo(api: string): Call[] {
    return this.calls.filter((c) => c.api === api);
  }

  requireReady(what: string): void {
    if (!this.ready) throw new Error(`The ${what} module can only be used after the app is ready.`);
  }

  newId(): number {
    return this.nextId++;
  }

  // app

  getPath(name: string): string {
    const p = this.paths.get(name) ?? (name === 'sessionData' ? this.paths.get('userData') : undefined);
    if (p === undefined) throw new Error(`Failed to get '${name}' path`);
    return p;
  }

  setPath(name: string, p: string): void {
    // app.md: "If the path specifies a directory that does not exist, an Error is thrown."
    if (!existsSync(p)) throw new Error(`Failed to set path: ${p} does not exist`);
    this.paths.set(name, p);
  }

  whenReady(): Promise<void> {
    return this.readyPromise;
  }

  /** stand-in: Electron has initialized: `will-finish-launching`, then `ready`. */
  start(): void {
    setImmediate(() => {
      if (this.exitCode !== null) return;
      this.app.emit('will-finish-launching');
      this.ready = true;
      this.timeline.push('ready');
      this.app.emit('ready', makeEvent(), {});
      this.resolveReady();
    });
  }

  /** app.quit(): `before-quit`, every window asked to close (any may refuse), `will-quit`, `quit`, the end. */
  quit(): void {
    if (this.quitScheduled || this.exitCode !== null) return;
    this.quitScheduled = true;
    setImmediate(() => {
      this.quitScheduled = false;
      void this.runQuit();
    });
  }

  private async runQuit(): Promise<void> {
    if (this.exitCode !== null) return;
    const before = makeEvent();
    this.timeline.push('before-quit');
    this.app.emit('before-quit', before);
    if (before.defaultPrevented) return;
    this.quitting = true;
    for (const w of [...this.windows]) {
      if (w.isDestroyed()) continue;
      if (!(await w.tryClose())) {
        this.quitting = false;
        this.timeline.push('quit cancelled');
        return;
      }
    }
    this.quitting = false;
    const willQuit = makeEvent();
    this.timeline.push('will-quit');
    this.app.emit('will-quit', willQuit);
    if (willQuit.defaultPrevented) return;
    this.app.emit('quit', makeEvent(), 0);
    this.exit(0);
  }

  /** app.exit(): at once, no `before-quit` or `will-quit`; windows destroyed without `close`; child processes ended. */
  exit(code: number): void {
    if (this.exitCode !== null) return;
    this.exitCode = code;
    this.timeline.push(`exit ${code}`);
    for (const w of this.windows) if (!w.isDestroyed()) w.destroy();
    for (const p of this.utilityProcesses) p.terminate();
    this.resolveExit(code);
  }

  windowClosed(): void {
    if (this.quitting || this.exitCode !== null) return;
    if (this.windows.some((w) => !w.isDestroyed())) return;
    this.timeline.push('window-all-closed');
    // app.md: without a listener, closing every window quits the app.
    if (this.app.listenerCount('window-all-closed') === 0) this.quit();
    else this.app.emit('window-all-closed');
  }

  // session

  private session?: object;
  defaultSession(): object {
    // session.md: the default session exists once the app is ready.
    if (!this.ready) throw new Error('Session can only be received when app is ready');
    this.session ??= {
      setPermissionRequestHandler: (handler: ((...args: never[]) => void) | null) => {
        this.record('session.setPermissionRequestHandler', [handler]);
        this.permissionRequestHandler = handler;
      },
      setPermissionCheckHandler: (handler: ((...args: never[]) => boolean) | null) => {
        this.record('session.setPermissionCheckHandler', [handler]);
        this.permissionCheckHandler = handler;
      },
    };
    return this.session;
  }

  /** stand-in: a page asks for a permission; without a handler Electron grants it. */
  requestPermission(webContents: StandInWebContents, permission: string, details: { requestingUrl: string; isMainFrame: boolean }): Promise<boolean> {
    const handler = this.permissionRequestHandler as ((...args: unknown[]) => void) | null;
    if (!handler) return Promise.resolve(true);
    return new Promise((resolve) => handler(webContents, permission, (granted: boolean) => resolve(granted), details));
  }

  /** stand-in: Chromium checks a permission; without a handler Electron grants it. */
  checkPermission(webContents: StandInWebContents | null, permission: string, origin: string, details: { requestingUrl?: string; isMainFrame: boolean }): boolean {
    const handler = this.permissionCheckHandler as ((...args: unknown[]) => boolean) | null;
    return handler ? handler(webContents, permission, origin, details) : true;
  }

  // protocol and net

  /** stand-in: what a page's fetch (or a navigation) of a custom-scheme URL gets from its handler. */
  async fetch(url: string, init?: RequestInit): Promise<Response> {
    const scheme = new URL(url).protocol.slice(0, -1);
    const handler = this.protocolHandlers.get(scheme);
    if (!handler) throw new Error(`net::ERR_UNKNOWN_URL_SCHEME (${url})`);
    return handler(new Request(url, init));
  }

  schemePrivileges(scheme: string) {
    return this.schemes.get(scheme);
  }

  private async netFetch(input: string | Request, init?: RequestInit): Promise<Response> {
    this.record('net.fetch', [typeof input === 'string' ? input : input.url]);
    this.requireReady('net');
    const url = new URL(typeof input === 'string' ? input : input.url);
    if (url.protocol === 'file:') {
      const file = fileURLToPath(url);
      let body: Buffer;
      try {
        if (!statSync(file).isFile()) throw new Error('not a file');
        body = await readFile(file);
      } catch {
        throw new Error('net::ERR_FILE_NOT_FOUND');
      }
      return new Response(new Uint8Array(body), { status: 200, headers: { 'Content-Type': mimeTypes[path.extname(file).toLowerCase()] ?? 'application/octet-stream' } });
    }
    if (this.protocolHandlers.has(url.protocol.slice(0, -1))) return this.fetch(url.href, init);
    throw new Error(`The Electron stand-in's net.fetch serves file: and registered schemes only, not ${url.protocol}`);
  }

  /** Runs `preloadPath` the way a sandboxed, context-isolated preload runs, for `page`. */
  runPreload(wc: StandInWebContents, page: StandInPage, preloadPath: string, argv: string[]): void {
    const source = readFileSync(preloadPath, 'utf8');
    const ipcRenderer = {
      invoke: (channel: string, ...args: unknown[]) => this.invoke(wc, wc.mainFrame, channel, ...args),
      send: (channel: string, ...args: unknown[]) => {
        this.record('ipcRenderer.send', [channel, ...args]);
        this.ipcListeners.emit(channel, { sender: wc, senderFrame: wc.mainFrame, processId: wc.mainFrame.processId, frameId: wc.mainFrame.routingId }, ...structuredClone(args));
      },
      on: (channel: string, listener: (...args: unknown[]) => void) => {
        let set = page.listeners.get(channel);
        if (!set) page.listeners.set(channel, (set = new Set()));
        set.add(listener);
        return ipcRenderer;
      },
      removeListener: (channel: string, listener: (...args: unknown[]) => void) => {
        page.listeners.get(channel)?.delete(listener);
        return ipcRenderer;
      },
    };
    const contextBridge = {
      exposeInMainWorld: (key: string, api: unknown) => {
        // context-bridge.md: contextIsolation must be on; a key already on window cannot be replaced.
        if (wc.webPreferences.contextIsolation === false) throw new Error('contextBridge API can only be used when contextIsolation is enabled');
        if (key in page.world) throw new Error('Cannot bind an API on top of an existing property on the window object');
        page.world[key] = bridge(api);
      },
    };
    const electronRenderer = Object.freeze({ contextBridge, ipcRenderer });
    const allowed: Record<string, unknown> = { electron: electronRenderer };
    const nodeRequire = createRequire(import.meta.url);
    for (const m of ['events', 'timers', 'url']) allowed[m] = nodeRequire(`node:${m}`);
    const preloadProcess = Object.assign(new EventEmitter(), {
      argv,
      platform: process.platform,
      arch: process.arch,
      env: {},
      type: 'renderer',
      sandboxed: true,
      contextIsolated: true,
      versions: { ...process.versions, electron: '45.4.1' },
      execPath: process.execPath,
    });
    const sandbox = vm.createContext({ console, setTimeout, clearTimeout, setInterval, clearInterval, setImmediate, clearImmediate, queueMicrotask, Buffer, process: preloadProcess, URL, TextEncoder, TextDecoder });
    const wrapper = vm.runInContext(`(function (exports, require, module, __filename, __dirname) {\n${source}\n})`, sandbox, { filename: preloadPath }) as (...a: unknown[]) => void;
    const module = { exports: {} };
    const sandboxedRequire = (id: string) => {
      const name = id.startsWith('node:') ? id.slice(5) : id;
      if (Object.prototype.hasOwnProperty.call(allowed, name)) return allowed[name];
      throw new Error(`module not found: ${id}`);
    };
    try {
      wrapper(module.exports, sandboxedRequire, module, preloadPath, path.dirname(preloadPath));
    } catch (e) {
      page.preloadError = e as Error;
      wc.emit('preload-error', makeEvent(), preloadPath, e);
    }
  }

  /** ipcRenderer.invoke from `frame` of `wc`: the handler of `channel` gets Electron's IpcMainInvokeEvent. */
  async invoke(wc: StandInWebContents, frame: StandInFrame, channel: string, ...args: unknown[]): Promise<unknown> {
    this.record('ipcRenderer.invoke', [channel, ...args]);
    // ipc-renderer.md: arguments are serialized with the Structured Clone Algorithm (functions throw).
    const cloned = structuredClone(args);
    const handler = this.invokeHandlers.get(channel);
    if (!handler) throw new Error(`Error invoking remote method '${channel}': Error: No handler registered for '${channel}'`);
    const event = { type: 'frame', sender: wc, senderFrame: frame.isDestroyed() ? null : frame, processId: frame.processId, frameId: frame.routingId };
    try {
      return structuredClone(await handler(event, ...cloned));
    } catch (e) {
      throw new Error(`Error invoking remote method '${channel}': ${String(e)}`, { cause: e });
    }
  }
}

class StandInApp extends EventEmitter {
  readonly isPackaged = false;
  constructor(private readonly w: ElectronStandIn) {
    super();
  }
  whenReady() {
    return this.w.whenReady();
  }
  isReady() {
    return this.w.ready;
  }
  requestSingleInstanceLock(additionalData?: unknown) {
    this.w.record('app.requestSingleInstanceLock', [additionalData]);
    return !this.w.options.otherInstance;
  }
  quit() {
    this.w.record('app.quit', []);
    this.w.quit();
  }
  exit(code = 0) {
    this.w.record('app.exit', [code]);
    this.w.exit(code);
  }
  getLocale() {
    return this.w.options.locale ?? 'en-US';
  }
  getName() {
    return 'Offline Seed';
  }
  getVersion() {
    return '0.0.0-stand-in';
  }
  /** The app's folder (Electron: where its package.json is); here the checkout the tests run from. */
  getAppPath() {
    return process.cwd();
  }
  getPath(name: string) {
    return this.w.getPath(name);
  }
  setPath(name: string, p: string) {
    this.w.record('app.setPath', [name, p]);
    this.w.setPath(name, p);
  }
  focus() {
    this.w.record('app.focus', []);
  }
}

function makeIpcMain(w: ElectronStandIn) {
  const ipcMain = Object.assign(w.ipcListeners, {
    handle(channel: string, listener: (event: unknown, ...args: unknown[]) => unknown) {
      w.record('ipcMain.handle', [channel]);
      // ipc-main.md: a second handler for the same channel is an error.
      if (w.invokeHandlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
      w.invokeHandlers.set(channel, listener);
    },
    handleOnce(channel: string, listener: (event: unknown, ...args: unknown[]) => unknown) {
      ipcMain.handle(channel, (event, ...args) => {
        w.invokeHandlers.delete(channel);
        return listener(event, ...args);
      });
    },
    removeHandler(channel: string) {
      w.record('ipcMain.removeHandler', [channel]);
      w.invokeHandlers.delete(channel);
    },
  });
  return ipcMain;
}

interface BrowserWindowOptions {
  show?: boolean;
  webPreferences?: Record<string, unknown> & { preload?: string; additionalArguments?: string[]; contextIsolation?: boolean };
  [k: string]: unknown;
}

export class StandInWebContents extends EventEmitter {
  readonly id: number;
  readonly mainFrame: StandInFrame;
  page: StandInPage | null = null;
  destroyed = false;
  windowOpenHandler: ((details: { url: string; frameName: string; features: string; disposition: string }) => { action: 'allow' | 'deny' }) | null = null;
  private navigation = 0;
  private painted = false;
  constructor(
    private readonly w: ElectronStandIn,
    readonly owner: StandInBrowserWindow,
    readonly webPreferences: NonNullable<BrowserWindowOptions['webPreferences']>,
  ) {
    super();
    this.id = w.newId();
    this.mainFrame = new StandInFrame('', null, w.newId(), this.id);
  }

  private alive(): void {
    if (this.destroyed) throw new TypeError('Object has been destroyed');
  }

  isDestroyed() {
    return this.destroyed;
  }

  getURL() {
    return this.mainFrame.url;
  }

  send(channel: string, ...args: unknown[]) {
    this.alive();
    this.w.record('webContents.send', [channel, ...args]);
    // web-contents.md: arguments are serialized with the Structured Clone Algorithm.
    const cloned = structuredClone(args);
    const page = this.page;
    setImmediate(() => {
      if (!page || this.page !== page) return;
      for (const l of page.listeners.get(channel) ?? []) l({ sender: null, ports: [] }, ...cloned);
    });
  }

  setWindowOpenHandler(handler: StandInWebContents['windowOpenHandler']) {
    this.w.record('webContents.setWindowOpenHandler', [handler]);
    this.windowOpenHandler = handler;
  }

  /** loadURL: resolves on `did-finish-load`, rejects on `did-fail-load` (web-contents.md). */
  async loadURL(url: string): Promise<void> {
    this.alive();
    this.w.record('webContents.loadURL', [url]);
    const nav = ++this.navigation;
    this.emit('did-start-loading');
    let status = 200;
    let text: string;
    let failure: { code: number; description: string } | null = null;
    try {
      const u = new URL(url);
      if (u.protocol === 'data:') {
        const comma = url.indexOf(',');
        const meta = url.slice(5, comma);
        const data = url.slice(comma + 1);
        text = meta.endsWith(';base64') ? Buffer.from(data, 'base64').toString('utf8') : decodeURIComponent(data);
      } else if (this.w.protocolHandlers.has(u.protocol.slice(0, -1))) {
        try {
          const res = await this.w.fetch(url);
          status = res.status;
          text = await res.text();
        } catch {
          // A handler that throws fails the load.
          failure = { code: -9, description: 'ERR_UNEXPECTED' };
          text = '';
        }
      } else {
        failure = { code: -301, description: 'ERR_UNKNOWN_URL_SCHEME' };
        text = '';
      }
    } catch {
      failure = { code: -300, description: 'ERR_INVALID_URL' };
      text = '';
    }
    if (nav !== this.navigation || this.destroyed) {
      failure = { code: -3, description: 'ERR_ABORTED' };
    }
    if (failure) {
      if (!this.destroyed) this.emit('did-fail-load', makeEvent(), failure.code, failure.description, url, true, this.mainFrame.processId, this.mainFrame.routingId);
      throw new Error(`${failure.description} (${failure.code}) loading '${url}'`);
    }
    this.mainFrame.url = url;
    for (const f of this.mainFrame.frames) f.destroyed = true;
    this.mainFrame.frames.length = 0;
    const page: StandInPage = { url, status, text, world: {}, listeners: new Map() };
    this.page = page;
    const preload = this.webPreferences.preload;
    if (preload) this.w.runPreload(this, page, preload, [process.execPath, '--type=renderer', ...(this.webPreferences.additionalArguments ?? [])]);
    this.emit('dom-ready', makeEvent());
    this.emit('did-finish-load', makeEvent());
    if (!this.painted && (this.w.options.paint ?? true)) {
      this.painted = true;
      setImmediate(() => {
        if (!this.destroyed) this.owner.emit('ready-to-show', makeEvent());
      });
    }
  }

  /** stand-in: the page (or a link in it) tries to navigate; Electron asks `will-navigate` first. */
  navigateFromPage(url: string): boolean {
    const event = makeEvent({ url, isMainFrame: true, frame: this.mainFrame });
    this.emit('will-navigate', event, url);
    if (!event.defaultPrevented) this.mainFrame.url = url;
    return !event.defaultPrevented;
  }

  /** stand-in: the page calls window.open(url); answers what the window open handler decided. */
  openFromPage(url: string): 'allow' | 'deny' {
    const action = this.windowOpenHandler ? this.windowOpenHandler({ url, frameName: '', features: '', disposition: 'new-window' }).action : 'allow';
    return action;
  }

  /** stand-in: the page adds a <webview>; answers whether it was let in. */
  attachWebviewFromPage(src: string): boolean {
    const event = makeEvent();
    this.emit('will-attach-webview', event, {}, { src });
    return !event.defaultPrevented;
  }

  /** stand-in: a subframe of the page (an <iframe>), for IPC sender checks. */
  addSubframe(url: string): StandInFrame {
    const f = new StandInFrame(url, this.mainFrame, this.w.newId(), this.mainFrame.processId);
    this.mainFrame.frames.push(f);
    return f;
  }

  /** stand-in: Chromium reports that the main frame's load failed (web-contents.md `did-fail-load`). */
  failLoad(code: number, description: string) {
    this.emit('did-fail-load', makeEvent(), code, description, this.mainFrame.url, true, this.mainFrame.processId, this.mainFrame.routingId);
  }

  /** stand-in: the renderer process ends (web-contents.md `render-process-gone`). */
  renderProcessGone(reason: string, exitCode = 1) {
    this.emit('render-process-gone', makeEvent(), { reason, exitCode });
  }
}

export class StandInBrowserWindow extends EventEmitter {
  readonly id: number;
  readonly webContents: StandInWebContents;
  visible = false;
  minimized = false;
  focused = false;
  private destroyedFlag = false;
  constructor(
    private readonly w: ElectronStandIn,
    readonly options: BrowserWindowOptions,
  ) {
    super();
    w.record('new BrowserWindow', [options]);
    // browser-window.md: "BrowserWindow cannot be used before the app is ready".
    if (!w.ready) throw new Error('Cannot create BrowserWindow before app is ready');
    this.id = w.newId();
    this.webContents = new StandInWebContents(w, this, { contextIsolation: true, sandbox: true, ...(options.webPreferences ?? {}) });
    w.windows.push(this);
    w.app.emit('web-contents-created', makeEvent(), this.webContents);
    w.app.emit('browser-window-created', makeEvent(), this);
    if (options.show !== false) this.show();
  }
  loadURL(url: string) {
    return this.webContents.loadURL(url);
  }
  show() {
    if (this.destroyedFlag) throw new TypeError('Object has been destroyed');
    this.w.record('BrowserWindow.show', []);
    if (!this.visible) this.w.timeline.push('window shown');
    this.visible = true;
    this.focused = true;
    this.emit('show');
  }
  hide() {
    this.visible = false;
  }
  isVisible() {
    return this.visible;
  }
  isMinimized() {
    return this.minimized;
  }
  restore() {
    this.minimized = false;
  }
  focus() {
    this.focused = true;
  }
  isDestroyed() {
    return this.destroyedFlag;
  }
  /** close(): the same as the user clicking the close button; `close` may be prevented. */
  close() {
    this.w.record('BrowserWindow.close', []);
    setImmediate(() => void this.tryClose());
  }
  async tryClose(): Promise<boolean> {
    if (this.destroyedFlag) return true;
    const event = makeEvent();
    this.emit('close', event);
    if (event.defaultPrevented) return false;
    this.destroy();
    return true;
  }
  destroy() {
    if (this.destroyedFlag) return;
    this.destroyedFlag = true;
    this.visible = false;
    this.webContents.destroyed = true;
    this.webContents.mainFrame.destroyed = true;
    this.w.timeline.push('window closed');
    this.webContents.emit('destroyed');
    this.emit('closed');
    this.w.windowClosed();
  }
}

function makeBrowserWindowClass(w: ElectronStandIn) {
  return class BrowserWindow extends StandInBrowserWindow {
    constructor(options: BrowserWindowOptions = {}) {
      super(w, options);
    }
    static getAllWindows() {
      return w.windows.filter((x) => !x.isDestroyed());
    }
    static getFocusedWindow() {
      return w.windows.find((x) => !x.isDestroyed() && x.focused) ?? null;
    }
  };
}

interface UtilityForkOptions {
  env?: NodeJS.ProcessEnv;
  execArgv?: string[];
  cwd?: string;
  stdio?: string | string[];
  serviceName?: string;
}

/** A Node child standing in for an Electron utility process (utility-process.md), with its events and properties. */
export class StandInUtilityProcess extends EventEmitter {
  pid: number | undefined;
  stdout: NodeJS.ReadableStream | null;
  stderr: NodeJS.ReadableStream | null;
  exitCode: number | null = null;
  readonly child: ChildProcess;
  /** Messages the parent posted (stand-in: what went over the channel). */
  readonly posted: unknown[] = [];
  /** stand-in: while true, nothing the parent posts reaches the process (a parent that stopped answering). */
  silenced = false;
  constructor(
    private readonly w: ElectronStandIn,
    readonly modulePath: string,
    readonly args: string[],
    readonly options: UtilityForkOptions,
  ) {
    super();
    const stdio = typeof options.stdio === 'string' ? ['ignore', options.stdio, options.stdio] : (options.stdio ?? ['ignore', 'inherit', 'inherit']);
    // utility-process.md: only stdout and stderr are configurable; stdin other than 'ignore' is an error.
    if (stdio[0] !== 'ignore') throw new Error('stdin value other than ignore is not supported.');
    this.child = fork(modulePath, args, {
      env: options.env ?? process.env,
      cwd: options.cwd,
      execArgv: [...(options.execArgv ?? []), '--require', bootstrap],
      stdio: [stdio[0], stdio[1], stdio[2], 'ipc'] as never,
      serialization: 'advanced',
    });
    this.stdout = this.child.stdout;
    this.stderr = this.child.stderr;
    this.child.on('spawn', () => {
      this.pid = this.child.pid;
      this.emit('spawn');
    });
    this.child.on('message', (m) => this.emit('message', m));
    this.child.on('error', () => undefined);
    this.child.on('exit', (code, signal) => {
      this.exitCode = code ?? 128 + (signal ? (os.constants.signals[signal] ?? 0) : 0);
      this.pid = undefined;
      this.stdout = null;
      this.stderr = null;
      this.w.timeline.push(`utility process exit ${this.exitCode}`);
      this.emit('exit', this.exitCode);
    });
  }
  postMessage(message: unknown, transfer?: unknown[]) {
    if (transfer && transfer.length > 0) throw new Error('The Electron stand-in does not transfer MessagePortMain objects.');
    this.posted.push(message);
    if (!this.silenced && this.child.connected) this.child.send(message as never);
  }
  kill(): boolean {
    this.w.record('UtilityProcess.kill', []);
    return this.child.kill('SIGTERM');
  }
  /** The browser process ended: Chromium ends its child processes. */
  terminate() {
    if (this.exitCode === null) this.child.kill('SIGKILL');
  }
  /** stand-in: resolves with the exit code once the process has ended. */
  ended(): Promise<number> {
    return this.exitCode !== null ? Promise.resolve(this.exitCode) : new Promise((r) => this.once('exit', r));
  }
}
