/**
 * `npm run bench:stage`: Offline Seed's staging, restore and staging check against named baselines, measured
 * in one run as whole processes (the compiled `offline-seed` command), ours and the baseline alternating,
 * median of BENCH_RUNS (3) runs, peak RSS of each run from GNU time (for a pipeline: its largest process).
 *
 *   - a mixed tree of BENCH_GIB GiB (generated text, binaries and system text, random "media", duplicated
 *     files) against `tar -cf - | zstd -T0 -3` and `restic backup`, then the same at twice the data (memory flat);
 *   - /usr/share/doc (many small files) against tar | zstd;
 *   - 200,000 files of 1 KiB in 200 folders against tar | zstd and restic;
 *   - restore of the mixed tree against `zstd -d | tar -x`; the staging check against `sha256sum` of the packs;
 *   - zstd levels 1–3 on the mixed tree (stored size against time), and 10 million synthetic chunk ids through
 *     the chunk index and the index writer (time and memory for planning a 10 TB seed).
 *
 * Page caches are warm for every run (all tools read the same cached files). The load average of the shared
 * machine is printed with every row: other work on the 2 cores slows every figure.
 *
 *   - the command's start: `offline-seed --version` (and with `--lang en`, which loads the whole bundle) against
 *     `node -e 0`, median of at least 10 runs.
 *
 * Env: BENCH_GIB (2), BENCH_RUNS (3), BENCH_DIR (os.tmpdir()), BENCH_ONLY (comma list of: start,mixed,double,doc,
 * small,restore,check,levels,synthetic), BENCH_KEEP=1 keeps the data.
 */

import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { checkBaselines } from './baselines';

const MiB = 1024 * 1024;
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const runs = Number(process.env.BENCH_RUNS ?? 3);
const gib = Number(process.env.BENCH_GIB ?? 2);
const only = process.env.BENCH_ONLY ? new Set(process.env.BENCH_ONLY.split(',')) : null;
const want = (row: string) => !only || only.has(row);
const sub = '8f0c2f1e-7d2b-4b3a-9c1d-2e3f4a5b6c7d';

interface Run {
  seconds: number;
  rssMiB: number;
}

/** Runs a command under GNU time: wall seconds and peak RSS (KiB → MiB) of the command (or its largest child). */
function timed(cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env): Run {
  const r = spawnSync('/usr/bin/time', ['-f', '@@%e %M', cmd, ...args], { env, encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 64 * MiB });
  const m = /@@([\d.]+) (\d+)\s*$/.exec(r.stderr);
  if (r.status !== 0 || !m) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}): ${r.stderr.slice(-800)}`);
  return { seconds: Number(m[1]), rssMiB: Number(m[2]) / 1024 };
}

const shell = (script: string, env?: NodeJS.ProcessEnv) => timed('sh', ['-c', script], env);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const load = () => os.loadavg()[0]!.toFixed(2);
const du = (p: string) => Number(execFileSync('du', ['-sb', p], { encoding: 'utf8' }).split('\t')[0]);
const rmrf = (p: string) => spawnSync('rm', ['-rf', p]);
const warm = (dir: string) => spawnSync('sh', ['-c', `find "${dir}" -type f -print0 | xargs -0 cat > /dev/null`]);

/**
 * The command under test, as a user runs it: `offline-seed` itself (compiled bundle; `npm install` built it), so
 * the V8 flags of its first line apply (bin/offline-seed), as they do through npm's command shims.
 */
function ours(args: string[]): Run {
  return timed(path.join(root, 'bin', 'offline-seed'), args, { ...process.env, OFFLINE_SEED_LANG: 'en' });
}

const stageArgs = (source: string, staging: string) => [
  'stage',
  '--source',
  source,
  `s:${staging}`,
  '--job',
  'bench-job',
  '--subscription',
  sub,
  '--resource-group',
  'bench-rg',
  '--storage-account',
  'benchstore01',
  '--container',
  'bench',
  '--json',
];

// ---------------------------------------------------------------- data

/** Deterministic pseudo-English log text. */
function textBlock(seed: number, bytes: number): Buffer {
  const words = ['staging', 'azure', 'backup', 'offline', 'seed', 'drive', 'import', 'export', 'job', 'chunk', 'pack', 'index', 'the', 'a', 'of', 'and', 'to', 'in', 'is', 'recovery', 'vault', 'server', 'policy', 'retention', 'snapshot', 'volume', 'error', 'warning', 'info', 'debug'];
  let x = seed >>> 0 || 1;
  const parts: string[] = [];
  let n = 0;
  while (n < bytes) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    const line = `${new Date(1_700_000_000_000 + (x % 10_000_000) * 1000).toISOString()} ${words[x % words.length]} ${words[(x >>> 5) % words.length]} ${words[(x >>> 10) % words.length]} id=${x.toString(16)} value=${x % 9973}\n`;
    parts.push(line);
    n += line.length;
  }
  return Buffer.from(parts.join('')).subarray(0, bytes);
}

async function* systemFiles(dirs: string[]): AsyncGenerator<string> {
  for (const d of dirs) {
    const stack = [d];
    while (stack.length) {
      const cur = stack.pop()!;
      const ents = await fs.readdir(cur, { withFileTypes: true }).catch(() => []);
      for (const e of ents.sort((a, b) => a.name.localeCompare(b.name))) {
        const p = path.join(cur, e.name);
        if (e.isDirectory()) stack.push(p);
        else if (e.isFile()) yield p;
      }
    }
  }
}

/** Copies system files (libraries, programs, docs) until `bytes` are copied. */
async function copySystem(dirs: string[], to: string, bytes: number): Promise<number> {
  let n = 0;
  let i = 0;
  for await (const f of systemFiles(dirs)) {
    if (n >= bytes) break;
    const st = await fs.stat(f).catch(() => null);
    if (!st || st.size === 0 || st.size > 64 * MiB) continue;
    const dst = path.join(to, String(Math.floor(i / 200)), `${i}-${path.basename(f)}`);
    i++;
    await fs.mkdir(path.dirname(dst), { recursive: true });
    await fs.copyFile(f, dst);
    n += st.size;
  }
  return n;
}

/** A mixed tree of about `g` GiB; `variant` changes every generated byte. */
async function mixedTree(dir: string, g: number, variant: number): Promise<void> {
  const total = g * 1024 * MiB;
  let n = await copySystem(['/usr/lib/x86_64-linux-gnu', '/usr/bin', '/usr/lib/gcc'], path.join(dir, 'binaries'), total * 0.3);
  n += await copySystem(['/usr/share/doc', '/usr/lib/python3', '/usr/share/locale', '/usr/share/man', '/usr/share/perl', '/usr/lib/python3.11'], path.join(dir, 'system-text'), total * 0.15);
  await fs.mkdir(path.join(dir, 'logs'), { recursive: true });
  for (let i = 0; n < total * 0.7; i++) {
    const size = 4 * MiB + ((i * 7919) % (12 * MiB));
    await fs.writeFile(path.join(dir, 'logs', `log-${variant}-${i}.txt`), textBlock(variant * 100_000 + i + 1, size));
    n += size;
  }
  await fs.mkdir(path.join(dir, 'media'), { recursive: true });
  for (let i = 0; n < total * 0.88; i++) {
    await fs.writeFile(path.join(dir, 'media', `video-${variant}-${i}.mp4`), randomBytes(16 * MiB));
    n += 16 * MiB;
  }
  // Duplicates: copies of earlier files (a second backup set of the same machine).
  await fs.mkdir(path.join(dir, 'copy-of-logs'), { recursive: true });
  for (const name of (await fs.readdir(path.join(dir, 'logs'))).sort()) {
    if (n >= total) break;
    const src = path.join(dir, 'logs', name);
    await fs.copyFile(src, path.join(dir, 'copy-of-logs', name));
    n += (await fs.stat(src)).size;
  }
}

/** 200,000 distinct files of 1 KiB in 200 folders. */
async function smallTree(dir: string): Promise<void> {
  const words = ['staging', 'azure', 'backup', 'offline', 'seed', 'drive', 'import', 'export', 'job', 'chunk', 'pack', 'index'];
  let x = 12345;
  for (let d = 0; d < 200; d++) {
    const folder = path.join(dir, `dir${String(d).padStart(3, '0')}`);
    await fs.mkdir(folder, { recursive: true });
    for (let f = 0; f < 1000; f++) {
      const parts = [`file ${d * 1000 + f} of the generated tree\n`];
      while (parts.join(' ').length < 1024) {
        x = (Math.imul(x, 1103515245) + 12345) >>> 0;
        parts.push(words[x % words.length]!);
      }
      await fs.writeFile(path.join(folder, `f${String(f).padStart(4, '0')}.txt`), parts.join(' ').slice(0, 1024));
    }
  }
}

async function countFiles(dir: string): Promise<{ files: number; bytes: number }> {
  let files = 0;
  let bytes = 0;
  for await (const f of systemFiles([dir])) {
    files++;
    bytes += (await fs.stat(f)).size;
  }
  return { files, bytes };
}

// ---------------------------------------------------------------- rows

interface Row {
  case: string;
  ours: string;
  anchor: string;
  ratio: string;
  goal: string;
  load: string;
}
const rows: Row[] = [];
const fmt = (r: { seconds: number; rssMiB: number }, extra = '') => `${r.seconds.toFixed(2)} s${extra}, ${r.rssMiB.toFixed(0)} MiB RSS`;
const sizeMiB = (b: number) => `${(b / MiB).toFixed(0)} MiB`;

function summarize(rs: Run[]): Run {
  return { seconds: median(rs.map((r) => r.seconds)), rssMiB: Math.max(...rs.map((r) => r.rssMiB)) };
}

/** Ours then the anchor, `runs` times, alternating; returns medians (peak RSS: the highest of the runs). */
function alternate(oursRun: (i: number) => Run, anchorRun: (i: number) => Run): { ours: Run; anchor: Run; loadBefore: string } {
  const loadBefore = load();
  const a: Run[] = [];
  const b: Run[] = [];
  for (let i = 0; i < runs; i++) {
    a.push(oursRun(i));
    b.push(anchorRun(i));
  }
  return { ours: summarize(a), anchor: summarize(b), loadBefore };
}

function print(): void {
  const head = ['case', 'Offline Seed', 'anchor', 'ratio', 'goal', 'load'];
  const lines = [head, ['---', '---', '---', '---', '---', '---'], ...rows.map((r) => [r.case, r.ours, r.anchor, r.ratio, r.goal, r.load])];
  console.log('\n' + lines.map((l) => `| ${l.join(' | ')} |`).join('\n'));
}

/** Stages `data` with our command, `tar | zstd` and (optionally) restic; adds the rows. */
function stageRows(work: string, data: string, label: string, files: number, withRestic: boolean, goals: { tar: string; restic?: string; tarGoal?: number; resticGoal?: number }): { staging: string } {
  const staging = path.join(work, `${label}-staging`);
  const tarOut = path.join(work, `${label}.tar.zst`);
  let oursBytes = 0;
  let tarBytes = 0;
  const t = alternate(
    () => {
      rmrf(staging);
      const r = ours(stageArgs(data, staging));
      oursBytes = du(path.join(staging, 'packs')) + du(path.join(staging, 'index'));
      return r;
    },
    () => {
      rmrf(tarOut);
      const r = shell(`tar -cf - -C "${data}" . | zstd -q -T0 -3 -o "${tarOut}"`);
      tarBytes = (spawnSync('stat', ['-c', '%s', tarOut], { encoding: 'utf8' }).stdout.trim() as unknown as number) * 1;
      return r;
    },
  );
  const ratio = t.anchor.seconds / t.ours.seconds;
  rows.push({
    case: `stage ${label} (${files.toLocaleString('en')} files)`,
    ours: fmt(t.ours, `, ${sizeMiB(oursBytes)} out`),
    anchor: `tar -cf - \\| zstd -T0 -3: ${fmt(t.anchor, `, ${sizeMiB(tarBytes)} out`)}`,
    ratio: `${ratio.toFixed(2)}× throughput${goals.tarGoal !== undefined ? (ratio >= goals.tarGoal ? ' ✓' : ' ✗') : ''}`,
    goal: goals.tar,
    load: t.loadBefore,
  });
  if (withRestic) {
    const repo = path.join(work, `${label}-restic`);
    const env = { ...process.env, RESTIC_PASSWORD: 'bench', RESTIC_REPOSITORY: repo, RESTIC_CACHE_DIR: path.join(work, 'restic-cache') };
    let repoBytes = 0;
    const r = alternate(
      () => {
        rmrf(staging);
        return ours(stageArgs(data, staging));
      },
      () => {
        rmrf(repo);
        rmrf(path.join(work, 'restic-cache'));
        execFileSync('restic', ['init', '-q'], { env, stdio: 'ignore' });
        const run = timed('restic', ['backup', '-q', data], env);
        repoBytes = du(repo);
        return run;
      },
    );
    const rr = r.anchor.seconds / r.ours.seconds;
    rows.push({
      case: `stage ${label}`,
      ours: fmt(r.ours),
      anchor: `restic backup: ${fmt(r.anchor, `, ${sizeMiB(repoBytes)} repo`)}`,
      ratio: `${rr.toFixed(2)}× throughput${goals.resticGoal !== undefined ? (rr >= goals.resticGoal ? ' ✓' : ' ✗') : ''}`,
      goal: goals.restic ?? '',
      load: r.loadBefore,
    });
    rmrf(repo);
  }
  rmrf(tarOut);
  return { staging };
}

// ---------------------------------------------------------------- in-process helpers (levels, synthetic)

/** Bundles a helper so it runs as plain Node (no TypeScript loader in the measured process). */
async function bundle(entry: string, name: string): Promise<string> {
  const out = path.join(root, 'node_modules', '.cache', 'offline-seed-bench', `${name}.mjs`);
  await build({ entryPoints: [path.join(root, 'bench', entry)], outfile: out, bundle: true, platform: 'node', format: 'esm', packages: 'external', logLevel: 'warning' });
  return out;
}

async function main(): Promise<void> {
  checkBaselines();
  const base = process.env.BENCH_DIR ?? os.tmpdir();
  const work = await fs.mkdtemp(path.join(base, 'bench-stage-'));
  console.log(`bench:stage in ${work}: ${runs} runs per row, load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')} on ${os.availableParallelism()} cores`);
  // The command as users get it: make sure the compiled bundle is current.
  execFileSync(process.execPath, [path.join(root, 'bin', 'offline-seed'), '--version'], { stdio: 'ignore' });
  try {
    if (want('start')) {
      console.log('start-up …');
      const n = Math.max(runs, 10);
      const version: Run[] = [];
      const bundle: Run[] = [];
      const node: Run[] = [];
      for (let i = 0; i < n; i++) {
        version.push(ours(['--version']));
        bundle.push(ours(['--lang', 'en', '--version']));
        node.push(timed(process.execPath, ['-e', '0']));
      }
      const v = summarize(version);
      const b = summarize(bundle);
      const z = summarize(node);
      rows.push({
        case: `start: offline-seed --version (median of ${n})`,
        ours: `${fmt(v)}; with --lang en (loads the bundle): ${fmt(b)}`,
        anchor: `node -e 0: ${fmt(z)}`,
        ratio: `${(v.seconds - z.seconds).toFixed(2)} s over node${v.seconds <= 0.15 ? ' ✓' : ' ✗'}`,
        goal: '≤ 0.15 s',
        load: load(),
      });
    }
    const mixed = path.join(work, 'mixed');
    let mixedStaging = '';
    if (want('mixed') || want('double') || want('restore') || want('check') || want('levels')) {
      console.log(`generating ${gib} GiB of mixed data …`);
      await mixedTree(mixed, gib, 1);
      warm(mixed);
    }
    if (want('mixed') || want('restore') || want('check')) {
      const n = await countFiles(mixed);
      console.log(`stage the ${gib} GiB tree …`);
      mixedStaging = stageRows(work, mixed, `${gib} GiB mixed tree`, n.files, want('mixed'), {
        tar: '≥ 1.0×',
        tarGoal: 1.0,
        restic: '≥ 1.5×',
        resticGoal: 1.5,
      }).staging;
      if (!(await fs.stat(path.join(mixedStaging, 'index')).catch(() => null))) ours(stageArgs(mixed, mixedStaging));
    }
    if (want('restore')) {
      console.log('restore …');
      const tarOut = path.join(work, 'mixed.tar.zst');
      shell(`tar -cf - -C "${mixed}" . | zstd -q -T0 -3 -o "${tarOut}"`);
      const out = path.join(work, 'restored');
      const t = alternate(
        () => {
          rmrf(out);
          return ours(['restore', '--from', `s:${mixedStaging}`, '--to', out, '--json']);
        },
        () => {
          rmrf(out);
          spawnSync('mkdir', ['-p', out]);
          return shell(`zstd -q -d -c "${tarOut}" | tar -xf - -C "${out}"`);
        },
      );
      rows.push({
        case: `restore the ${gib} GiB tree`,
        ours: fmt(t.ours),
        anchor: `zstd -d \\| tar -x: ${fmt(t.anchor)}`,
        ratio: `${(t.anchor.seconds / t.ours.seconds).toFixed(2)}× throughput`,
        goal: 'reported',
        load: t.loadBefore,
      });
      rmrf(out);
      rmrf(tarOut);
    }
    if (want('check')) {
      console.log('staging check …');
      const checker = await bundle('stageCheck.ts', 'stageCheck');
      const t = alternate(
        () => timed(process.execPath, [checker, mixedStaging]),
        () => shell(`sha256sum "${mixedStaging}"/packs/*.osp "${mixedStaging}"/index/*.osi > /dev/null`),
      );
      rows.push({
        case: `check the staging of the ${gib} GiB tree (before shipping)`,
        ours: fmt(t.ours),
        anchor: `sha256sum of packs and index: ${fmt(t.anchor)}`,
        ratio: `${(t.anchor.seconds / t.ours.seconds).toFixed(2)}× throughput`,
        goal: 'one sequential read',
        load: t.loadBefore,
      });
    }
    if (want('levels')) {
      console.log('zstd levels …');
      const runner = await bundle('stageLevel.ts', 'stageLevel');
      const out: string[] = [];
      for (const level of [1, 2, 3]) {
        const staging = path.join(work, `level-${level}`);
        const times: Run[] = [];
        let stored = 0;
        for (let i = 0; i < runs; i++) {
          rmrf(staging);
          times.push(timed(process.execPath, [runner, mixed, staging, String(level)]));
          stored = du(path.join(staging, 'packs'));
        }
        rmrf(staging);
        const m = summarize(times);
        out.push(`level ${level}: ${m.seconds.toFixed(2)} s, ${sizeMiB(stored)}`);
      }
      rows.push({ case: `zstd level on the ${gib} GiB tree (time, stored)`, ours: out.join('; '), anchor: '', ratio: '', goal: 'choose by measurement', load: load() });
    }
    if (want('double')) {
      console.log(`twice the data (${2 * gib} GiB) …`);
      const double = path.join(work, 'double');
      await fs.mkdir(double);
      await fs.rename(mixed, path.join(double, 'set-1'));
      await mixedTree(path.join(double, 'set-2'), gib, 2);
      warm(double);
      const n = await countFiles(double);
      stageRows(work, double, `${2 * gib} GiB mixed tree (2×)`, n.files, false, { tar: 'RSS ≤ 128 MiB, flat from 1× to 2×' });
      await fs.rename(path.join(double, 'set-1'), mixed);
      rmrf(double);
    }
    if (!process.env.BENCH_KEEP) rmrf(mixed);
    if (want('doc')) {
      console.log('/usr/share/doc …');
      warm('/usr/share/doc');
      const n = await countFiles('/usr/share/doc');
      stageRows(work, '/usr/share/doc', `/usr/share/doc (${sizeMiB(n.bytes)})`, n.files, false, { tar: '≥ 0.5×', tarGoal: 0.5 });
    }
    if (want('small')) {
      console.log('200,000 small files …');
      const small = path.join(work, 'small');
      await smallTree(small);
      warm(small);
      stageRows(work, small, '200,000 × 1 KiB in 200 folders', 200_000, true, { tar: 'reported', restic: '≥ 1.5×, RSS ≤ 128 MiB', resticGoal: 1.5 });
      rmrf(small);
    }
    if (want('synthetic')) {
      console.log('10 million synthetic chunk ids …');
      const synth = await bundle('stageSynthetic.ts', 'stageSynthetic');
      const dir = path.join(work, 'synthetic');
      const r = timed(process.execPath, [synth, dir, String(10_000_000)]);
      const detail = (await fs.readFile(path.join(dir, 'result.json'), 'utf8').catch(() => '{}')) as string;
      rows.push({ case: '10 million chunk ids through the chunk index and index writer (no data)', ours: `${fmt(r)} ${detail.trim()}`, anchor: '', ratio: '', goal: 'RSS ≤ 256 MiB', load: load() });
      rmrf(dir);
    }
  } finally {
    print();
    console.log(`\nload average at the end: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
    if (!process.env.BENCH_KEEP) rmrf(work);
  }
}

await main();
