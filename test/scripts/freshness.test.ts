/**
 * bin/offline-seed runs the bundle in out/cli, and in a checkout never an old one: after an edit to src/ (even one
 * that leaves the file with an older date), the next run rebuilds first; runs started together rebuild once and
 * all see the edit; a source that does not compile stops the command with one sentence instead of running the old
 * bundle. The renderer's build records its sources too, so a check finds it fresh until one of them changes (a check
 * that always found it stale rebuilt it, emptying out/renderer under a browser loading it). Works on a copy of the
 * checkout (bin, scripts, src, package.json, vite.config.ts; node_modules linked).
 */

import { spawn, spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, mkdtempSync, rmSync, statSync, symlinkSync, utimesSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let root: string;
const version = (JSON.parse(spawnSync(process.execPath, ['-p', 'JSON.stringify(require("./package.json"))'], { encoding: 'utf8' }).stdout) as { version: string }).version;

const cli = (args: string[]) => spawnSync(process.execPath, [path.join(root, 'bin', 'offline-seed'), ...args], { cwd: root, encoding: 'utf8', timeout: 120_000 });
const cliAsync = (args: string[]) =>
  new Promise<{ code: number | null; stdout: string }>((resolve) => {
    const child = spawn(process.execPath, [path.join(root, 'bin', 'offline-seed'), ...args], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.on('close', (code) => resolve({ code, stdout }));
  });
const stamp = () => statSync(path.join(root, 'out', 'cli', '.inputs.json')).mtimeMs;
const entry = () => path.join(root, 'src', 'cli', 'index.ts');

beforeAll(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'os-fresh-'));
  for (const d of ['bin', 'scripts', 'src']) cpSync(path.resolve(d), path.join(root, d), { recursive: true });
  for (const f of ['package.json', 'vite.config.ts']) cpSync(path.resolve(f), path.join(root, f));
  symlinkSync(path.resolve('node_modules'), path.join(root, 'node_modules'));
});

afterAll(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

/** `--version` alone is answered by bin/offline-seed itself; with another option it runs the bundle (which the edits below change). */
const bundleVersion = ['--lang', 'en', '--version'];

const rendererStale = () =>
  spawnSync(process.execPath, ['--input-type=module', '-e', "const { isStale } = await import('./scripts/lib/freshness.mjs'); console.log(isStale(process.cwd(), 'renderer'))"], {
    cwd: root,
    encoding: 'utf8',
  }).stdout.trim();

describe('the renderer in a checkout', () => {
  it('is fresh once built, and stale after an edit to a page, a catalog or a public file', () => {
    expect(rendererStale()).toBe('true');
    for (const file of ['src/renderer/App.tsx', 'src/shared/i18n/locales/it/app.json', 'src/renderer/public/icon.svg']) {
      const built = spawnSync(process.execPath, ['scripts/build.mjs', 'renderer', '--quiet'], { cwd: root, encoding: 'utf8', timeout: 120_000 });
      expect(built.status, built.stderr).toBe(0);
      expect(rendererStale(), `${file}, built`).toBe('false');
      const at = path.join(root, file);
      const before = statSync(at);
      utimesSync(at, before.atime, new Date(before.mtimeMs + 1000));
      expect(rendererStale(), `${file}, touched`).toBe('true');
    }
  });
});

describe('bin/offline-seed in a checkout', () => {
  it('builds out/cli when it is missing, then runs it without rebuilding', () => {
    const first = cli(['--version']);
    expect(first.stderr).toBe('');
    expect(first.stdout).toBe(`offline-seed ${version}\n`);
    const built = stamp();
    const again = cli(['--version']);
    expect(again.stdout).toBe(`offline-seed ${version}\n`);
    expect(stamp()).toBe(built);
  });

  it('rebuilds after an edit to src/, even when the edited file carries an older date', () => {
    appendFileSync(entry(), "\nprocess.stdout.write('edited once\\n');\n");
    utimesSync(entry(), new Date('2001-01-01'), new Date('2001-01-01'));
    const r = cli(bundleVersion);
    expect(r.stdout).toBe(`offline-seed ${version}\nedited once\n`);
  });

  it('lets runs started together wait for one rebuild: all succeed and all see the edit', async () => {
    appendFileSync(entry(), "\nprocess.stdout.write('edited twice\\n');\n");
    const runs = await Promise.all(Array.from({ length: 4 }, () => cliAsync(bundleVersion)));
    for (const r of runs) {
      expect(r.code).toBe(0);
      expect(r.stdout).toBe(`offline-seed ${version}\nedited once\nedited twice\n`);
    }
  });

  it('stops with one sentence, and runs nothing, when src/ does not compile', () => {
    appendFileSync(entry(), '\nconst = ;\n');
    const r = cli(['--version']);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n').pop()).toBe('offline-seed: out/cli is older than src/ and could not be rebuilt (node scripts/build.mjs cli failed).');
  });
});
