#!/usr/bin/env node
// What the tests (and the bench) need from the system, in one place: `npm test` runs this first, `.ci/run` calls
// it, and the bench files call it through bench/baselines.ts.
//
//   node scripts/prerequisites.mjs            what `npm test` needs
//   node scripts/prerequisites.mjs --bench    what `npm run bench` needs (its baselines)
//   --plan      print what would be done, as JSON, and change nothing
//   --simulate  as root on Debian/Ubuntu: run apt-get with -s (shows what it would install, installs nothing)
//
// On Debian or Ubuntu as root, whatever is missing is installed with apt-get, announced in one line. Anywhere
// else it prints one line per missing item with the command that installs it and exits 2, before any test runs.
// Plain JavaScript with no dependencies: it runs before `npm install` has built anything.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { findBrowser, onPath } from './lib/browser.mjs';

/** apt-get and the package scripts dpkg runs expect the system folders on PATH, whatever the caller's PATH is. */
const systemPath = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/**
 * Each item: what it is, which commands prove it is there (or a `present` check), why it is needed, which runs
 * need it (`test`, `bench`), on which systems, and its package name per package manager.
 */
export const requirements = [
  {
    name: 'a Chromium-family browser',
    present: (env) => {
      const b = findBrowser(env);
      return b !== null && !('error' in b);
    },
    why: 'the end-to-end tests drive the wizard in it',
    for: ['test'],
    packages: { apt: 'chromium', ubuntu: 'chromium-browser', dnf: 'chromium', pacman: 'chromium', zypper: 'chromium', apk: 'chromium', brew: '--cask google-chrome', winget: 'Microsoft.Edge' },
  },
  {
    name: 'ntfs-3g',
    commands: ['mkfs.ntfs', 'ntfs-3g'],
    why: 'the drive tests and bench:copy format loop devices as NTFS and mount them',
    for: ['test', 'bench'],
    os: ['linux'],
    packages: { apt: 'ntfs-3g', dnf: 'ntfs-3g ntfsprogs', pacman: 'ntfs-3g', zypper: 'ntfs-3g ntfsprogs', apk: 'ntfs-3g ntfs-3g-progs' },
  },
  {
    name: 'cryptsetup',
    commands: ['cryptsetup'],
    why: 'drive preparation checks a recorded BitLocker key with it',
    for: ['test'],
    os: ['linux'],
    packages: { apt: 'cryptsetup', dnf: 'cryptsetup', pacman: 'cryptsetup', zypper: 'cryptsetup', apk: 'cryptsetup' },
  },
  {
    name: 'xmllint',
    commands: ['xmllint'],
    why: 'the drive manifests are checked with it against an XSD written from Microsoft\'s documented format',
    for: ['test'],
    packages: { apt: 'libxml2-utils', dnf: 'libxml2', pacman: 'libxml2', zypper: 'libxml2-tools', apk: 'libxml2-utils', brew: 'libxml2' },
  },
  {
    name: 'mount and losetup',
    commands: ['mount', 'umount', 'losetup'],
    why: 'the drive tests attach loop devices and mount small volumes',
    for: ['test', 'bench'],
    os: ['linux'],
    packages: { apt: 'mount', dnf: 'util-linux', pacman: 'util-linux', zypper: 'util-linux', apk: 'util-linux' },
  },
  {
    name: 'setpriv and fallocate',
    commands: ['setpriv', 'fallocate'],
    why: 'the helpdesk and unreadable-file tests run the command as uid 65534, bench:copy allocates its drive image',
    for: ['test', 'bench'],
    os: ['linux'],
    packages: { apt: 'util-linux', dnf: 'util-linux', pacman: 'util-linux', zypper: 'util-linux', apk: 'setpriv util-linux' },
  },
  {
    name: 'ps',
    commands: ['ps'],
    why: 'the demo test checks that no local Azure process is left running',
    for: ['test'],
    os: ['linux'],
    packages: { apt: 'procps', dnf: 'procps-ng', pacman: 'procps-ng', zypper: 'procps', apk: 'procps' },
  },
  {
    name: 'the Noto fonts',
    present: () => notoFontsInstalled(),
    why: 'the screenshots of every language are rendered with them, the same on every machine',
    for: ['test'],
    os: ['linux'],
    packages: { apt: 'fonts-noto-core', dnf: 'google-noto-sans-fonts', pacman: 'noto-fonts', zypper: 'google-noto-sans-fonts', apk: 'font-noto' },
  },
  {
    name: 'tar',
    commands: ['tar'],
    why: 'the staging benchmark compares with tar | zstd',
    for: ['bench'],
    packages: { apt: 'tar', dnf: 'tar', pacman: 'tar', zypper: 'tar', apk: 'tar', brew: 'gnu-tar' },
  },
  {
    name: 'zstd',
    commands: ['zstd'],
    why: 'the staging benchmark compares with tar | zstd',
    for: ['bench'],
    packages: { apt: 'zstd', dnf: 'zstd', pacman: 'zstd', zypper: 'zstd', apk: 'zstd', brew: 'zstd' },
  },
  {
    name: 'a D-Bus session bus and GNOME Keyring',
    commands: ['dbus-daemon', 'gnome-keyring-daemon'],
    why: 'the token cache test keeps the cache in a Secret Service it starts (keytar, under @azure/msal-node-extensions, also builds against libsecret when its prebuilt binary cannot be downloaded)',
    for: ['test'],
    os: ['linux'],
    packages: { apt: 'dbus-daemon gnome-keyring libsecret-1-dev', dnf: 'dbus-daemon gnome-keyring libsecret-devel', pacman: 'dbus gnome-keyring libsecret', zypper: 'dbus-1 gnome-keyring libsecret-devel', apk: 'dbus gnome-keyring libsecret-dev' },
  },
  {
    name: 'restic',
    commands: ['restic'],
    why: 'the staging benchmark compares with restic backup',
    for: ['bench'],
    packages: { apt: 'restic', dnf: 'restic', pacman: 'restic', zypper: 'restic', apk: 'restic', brew: 'restic' },
  },
  {
    name: 'GNU time',
    commands: ['time'],
    why: "the staging benchmark reads each run's peak memory from it",
    for: ['bench'],
    os: ['linux'],
    packages: { apt: 'time', dnf: 'time', pacman: 'time', zypper: 'time', apk: 'time' },
  },
  {
    name: 'dd, md5sum and sha256sum',
    commands: ['dd', 'md5sum', 'sha256sum'],
    why: 'the copy benchmark compares with dd (the device limit) and md5sum (the verify pass), the staging check with sha256sum',
    for: ['bench'],
    packages: { apt: 'coreutils', dnf: 'coreutils', pacman: 'coreutils', zypper: 'coreutils', apk: 'coreutils', brew: 'coreutils' },
  },
];

/** fonts-noto-core's Noto Sans, or any Noto Sans a distribution installs, in the usual font folders. */
function notoFontsInstalled() {
  const roots = ['/usr/share/fonts', '/usr/local/share/fonts', path.join(os.homedir(), '.local/share/fonts'), path.join(os.homedir(), '.fonts')];
  const seen = (dir, depth) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return false;
    }
    for (const e of entries) {
      if (e.isFile() && /^NotoSans-Regular\.(ttf|otf|ttc)$/i.test(e.name)) return true;
      if (e.isDirectory() && depth < 4 && seen(path.join(dir, e.name), depth + 1)) return true;
    }
    return false;
  };
  return roots.some((r) => seen(r, 0));
}

/** The package manager of this system: apt (Debian, Ubuntu), dnf, pacman, zypper, apk, brew, winget, or null. */
export function packageManager(platform = process.platform, osRelease = readOsRelease()) {
  if (platform === 'darwin') return { manager: 'brew', distro: 'macos' };
  if (platform === 'win32') return { manager: 'winget', distro: 'windows' };
  if (platform !== 'linux') return { manager: null, distro: platform };
  const ids = [osRelease.ID, ...(osRelease.ID_LIKE ?? '').split(/\s+/)].filter(Boolean);
  const distro = osRelease.ID ?? 'linux';
  if (ids.includes('ubuntu')) return { manager: 'apt', distro: 'ubuntu' };
  if (ids.includes('debian')) return { manager: 'apt', distro };
  if (ids.some((i) => ['fedora', 'rhel', 'centos'].includes(i))) return { manager: 'dnf', distro };
  if (ids.includes('arch')) return { manager: 'pacman', distro };
  if (ids.some((i) => i === 'suse' || i.startsWith('opensuse'))) return { manager: 'zypper', distro };
  if (ids.includes('alpine')) return { manager: 'apk', distro };
  return { manager: null, distro };
}

function readOsRelease() {
  try {
    const out = {};
    for (const line of readFileSync('/etc/os-release', 'utf8').split('\n')) {
      const m = /^([A-Z_]+)=(.*)$/.exec(line.trim());
      if (m) out[m[1]] = m[2].replace(/^"(.*)"$/, '$1');
    }
    return out;
  } catch {
    return {};
  }
}

function packageFor(item, pm) {
  if (!pm.manager) return null;
  return (pm.distro === 'ubuntu' && item.packages.ubuntu) || item.packages[pm.manager] || null;
}

/** The command a person runs to install `pkg` (with sudo where that is how it is done). */
function installCommand(pm, pkg, root) {
  const sudo = root ? '' : 'sudo ';
  switch (pm.manager) {
    case 'apt':
      return `${sudo}apt-get install -y ${pkg}`;
    case 'dnf':
      return `${sudo}dnf install -y ${pkg}`;
    case 'pacman':
      return `${sudo}pacman -S --needed ${pkg}`;
    case 'zypper':
      return `${sudo}zypper install -y ${pkg}`;
    case 'apk':
      return `${sudo}apk add ${pkg}`;
    case 'brew':
      return `brew install ${pkg}`;
    case 'winget':
      return `winget install ${pkg}`;
    default:
      return null;
  }
}

/**
 * What to do on this machine: which items are missing, and whether to install them (`install`, with the apt-get
 * command) or to stop and tell (`report`, with one line per item), or `none`.
 */
export function plan({ scope = 'test', env = process.env, platform = process.platform, root = process.getuid?.() === 0, osRelease } = {}) {
  const pm = packageManager(platform, osRelease ?? readOsRelease());
  const browser = scope === 'test' ? findBrowser(env, platform) : null;
  const missing = [];
  const checked = [];
  for (const item of requirements) {
    if (!item.for.includes(scope)) continue;
    if (item.os && !item.os.includes(platform)) continue;
    checked.push(...(item.commands ?? []));
    const present = item.present ? item.present(env) : item.commands.every((c) => onPath(c, env, platform) !== null);
    if (!present) missing.push({ name: item.name, commands: item.commands ?? [], why: item.why, package: packageFor(item, pm) });
  }
  const browserError = browser && 'error' in browser ? browser.error : null;
  const canInstall = root && pm.manager === 'apt' && !browserError && missing.every((m) => m.package) && onPath('apt-get', { PATH: systemPath }, platform) !== null;
  const packages = [...new Set(missing.flatMap((m) => (m.package ? m.package.split(' ') : [])))];
  return {
    scope,
    root,
    platform,
    distro: pm.distro,
    packageManager: pm.manager,
    browser: browser && !browserError ? browser : null,
    browserError,
    checked,
    missing,
    action: browserError || (missing.length > 0 && !canInstall) ? 'report' : missing.length > 0 ? 'install' : 'none',
    aptGet: canInstall && missing.length > 0 ? ['apt-get', 'install', '-y', '-q', '--no-install-recommends', '-o', 'DPkg::Lock::Timeout=300', ...packages] : null,
    report: missing.map((m) => {
      const what = m.commands.length > 0 && m.commands.join(', ') !== m.name ? `${m.name} (${m.commands.join(', ')})` : m.name;
      const cmd = m.package ? installCommand(pm, m.package, root) : null;
      const how = cmd ? `install it with: ${cmd}` : `install it with your system's package manager (on Debian: ${m.package ?? requirements.find((r) => r.name === m.name).packages.apt})`;
      return `missing ${what}: ${m.why}; ${how}`;
    }),
  };
}

function runApt(args, env) {
  const r = spawnSync(args[0], args.slice(1), {
    env: { ...env, PATH: `${systemPath}:${env.PATH ?? ''}`, DEBIAN_FRONTEND: 'noninteractive' },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return { ok: r.status === 0, output: `${r.stdout ?? ''}${r.stderr ?? ''}${r.error ? String(r.error) : ''}` };
}

function aptListsEmpty() {
  try {
    return !readdirSync('/var/lib/apt/lists').some((f) => f.endsWith('_Packages') || f.endsWith('_Packages.lz4'));
  } catch {
    return true;
  }
}

function main() {
  const argv = process.argv.slice(2);
  const scope = argv.includes('--bench') ? 'bench' : 'test';
  const runner = scope === 'bench' ? 'npm run bench' : 'npm test';
  const p = plan({ scope });
  if (argv.includes('--plan')) {
    process.stdout.write(JSON.stringify(p, null, 2) + '\n');
    return 0;
  }
  if (p.browserError) {
    process.stderr.write(`prerequisites: ${p.browserError}\n`);
  }
  if (p.action === 'none') {
    const b = p.browser ? ` (browser: ${p.browser.executablePath ?? `Playwright channel ${p.browser.channel}`})` : '';
    process.stdout.write(`prerequisites: everything ${runner} needs is installed${b}.\n`);
    return 0;
  }
  if (p.action === 'report') {
    for (const line of p.report) process.stderr.write(`prerequisites: ${line}\n`);
    process.stderr.write(`prerequisites: ${runner} stopped before running anything; install the above and run it again.\n`);
    return 2;
  }
  // Root on Debian or Ubuntu: install, saying what and why in one line.
  const simulate = argv.includes('--simulate');
  const byPackage = new Map();
  for (const m of p.missing) byPackage.set(m.package, [...(byPackage.get(m.package) ?? []), m.why]);
  const what = [...byPackage].map(([pkg, whys]) => `${pkg} (${whys.join('; ')})`).join(', ');
  process.stdout.write(`prerequisites: ${simulate ? 'would install' : 'installing'} ${what} with apt-get.\n`);
  const install = simulate ? [...p.aptGet.slice(0, 2), '-s', ...p.aptGet.slice(2)] : p.aptGet;
  // No package lists at all (a fresh container): fetch them first, also before a simulation.
  if (aptListsEmpty()) runApt(['apt-get', 'update', '-q'], process.env);
  let r = runApt(install, process.env);
  if (!r.ok && /Unable to locate package|has no installation candidate|404\s+Not Found/.test(r.output)) {
    // Stale or missing package lists (a fresh container): refresh them once.
    runApt(['apt-get', 'update', '-q'], process.env);
    r = runApt(install, process.env);
  }
  if (!r.ok) {
    process.stderr.write(r.output.split('\n').filter(Boolean).slice(-15).join('\n') + '\n');
    process.stderr.write(`prerequisites: apt-get could not install ${[...byPackage.keys()].join(' ')} (its last lines are above); ${runner} stopped before running anything.\n`);
    return 2;
  }
  if (simulate) {
    // What apt-get would do: `Inst <package>` lines, or that a package is already there.
    for (const line of r.output.split('\n')) if (/^Inst |is already the newest version/.test(line)) process.stdout.write(`apt-get -s: ${line.trim()}\n`);
    return 0;
  }
  const after = plan({ scope });
  if (after.missing.length > 0) {
    for (const line of after.report) process.stderr.write(`prerequisites: still ${line}\n`);
    return 2;
  }
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  process.exitCode = main();
}
