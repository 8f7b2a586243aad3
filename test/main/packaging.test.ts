/**
 * electron-builder.yml against electron-builder 26's own code (node_modules/app-builder-lib): its schema, the fields
 * each listed target needs, and a real `electron-builder --dir` run whose packed app is then started under the Electron
 * stand-in. The distributable targets themselves (nsis, portable, AppImage, deb, dmg) need their tools and Electron's
 * binary: they are built on a packaging machine (docs/electron.md).
 */

import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { launchApp } from '../electron/launch';

const require = createRequire(import.meta.url);
const root = path.resolve('.');

interface Config {
  win?: { target: Array<{ target: string }>; requestedExecutionLevel?: string; icon?: string };
  linux?: { target: Array<{ target: string }>; executableName?: string; icon?: string };
  mac?: { target: Array<{ target: string }>; icon?: string };
  portable?: { requestExecutionLevel?: string };
  deb?: Record<string, unknown>;
  files: string[];
  asarUnpack: string[];
  productName: string;
  [k: string]: unknown;
}

const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config') as {
  getConfig(projectDir: string, configPath: string | null, fromOptions: null): Promise<Config>;
  validateConfiguration(config: Config, debugLogger: unknown): Promise<void>;
};
const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };
const { readPackageJson, checkMetadata } = require('app-builder-lib/out/util/packageMetadata') as {
  readPackageJson(file: string): Promise<Record<string, unknown>>;
  checkMetadata(metadata: object, devMetadata: object, file: string, devFile: string): void;
};
const { AppInfo } = require('app-builder-lib/out/appInfo') as { AppInfo: new (info: object, buildVersion: null, platformOptions: object | null) => { computePackageUrl(): Promise<string | null>; productFilename: string; linuxPackageName: string } };
const FpmTarget = (require('app-builder-lib/out/targets/FpmTarget') as { default: { prototype: { computeFpmMetaInfoOptions(this: object): Promise<{ maintainer: string; url: string }> } } }).default;
const { validateCriticalPathString } = require('app-builder-lib/out/targets/appimage/appImageUtil') as { validateCriticalPathString(s: string, field: string): void };

const config = () => getConfig(root, 'electron-builder.yml', null);

/** What electron-builder's deb target computes from package.json and the configuration (FpmTarget.computeFpmMetaInfoOptions). */
async function debMetaInfo(metadata: Record<string, unknown>, c: Config) {
  const info = { metadata, config: c, devMetadata: metadata, repositoryInfo: Promise.resolve(null) };
  const appInfo = new AppInfo(info, null, c.linux ?? null);
  const self = { packager: { appInfo, info }, options: { ...(c.linux ?? {}), ...(c.deb ?? {}) } };
  return FpmTarget.prototype.computeFpmMetaInfoOptions.call(self);
}

function pngSize(file: string): { width: number; height: number } {
  const b = readFileSync(file);
  expect(b.subarray(1, 4).toString()).toBe('PNG');
  return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
}

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('electron-builder.yml', () => {
  it('passes electron-builder’s own validation (its schema), which does refuse a bad value', async () => {
    const c = await config();
    await expect(validateConfiguration(c, new DebugLogger(false))).resolves.toBeUndefined();
    await expect(validateConfiguration({ ...c, portable: { requestExecutionLevel: 'root' } }, new DebugLogger(false))).rejects.toThrow(/requestExecutionLevel/);
    const metadata = await readPackageJson(path.join(root, 'package.json'));
    expect(() => checkMetadata(metadata, metadata, 'package.json', 'package.json')).not.toThrow();
  });

  it('lists nsis and portable (Windows), AppImage and deb (Linux), dmg (macOS), each with what it needs', async () => {
    const c = await config();
    const targets = [...(c.win?.target ?? []), ...(c.linux?.target ?? []), ...(c.mac?.target ?? [])].map((t) => t.target).sort();
    // A new target must bring its own checks here.
    expect(targets).toEqual(['AppImage', 'deb', 'dmg', 'nsis', 'portable']);

    // deb: electron-builder's fpm target refuses to build without a homepage and the author's email.
    const metadata = await readPackageJson(path.join(root, 'package.json'));
    const deb = await debMetaInfo(metadata, c);
    expect(deb.url).toMatch(/^https:\/\//);
    expect(deb.maintainer).toMatch(/^.+ <[^@\s]+@[^@\s]+\.[a-z]+>$/);
    await expect(debMetaInfo({ ...metadata, homepage: undefined, author: { name: 'x' } }, c)).rejects.toThrow(/homepage[\s\S]*author 'email'/);

    // portable: its NSIS launcher runs at the level asked here and starts the app with ExecWait.
    expect(c.portable?.requestExecutionLevel).toBe('user');
    const nsisTarget = readFileSync(require.resolve('app-builder-lib/out/targets/nsis/NsisTarget.js'), 'utf8');
    expect(nsisTarget).toMatch(/defines\.REQUEST_EXECUTION_LEVEL = requestExecutionLevel \|\| "user"/);
    const portableNsi = readFileSync(path.join(path.dirname(require.resolve('app-builder-lib/package.json')), 'templates/nsis/portable.nsi'), 'utf8');
    expect(portableNsi).toMatch(/RequestExecutionLevel \$\{REQUEST_EXECUTION_LEVEL\}/);
    expect(portableNsi).toMatch(/ExecWait "\$INSTDIR\\\$\{APP_EXECUTABLE_FILENAME\}/);
    // The app itself runs as the user who opens it: helpdesk staff open it without administrator rights.
    expect(c.win?.requestedExecutionLevel ?? 'asInvoker').toBe('asInvoker');

    // AppImage: the executable and product file names must pass its path check.
    const linuxInfo = new AppInfo({ metadata, config: c, repositoryInfo: Promise.resolve(null) }, null, c.linux ?? null);
    expect(() => validateCriticalPathString(c.linux!.executableName!, 'executableName')).not.toThrow();
    expect(() => validateCriticalPathString(linuxInfo.productFilename, 'productFilename')).not.toThrow();

    // Icons: electron-builder needs 256×256 at least for Windows and 512×512 for macOS.
    for (const [platform, min] of [['win', 256], ['mac', 512], ['linux', 256]] as const) {
      const icon = c[platform]?.icon;
      expect(icon, platform).toBeDefined();
      const { width, height } = pngSize(icon!);
      expect(Math.min(width, height), platform).toBeGreaterThanOrEqual(min);
    }
  });

  it('the main bundle loads nothing from node_modules but zstd-napi, the one package the configuration ships', () => {
    const main = readFileSync('out/main/main.mjs', 'utf8');
    const loaded = new Set<string>();
    // What esbuild left as imports: hoisted static imports, its __require() of CommonJS dependencies, createRequire().
    for (const m of main.matchAll(/^import\s[^;]*?from\s*"([^"]+)";/gm)) loaded.add(m[1]!);
    for (const m of main.matchAll(/(?:\b__require|\brequire\d*(?:\.resolve)?|\bcreateRequire\d*\([^)]*\))\("([^"]+)"\)/g)) loaded.add(m[1]!);
    const builtins = new Set(builtinModules.flatMap((b) => [b, `node:${b}`]));
    const packages = new Set([...loaded].filter((b) => !builtins.has(b)).map((b) => b.split('/')[0]!));
    expect([...packages].sort()).toEqual([
      'electron',
      // systeminformation asks for these macOS temperature sensors inside try/catch; they are not installed anywhere.
      'macos-temperature-sensor',
      'osx-temperature-sensor',
      'zstd-napi',
    ]);
  });
});

/** An Electron distribution holding no Electron: a script whose bytes carry Electron's fuse wire (8 fuses, V1). */
function standInElectronDist(dir: string): void {
  mkdirSync(path.join(dir, 'resources'), { recursive: true });
  const sentinel = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
  // Electron's defaults: RunAsNode on, cookie encryption off, NODE_OPTIONS on, --inspect on, asar integrity off,
  // only-from-asar off, browser snapshot off, file:// privileges on.
  writeFileSync(path.join(dir, 'electron'), Buffer.concat([Buffer.from(`#!/bin/sh\nexit 0\n# ${sentinel}`), Buffer.from([1, 8]), Buffer.from('10110001\n')]));
  chmodSync(path.join(dir, 'electron'), 0o755);
  for (const f of ['LICENSE', 'LICENSES.chromium.html']) writeFileSync(path.join(dir, f), '');
  writeFileSync(path.join(dir, 'version'), '45.4.1');
}

describe('electron-builder --dir (a stand-in Electron distribution)', () => {
  it('packs main, preload and renderer in the asar, Azurite and zstd-napi outside it, flips the fuses, and the packed app runs, local rehearsal included', async () => {
    const work = mkdtempSync(path.join(os.tmpdir(), 'os-pack-'));
    dirs.push(work);
    standInElectronDist(path.join(work, 'electron'));
    const out = path.join(work, 'dist');
    const r = spawnSync(
      process.execPath,
      [require.resolve('electron-builder/cli.js'), '--config', 'electron-builder.yml', '--linux', 'dir', `-c.electronDist=${path.join(work, 'electron')}`, '-c.npmRebuild=false', `-c.directories.output=${out}`],
      { encoding: 'utf8', env: { ...process.env, CI: '1' }, timeout: 240_000 },
    );
    expect(r.status, r.stderr + r.stdout).toBe(0);
    const resources = path.join(out, 'linux-unpacked', 'resources');
    const asar = require('@electron/asar') as { listPackage(p: string, o: object): string[]; extractAll(p: string, d: string): void };
    const listed = asar.listPackage(path.join(resources, 'app.asar'), {}).map((p) => p.replace(/\\/g, '/'));
    // out/main/locales: the message catalogs main reads when it first needs a language (scripts/build.mjs lazyCatalogs).
    for (const f of ['/package.json', '/out/main/main.mjs', '/out/main/locales/fr/app.json', '/out/preload/preload.cjs', '/out/renderer/index.html', '/out/azurite/azurite.cjs', '/node_modules/zstd-napi/binding.js']) {
      expect(listed, f).toContain(f);
    }
    // No other package, no command-line bundle, no build bookkeeping.
    expect(listed.filter((p) => /^\/node_modules\/[^/]+$/.test(p))).toEqual(['/node_modules/zstd-napi']);
    expect(listed.filter((p) => p.startsWith('/out/cli') || p.startsWith('/out/host') || p.endsWith('.inputs.json'))).toEqual([]);
    // Outside the asar: what a utility process and the OS's loader open from real files.
    expect(existsSync(path.join(resources, 'app.asar.unpacked/out/azurite/azurite.cjs'))).toBe(true);
    expect(existsSync(path.join(resources, 'app.asar.unpacked/node_modules/zstd-napi/build/Release/binding.node'))).toBe(true);

    const { getCurrentFuseWire, FuseV1Options } = require('@electron/fuses') as { getCurrentFuseWire(p: string): Promise<Record<number, number>>; FuseV1Options: Record<string, number> };
    const wire = await getCurrentFuseWire(path.join(out, 'linux-unpacked', 'offline-seed'));
    const on = (name: string) => String.fromCharCode(wire[FuseV1Options[name]!]!);
    expect({
      RunAsNode: on('RunAsNode'),
      EnableCookieEncryption: on('EnableCookieEncryption'),
      EnableNodeOptionsEnvironmentVariable: on('EnableNodeOptionsEnvironmentVariable'),
      EnableNodeCliInspectArguments: on('EnableNodeCliInspectArguments'),
      EnableEmbeddedAsarIntegrityValidation: on('EnableEmbeddedAsarIntegrityValidation'),
      OnlyLoadAppFromAsar: on('OnlyLoadAppFromAsar'),
      GrantFileProtocolExtraPrivileges: on('GrantFileProtocolExtraPrivileges'),
    }).toEqual({
      RunAsNode: '0',
      EnableCookieEncryption: '1',
      EnableNodeOptionsEnvironmentVariable: '0',
      EnableNodeCliInspectArguments: '0',
      EnableEmbeddedAsarIntegrityValidation: '1',
      OnlyLoadAppFromAsar: '1',
      GrantFileProtocolExtraPrivileges: '0',
    });

    // The packed app, laid out as Electron sees it (resources/app.asar/…, resources/app.asar.unpacked/…), runs.
    const installed = path.join(work, 'installed', 'resources');
    asar.extractAll(path.join(resources, 'app.asar'), path.join(installed, 'app.asar'));
    cpSync(path.join(resources, 'app.asar.unpacked'), path.join(installed, 'app.asar.unpacked'), { recursive: true });
    const app = await launchApp({ main: path.join(installed, 'app.asar/out/main/main.mjs') });
    try {
      const win = await app.shown();
      const bridge = win.webContents.page!.world.offlineSeed as { request(n: string, a: unknown): Promise<unknown> };
      expect(await bridge.request('app.info', {})).toMatchObject({ ok: true, result: { name: 'Offline Seed', version: '0.1.0' } });
      // Local rehearsal from the packed app: Azurite's utility process starts from the unpacked copy, far from any
      // node_modules (nothing above this temporary folder has one), so its bundle alone is enough to serve blobs.
      const started = (await bridge.request('azure.startLocalRehearsal', {})) as { ok: boolean; error?: unknown };
      expect(started, JSON.stringify(started.error)).toMatchObject({ ok: true });
      const azurite = app.electron.utilityProcesses[0]!;
      expect(azurite.modulePath).toBe(path.join(installed, 'app.asar.unpacked', 'out', 'azurite', 'azurite.cjs'));
      expect(azurite.pid).toBeGreaterThan(0);
      await app.close();
      expect(azurite.exitCode).toBe(0);
    } finally {
      await app.close();
    }
  }, 300_000);
});
