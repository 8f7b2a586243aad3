/**
 * The Electron stand-in itself (test/electron/standin.ts): the app's tests prove something only if the stand-in refuses
 * what Electron 45 refuses and behaves where Electron's documentation says how. Each check here names the page of
 * Electron's docs/api it follows; a stand-in that became permissive (a utility process before `ready`, a quit that
 * cannot be cancelled, a utility process that never receives what main posts) fails here, not silently in the app's tests.
 */

import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ElectronStandIn, type StandInUtilityProcess } from './standin';

type Module = {
  app: { on(e: string, l: (...a: never[]) => void): void; whenReady(): Promise<void>; quit(): void; setPath(n: string, p: string): void; getPath(n: string): string };
  BrowserWindow: new (o?: object) => { close(): void; on(e: string, l: (ev: { preventDefault(): void }) => void): void; isDestroyed(): boolean };
  ipcMain: { handle(c: string, l: () => unknown): void };
  protocol: { registerSchemesAsPrivileged(s: object[]): void; handle(s: string, h: () => Response): void };
  safeStorage: { isEncryptionAvailable(): boolean; getSelectedStorageBackend(): string; encryptString(s: string): Buffer; decryptString(b: Buffer): string };
  session: { defaultSession: object };
  utilityProcess: { fork(p: string, a?: string[], o?: object): StandInUtilityProcess };
};

const dirs: string[] = [];
const standIns: ElectronStandIn[] = [];
afterEach(() => {
  for (const e of standIns.splice(0)) e.exit(0);
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function scratch(): string {
  const d = mkdtempSync(path.join(os.tmpdir(), 'os-standin-'));
  dirs.push(d);
  return d;
}

function standIn(): { e: ElectronStandIn; m: Module } {
  const e = new ElectronStandIn();
  standIns.push(e);
  return { e, m: e.mainModule as unknown as Module };
}

async function ready(e: ElectronStandIn, m: Module): Promise<void> {
  e.start();
  await m.app.whenReady();
}

/** A script for a utility process, written to a scratch folder. */
function script(body: string): string {
  const file = path.join(scratch(), 'child.cjs');
  writeFileSync(file, `'use strict';\n${body}\n`);
  return file;
}

function nextMessage(p: StandInUtilityProcess): Promise<unknown> {
  return new Promise((resolve) => p.once('message', resolve));
}

describe('Electron stand-in: what Electron refuses', () => {
  it('refuses before ready what Electron refuses before ready, and accepts it after', async () => {
    const { e, m } = standIn();
    // utility-process.md, browser-window.md, session.md, protocol.md: only once the app is ready.
    expect(() => m.utilityProcess.fork(script(''))).toThrow(/before app is ready/);
    expect(() => new m.BrowserWindow({ show: false })).toThrow(/before app is ready/);
    expect(() => m.session.defaultSession).toThrow(/when app is ready/);
    expect(() => m.protocol.handle('app', () => new Response(''))).toThrow(/after the app is ready/);
    // safe-storage.md: on Linux, no encryption before ready.
    expect(m.safeStorage.isEncryptionAvailable()).toBe(false);
    expect(() => m.safeStorage.encryptString('secret')).toThrow(/Encryption is not available/);
    // safe-storage.md: the backend is `unknown` before ready.
    expect(m.safeStorage.getSelectedStorageBackend()).toBe('unknown');
    // protocol.md: schemes are registered before ready, once.
    m.protocol.registerSchemesAsPrivileged([{ scheme: 'app', privileges: { standard: true } }]);
    expect(() => m.protocol.registerSchemesAsPrivileged([{ scheme: 'x' }])).toThrow(/only once/);

    await ready(e, m);
    expect(() => m.protocol.registerSchemesAsPrivileged([{ scheme: 'y' }])).toThrow(/before app is ready/);
    expect(m.session.defaultSession).toBeTypeOf('object');
    expect(() => m.protocol.handle('app', () => new Response(''))).not.toThrow();
    expect(() => m.protocol.handle('app', () => new Response(''))).toThrow(/Failed to register protocol/);
    expect(m.safeStorage.isEncryptionAvailable()).toBe(true);
    expect(m.safeStorage.getSelectedStorageBackend()).toBe('gnome_libsecret');
    const p = m.utilityProcess.fork(script('process.parentPort.on("message", () => process.exit(3));'));
    p.postMessage('end');
    expect(await p.ended()).toBe(3);
    // The call log says whether each call came before or after ready.
    expect(e.callsTo('utilityProcess.fork').map((c) => c.ready)).toEqual([false, true]);
  });

  it('refuses a userData folder that does not exist and a second handler for one IPC channel', async () => {
    const { e, m } = standIn();
    // app.md: setPath to a directory that does not exist throws.
    const missing = path.join(scratch(), 'not-there');
    expect(() => m.app.setPath('userData', missing)).toThrow(/does not exist/);
    const there = scratch();
    m.app.setPath('userData', there);
    expect(m.app.getPath('userData')).toBe(there);
    // ipc-main.md: a second handle() for the same channel is an error.
    m.ipcMain.handle('c', () => 1);
    expect(() => m.ipcMain.handle('c', () => 2)).toThrow(/second handler/);
    await ready(e, m);
  });

  it('keeps secrets only through its own key: a tampered or foreign ciphertext does not decrypt', async () => {
    const { e, m } = standIn();
    await ready(e, m);
    const sealed = m.safeStorage.encryptString('token');
    expect(sealed.toString('latin1')).not.toContain('token');
    expect(m.safeStorage.decryptString(sealed)).toBe('token');
    const tampered = Buffer.from(sealed);
    const last = tampered.length - 1;
    tampered.writeUInt8(tampered.readUInt8(last) ^ 1, last);
    expect(() => m.safeStorage.decryptString(tampered)).toThrow(/decrypting/);
    const other = standIn();
    await ready(other.e, other.m);
    expect(() => other.m.safeStorage.decryptString(sealed)).toThrow(/decrypting/);
    // The call log never holds the secret.
    expect(JSON.stringify(e.calls)).not.toContain('token');
  });
});

describe('Electron stand-in: quitting (app.md)', () => {
  it('before-quit, each window’s close (which can refuse), will-quit (which can defer), quit, then the end', async () => {
    const { e, m } = standIn();
    await ready(e, m);
    const order: string[] = [];
    for (const name of ['before-quit', 'will-quit', 'quit']) m.app.on(name, () => order.push(name));
    const win = new m.BrowserWindow({ show: false });
    let refuse = true;
    win.on('close', (ev) => {
      order.push('close');
      if (refuse) ev.preventDefault();
    });
    m.app.quit();
    await new Promise((r) => setTimeout(r, 20));
    expect(order).toEqual(['before-quit', 'close']);
    expect(win.isDestroyed()).toBe(false);
    expect(e.exitCode).toBeNull();

    refuse = false;
    let deferred = true;
    m.app.on('will-quit', (ev: { preventDefault(): void }) => {
      if (deferred) ev.preventDefault();
    });
    m.app.quit();
    await new Promise((r) => setTimeout(r, 20));
    expect(order).toEqual(['before-quit', 'close', 'before-quit', 'close', 'will-quit']);
    expect(e.exitCode).toBeNull();

    deferred = false;
    m.app.quit();
    expect(await e.exited).toBe(0);
    expect(order.slice(-2)).toEqual(['will-quit', 'quit']);
  });
});

describe('Electron stand-in: a utility process (utility-process.md)', () => {
  it('sees process.parentPort and no process.send; what main posts before it listens waits for it, and arrives', async () => {
    const { e, m } = standIn();
    await ready(e, m);
    const p = m.utilityProcess.fork(
      script(`
        const seen = { type: process.type, send: typeof process.send, port: typeof process.parentPort };
        // Listening late: what the parent posted meanwhile is delivered as { data, ports }.
        setTimeout(() => process.parentPort.on('message', (ev) => process.parentPort.postMessage({ seen, data: ev.data, ports: ev.ports })), 300);
      `),
      [],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    const answer = nextMessage(p);
    p.postMessage({ hello: 1 });
    expect(await answer).toEqual({ seen: { type: 'utility', send: 'undefined', port: 'object' }, data: { hello: 1 }, ports: [] });
    p.kill();
    expect(await p.ended()).toBeGreaterThan(0);
  });

  it('does not end on an empty event loop, and is not told when its parent stops talking', async () => {
    const { e, m } = standIn();
    await ready(e, m);
    const p = m.utilityProcess.fork(script(`process.on('disconnect', () => process.exit(7));`));
    await new Promise((r) => p.once('spawn', r));
    await new Promise((r) => setTimeout(r, 500));
    expect(p.exitCode).toBeNull();
    expect(p.pid).toBeGreaterThan(0);
    // The app ends: Chromium ends its utility processes (killed, not a clean exit).
    e.exit(0);
    expect(await p.ended()).not.toBe(7);
    expect(p.pid).toBeUndefined();
  });

  it('refuses a stdin other than ignore', async () => {
    const { e, m } = standIn();
    await ready(e, m);
    expect(() => m.utilityProcess.fork(script(''), [], { stdio: ['pipe', 'ignore', 'ignore'] })).toThrow(/stdin value other than ignore/);
  });
});
