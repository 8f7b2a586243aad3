/**
 * The browser host's folder browser against hostile paths: only absolute paths, nothing outside its starting places
 * (as written, through `..`, or through a symbolic link), never the app's data folder, never a file; and through
 * the real host over its WebSocket, a bad argument is refused without ending anything.
 */

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { WebSocket } from 'ws';
import { createFolderBrowser } from '../../src/host/folderBrowser';
import { startHost, type RunningHost } from '../../src/host/server';
import { OfflineSeedError } from '../../src/shared/errors';

let top: string;
let root: string;
let outside: string;
let data: string;

beforeAll(() => {
  top = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'os-folders-')));
  root = path.join(top, 'allowed');
  outside = path.join(top, 'outside');
  data = path.join(root, 'app-data');
  for (const d of [root, outside, data, path.join(root, 'b-staging'), path.join(root, 'a-backups', 'deep'), path.join(root, '.hidden'), path.join(outside, 'secret')]) mkdirSync(d, { recursive: true });
  writeFileSync(path.join(root, 'notes.txt'), 'x');
  symlinkSync(outside, path.join(root, 'link-out'));
  symlinkSync(path.join(root, 'b-staging'), path.join(root, 'link-in'));
  symlinkSync(path.join(top, 'nowhere'), path.join(root, 'dangling'));
});

afterAll(() => {
  rmSync(top, { recursive: true, force: true });
});

const browser = () => createFolderBrowser({ roots: [root, path.join(top, 'missing-root')], hidden: [data] });

async function refusal(p: Promise<unknown>): Promise<string> {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(OfflineSeedError);
  return (e as OfflineSeedError).code;
}

describe('folder browser', () => {
  it('starts at its starting places (missing ones left out) and lists readable folders only, sorted, no files, no dot folders, no data folder', async () => {
    const b = browser();
    expect(await b.list()).toEqual({ path: '', parent: null, folders: [{ name: root, path: root }], roots: [root], truncated: false });
    const l = await b.list(root);
    expect(l.path).toBe(root);
    expect(l.parent).toBeNull();
    // link-in stays inside and is shown; link-out leads out and is not; the dangling link, the file, .hidden and the data folder neither.
    expect(l.folders.map((f) => f.name)).toEqual(['a-backups', 'b-staging', 'link-in']);
    const deeper = await b.list(path.join(root, 'a-backups'));
    expect(deeper).toMatchObject({ path: path.join(root, 'a-backups'), parent: root, folders: [{ name: 'deep', path: path.join(root, 'a-backups', 'deep') }] });
  });

  it.each([
    ['relative', 'allowed/b-staging', 'app:errors.folderNotAbsolute'],
    ['dot', '.', 'app:errors.folderNotAbsolute'],
    ['home shorthand', '~/', 'app:errors.folderNotAbsolute'],
    ['a Windows path on Linux', 'C:\\Windows', 'app:errors.folderNotAbsolute'],
    ['a NUL byte', '/tmp\0/x', 'app:errors.folderNotAbsolute'],
    ['the filesystem root', '/', 'app:errors.folderNotAllowed'],
    ['/etc', '/etc', 'app:errors.folderNotAllowed'],
    ['a sibling of a starting place', '<outside>', 'app:errors.folderNotAllowed'],
    ['a prefix that is not a parent', '<root>-evil', 'app:errors.folderNotAllowed'],
    ['.. out of a starting place', '<root>/../outside/secret', 'app:errors.folderNotAllowed'],
    ['many ..', '<root>/b-staging/../../../../../../etc', 'app:errors.folderNotAllowed'],
    ['a link leading out', '<root>/link-out', 'app:errors.folderNotAllowed'],
    ['through a link leading out', '<root>/link-out/secret', 'app:errors.folderNotAllowed'],
    ['the data folder', '<root>/app-data', 'app:errors.folderNotAllowed'],
    ['the data folder by ..', '<root>/b-staging/../app-data', 'app:errors.folderNotAllowed'],
    ['a file', '<root>/notes.txt', 'app:errors.notAFolder'],
    ['a folder that does not exist', '<root>/nope', 'app:errors.folderNotFound'],
    ['a dangling link', '<root>/dangling', 'app:errors.folderNotFound'],
    ['percent-encoding is not decoded', '<root>/%2e%2e/outside', 'app:errors.folderNotFound'],
  ])('refuses %s', async (_what, given, code) => {
    const p = given.replace('<root>', root).replace('<outside>', outside);
    expect(await refusal(browser().list(p))).toBe(code);
  });

  it('follows a link that stays inside, reporting where it really is', async () => {
    const l = await browser().list(path.join(root, 'link-in'));
    expect(l.path).toBe(path.join(root, 'b-staging'));
    expect(l.parent).toBe(root);
  });

  it('says a listing is cut short instead of sending thousands of folders', async () => {
    const many = path.join(root, 'many');
    for (let i = 0; i < 12; i++) mkdirSync(path.join(many, `d${String(i).padStart(2, '0')}`), { recursive: true });
    const l = await createFolderBrowser({ roots: [root], maxEntries: 5 }).list(many);
    expect(l.folders.map((f) => f.name)).toEqual(['d00', 'd01', 'd02', 'd03', 'd04']);
    expect(l.truncated).toBe(true);
  });
});

describe('folder browser through the host', () => {
  let host: RunningHost;
  let dataDir: string;
  beforeAll(async () => {
    dataDir = path.join(root, 'host-data');
    host = await startHost({ staticDir: path.join(top, 'no-renderer'), dataDir, folderRoots: [root] });
  });
  afterAll(async () => {
    await host?.close();
  });

  async function ask(arg: unknown): Promise<{ ok: boolean; result?: { folders: Array<{ name: string }> }; error?: { code: string; message: string } }> {
    const ws = new WebSocket(`ws://127.0.0.1:${host.port}/ws?token=${encodeURIComponent(host.token)}`, { origin: `http://127.0.0.1:${host.port}` });
    await new Promise((r, j) => ws.once('open', r).once('error', j));
    ws.send(JSON.stringify({ type: 'request', id: 1, name: 'folders.list', arg }));
    const reply = await new Promise<string>((r) => ws.once('message', (d) => r(String(d))));
    ws.close();
    return JSON.parse(reply);
  }

  it('lists inside its starting places, never its own data folder, and answers a hostile argument with one sentence', async () => {
    const ok = await ask({ path: root });
    expect(ok.ok).toBe(true);
    expect(ok.result!.folders.map((f) => f.name)).not.toContain('host-data');
    expect(ok.result!.folders.map((f) => f.name)).toContain('b-staging');
    expect(await ask({ path: path.join(dataDir) })).toMatchObject({ ok: false, error: { code: 'app:errors.folderNotAllowed' } });
    expect(await ask({ path: '/etc' })).toMatchObject({ ok: false, error: { code: 'app:errors.folderNotAllowed', message: '“/etc” is outside the folders this browser may show; type the path in the field instead.' } });
    for (const bad of [{ path: 42 }, { path: ['/'] }, { path: 'x'.repeat(5000) }, { path: '/', extra: 1 }]) {
      expect(await ask(bad)).toMatchObject({ ok: false, error: { code: 'app:errors.invalidRequest' } });
    }
    // The host did not choose Electron's dialog for itself.
    expect(await ask({ path: root })).toMatchObject({ ok: true });
  });
});
