/**
 * scripts/prerequisites.mjs on a machine where Chromium, ntfs-3g and cryptsetup are absent, simulated with a PATH
 * that holds every other tool (symlinks) and an empty CHROMIUM_PATH: as root on Debian it would install exactly
 * those with apt-get (checked with `apt-get -s`, which resolves the packages and installs nothing); as another user
 * it stops at once with one line per missing item and exit 2, and so does `npm test` before running any test.
 */

import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const script = path.resolve('scripts/prerequisites.mjs');
const isRoot = process.getuid?.() === 0;
const nobody = 65534;
/** What the simulated machine lacks. */
const hidden = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable', 'microsoft-edge', 'microsoft-edge-stable', 'mkfs.ntfs', 'ntfs-3g', 'cryptsetup'];

interface Plan {
  root: boolean;
  packageManager: string | null;
  browser: { executablePath?: string; source: string } | null;
  browserError: string | null;
  checked: string[];
  missing: Array<{ name: string; package: string | null }>;
  action: 'none' | 'install' | 'report';
  aptGet: string[] | null;
  report: string[];
}

let dir: string;
let fakePath: string;
let home: string;

function which(cmd: string): string | null {
  const r = spawnSync('sh', ['-c', `command -v "${cmd}"`], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
}

/** Runs `cmd args` with the simulated PATH, as this user or (when root) as uid 65534. */
function run(cmd: string[], opts: { asNobody?: boolean; env?: NodeJS.ProcessEnv } = {}): SpawnSyncReturns<string> {
  const env = { PATH: fakePath, HOME: home, CHROMIUM_PATH: '', LANG: 'C', ...opts.env };
  const argv = opts.asNobody && isRoot ? ['setpriv', '--reuid', String(nobody), '--regid', String(nobody), '--clear-groups', '--', ...cmd] : cmd;
  return spawnSync(argv[0]!, argv.slice(1), { env, encoding: 'utf8', timeout: 120_000 });
}

const plan = (extra: string[] = [], env: NodeJS.ProcessEnv = {}) => JSON.parse(run([process.execPath, script, '--plan', ...extra], { env }).stdout) as Plan;

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'os-prereq-'));
  chmodSync(dir, 0o755);
  fakePath = path.join(dir, 'bin');
  home = path.join(dir, 'home');
  mkdirSync(fakePath);
  mkdirSync(home);
  if (isRoot) chownSync(home, nobody, nobody);
  // Every tool the step checks, plus what npm and the step itself need, except the hidden ones.
  const everything = JSON.parse(spawnSync(process.execPath, [script, '--plan'], { encoding: 'utf8' }).stdout) as Plan;
  const bench = JSON.parse(spawnSync(process.execPath, [script, '--plan', '--bench'], { encoding: 'utf8' }).stdout) as Plan;
  for (const cmd of new Set([...everything.checked, ...bench.checked, 'node', 'npm', 'sh', 'env', 'apt-get', 'dpkg'])) {
    if (hidden.includes(cmd)) continue;
    const real = cmd === 'node' ? process.execPath : which(cmd);
    if (real) symlinkSync(real, path.join(fakePath, cmd));
  }
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('a machine without Chromium, ntfs-3g and cryptsetup', () => {
  it('finds exactly those three missing, and everything else', () => {
    const p = plan();
    expect(p.missing.map((m) => m.name)).toEqual(['a Chromium-family browser', 'ntfs-3g', 'cryptsetup']);
    expect(p.browser).toBeNull();
  });

  it('as root on Debian, installs them with apt-get, saying what and why in one line', { tags: 'root' }, () => {
    const p = plan();
    if (p.packageManager !== 'apt') {
      // Not Debian or Ubuntu: root or not, it lists and stops.
      expect(p.action).toBe('report');
      return;
    }
    expect(p.action).toBe('install');
    expect(p.aptGet).toEqual(['apt-get', 'install', '-y', '-q', '--no-install-recommends', '-o', 'DPkg::Lock::Timeout=300', 'chromium', 'ntfs-3g', 'cryptsetup']);

    // The same path as a real install, with apt-get -s: the packages must resolve in this machine's apt sources.
    const r = run([process.execPath, script, '--simulate']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const [first, ...apt] = r.stdout.trim().split('\n');
    expect(first).toMatch(/^prerequisites: would install chromium \(the end-to-end tests .+\), ntfs-3g \(.+\), cryptsetup \(.+\) with apt-get\.$/);
    for (const pkg of ['chromium', 'ntfs-3g', 'cryptsetup']) {
      expect(apt.some((l) => l.startsWith(`apt-get -s: Inst ${pkg} `) || l.startsWith(`apt-get -s: ${pkg} is already the newest version`))).toBe(true);
    }
  });

  it('as another user, stops at once: one line per missing item with its install command, exit 2', () => {
    const r = run([process.execPath, script], { asNobody: true });
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(/^prerequisites: missing a Chromium-family browser: the end-to-end tests drive the wizard in it; install it with: sudo apt-get install -y chromium$/);
    expect(lines[1]).toMatch(/^prerequisites: missing ntfs-3g \(mkfs\.ntfs, ntfs-3g\): .+; install it with: sudo apt-get install -y ntfs-3g$/);
    expect(lines[2]).toMatch(/^prerequisites: missing cryptsetup: .+; install it with: sudo apt-get install -y cryptsetup$/);
    expect(lines[3]).toBe('prerequisites: npm test stopped before running anything; install the above and run it again.');
  });

  it('as another user, npm test itself stops with that list before any test runs', () => {
    const r = run(['npm', 'test', '--silent'], { asNobody: true, env: { npm_config_cache: path.join(home, '.npm'), npm_config_update_notifier: 'false' } });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('prerequisites: missing cryptsetup');
    expect(r.stderr).toContain('npm test stopped before running anything');
    // Nothing else ran: no build, no type check, no test runner.
    expect(r.stdout).not.toMatch(/built |RUN|Running \d+ test|tests: /);
  });
});

describe('the browser', () => {
  it('is the one CHROMIUM_PATH names, before anything on PATH', () => {
    const fake = path.join(dir, 'my-chrome');
    writeFileSync(fake, '#!/bin/sh\n', { mode: 0o755 });
    const p = plan([], { CHROMIUM_PATH: fake });
    expect(p.browser).toEqual({ executablePath: fake, source: 'CHROMIUM_PATH' });
    expect(p.missing.map((m) => m.name)).toEqual(['ntfs-3g', 'cryptsetup']);
  });

  it('is found on PATH under Chrome\'s name', () => {
    const chrome = path.join(dir, 'chrome-bin');
    mkdirSync(chrome, { recursive: true });
    writeFileSync(path.join(chrome, 'google-chrome-stable'), '#!/bin/sh\n', { mode: 0o755 });
    const p = plan([], { PATH: `${fakePath}:${chrome}` });
    expect(p.browser).toEqual({ executablePath: path.join(chrome, 'google-chrome-stable'), source: 'PATH' });
  });

  it('stops with one sentence when CHROMIUM_PATH names nothing, even as root (nothing is installed over it)', () => {
    const r = run([process.execPath, script], { env: { CHROMIUM_PATH: path.join(dir, 'no-such-browser') } });
    expect(r.status).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe(
      `prerequisites: CHROMIUM_PATH is ${path.join(dir, 'no-such-browser')}, which is not an executable file: point it to a Chromium, Chrome or Edge binary, or unset it.`,
    );
  });
});

describe('the bench baselines', () => {
  it('are checked the same way: a missing restic or zstd stops npm run bench with its install command', () => {
    const noBaselines = path.join(dir, 'bench-bin');
    mkdirSync(noBaselines, { recursive: true });
    for (const cmd of ['node', 'tar', 'dd', 'md5sum', 'mount', 'umount', 'losetup', 'setpriv', 'fallocate', 'mkfs.ntfs', 'ntfs-3g']) {
      const real = cmd === 'node' ? process.execPath : which(cmd);
      if (real) symlinkSync(real, path.join(noBaselines, cmd));
    }
    const r = run([process.execPath, script, '--bench'], { asNobody: true, env: { PATH: noBaselines } });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('prerequisites: missing zstd: the staging benchmark compares with tar | zstd; install it with: sudo apt-get install -y zstd');
    expect(r.stderr).toContain('prerequisites: missing restic: the staging benchmark compares with restic backup; install it with: sudo apt-get install -y restic');
    expect(r.stderr).toContain('npm run bench stopped before running anything');
  });
});
