/**
 * Test harness for the privilege split: a PATH with no way to elevate, and a stand-in `pkexec`.
 *
 * The stand-in runs its arguments as root and exits with their exit code, as polkit's pkexec does (the real one
 * needs the polkit daemon and an authentication agent). A process of uid 65534 cannot become root by itself, so the
 * stand-in hands its arguments to this test process (root) through a spool folder, and this process runs them.
 * Only the helper's own command line is run: anything else is refused with exit 127, as pkexec refuses what it
 * may not run.
 */

import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, promises as fs, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { LoopDrives } from '../core/copy/loopDrives';
import { writeSession } from '../../src/core/session/sessionFile';
import { sessionFixture } from './session';
import { stageForDrives } from './staging';

export const nobody = 65534;

export interface ElevationHarness {
  /** Every executable of this machine except pkexec and sudo: a PATH with no way to elevate. */
  plainBin: string;
  /** Holds only the stand-in `pkexec`: put it first on PATH. */
  fakeBin: string;
  /** What the stand-in was asked to run, with the exit code once it ended. */
  requests: Array<{ argv: string[]; code: number | null }>;
  stop(): void;
}

export async function elevationHarness(dir: string, allowed: (argv: string[]) => boolean): Promise<ElevationHarness> {
  const plainBin = path.join(dir, 'plain-bin');
  await fs.mkdir(plainBin, { recursive: true });
  for (const d of ['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin']) {
    if (!existsSync(d)) continue;
    for (const n of readdirSync(d)) {
      if (n === 'pkexec' || n === 'sudo' || existsSync(path.join(plainBin, n))) continue;
      await fs.symlink(path.join(d, n), path.join(plainBin, n));
    }
  }
  const spool = path.join(dir, 'spool');
  await fs.mkdir(spool, { mode: 0o700 });
  await fs.chown(spool, nobody, nobody);
  const fakeBin = path.join(dir, 'fake-bin');
  await fs.mkdir(fakeBin);
  await fs.writeFile(
    path.join(fakeBin, 'pkexec'),
    `#!/bin/sh
# Stand-in for polkit's pkexec: runs "$@" as root (through the test) and exits with its exit code.
spool='${spool}'
printf '%s\\0' "$@" > "$spool/req.$$.tmp" && mv "$spool/req.$$.tmp" "$spool/req.$$"
while [ ! -f "$spool/res.$$" ]; do sleep 0.1; done
code=$(cat "$spool/res.$$"); rm -f "$spool/res.$$"
exit "$code"
`,
    { mode: 0o755 },
  );
  const requests: ElevationHarness['requests'] = [];
  const running = new Set<ChildProcess>();
  const answer = (pid: string, code: number) => {
    const res = path.join(spool, `res.${pid}`);
    writeFileSync(`${res}.tmp`, String(code));
    renameSync(`${res}.tmp`, res);
  };
  const serve = () => {
    for (const name of readdirSync(spool)) {
      const m = /^req\.(\d+)$/.exec(name);
      if (!m) continue;
      const file = path.join(spool, name);
      const argv = readFileSync(file, 'utf8').split('\0').slice(0, -1);
      rmSync(file);
      const entry = { argv, code: null as number | null };
      requests.push(entry);
      if (!allowed(argv)) {
        entry.code = 127;
        answer(m[1]!, 127);
        continue;
      }
      const child = spawn(argv[0]!, argv.slice(1), { stdio: 'ignore' });
      running.add(child);
      child.on('exit', (code) => {
        running.delete(child);
        entry.code = code;
        answer(m[1]!, code ?? 1);
      });
    }
  };
  const timer = setInterval(serve, 100);
  return {
    plainBin,
    fakeBin,
    requests,
    stop() {
      clearInterval(timer);
      for (const c of running) c.kill();
    },
  };
}

/** Every file and folder under `dir` with an owner other than `uid`. */
export function notOwnedBy(dir: string, uid: number): string[] {
  const out: string[] = [];
  const walk = (p: string) => {
    const st = statSync(p);
    if (st.uid !== uid) out.push(p);
    if (st.isDirectory()) for (const n of readdirSync(p)) walk(path.join(p, n));
  };
  walk(dir);
  return out;
}

/** The command line's bundle: a process of uid 65534 runs it as built (it cannot rebuild out/ as bin/offline-seed may). */
export const cliBundle = path.resolve('out/cli/index.mjs');

/** setpriv's arguments that run the command line with `args` as uid 65534, in no group. */
export function asNobody(args: string[]): string[] {
  return ['--reuid', String(nobody), '--regid', String(nobody), '--clear-groups', '--', process.execPath, cliBundle, ...args];
}

/** That command's environment: `pathDirs` as its PATH, its home and data folder in `<dir>/home`, English. */
export function nobodyEnv(dir: string, pathDirs: string[], extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { PATH: pathDirs.join(':'), HOME: path.join(dir, 'home'), OFFLINE_SEED_CLOUD: '', OFFLINE_SEED_LANG: 'en', OFFLINE_SEED_DATA_DIR: path.join(dir, 'home', 'data'), ...extra };
}

/**
 * What a test of the command run as uid 65534 needs (root only): a folder for loop drives that user can reach, its
 * home and data folder in `home/`, the command freshly built (as root: that user cannot rebuild out/), and the
 * stand-in pkexec that runs the elevated helper and nothing else.
 */
export async function unelevatedWorkplace(): Promise<{ loops: LoopDrives; harness: ElevationHarness }> {
  execFileSync(process.execPath, ['bin/offline-seed', '--version'], { stdio: 'ignore' });
  const loops = await LoopDrives.create();
  await fs.chmod(loops.dir, 0o755);
  await fs.mkdir(path.join(loops.dir, 'home', 'data'), { recursive: true });
  execFileSync('chown', ['-R', `${nobody}:${nobody}`, path.join(loops.dir, 'home')]);
  const harness = await elevationHarness(path.join(loops.dir, 'elevation'), (argv) => [process.execPath, cliBundle, '--elevated-helper'].every((a, i) => argv[i] === a));
  return { loops, harness };
}

/** A staging location in `<loops.dir>/<name>` (packs of `packMiB`) with its session, all of it uid 65534's; its files. */
export async function stagingOfNobody(loops: LoopDrives, name: string, packMiB: number[]): Promise<{ dir: string; files: Array<{ relPath: string; size: number }> }> {
  const dir = path.join(loops.dir, name);
  const files = await stageForDrives(dir, packMiB);
  await writeSession(dir, sessionFixture({ cloud: path.join(loops.dir, 'cloud.json'), sources: [{ path: path.join(loops.dir, 'source'), name: 'source' }] }));
  execFileSync('chown', ['-R', `${nobody}:${nobody}`, dir]);
  return { dir, files };
}
