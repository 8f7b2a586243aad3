/** The offline-seed command itself: help, version, languages, usage errors and exit codes, run as a real process. */

import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from '../../src/cli/args';

function run(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, ['bin/offline-seed', ...args], {
    encoding: 'utf8',
    env: { ...process.env, LANG: 'C', LC_ALL: '', OFFLINE_SEED_LANG: '', ...env },
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('offline-seed', () => {
  it('answers --help with the usage and exit code 0', () => {
    const r = run(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('offline-seed [--cloud <cloud>] [--json] [--lang <lang>] <command>');
    expect(r.stdout).toContain('Global options:');
  });

  it('prints its version, also as JSON', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
    expect(run(['--version']).stdout.trim()).toBe(`offline-seed ${pkg.version}`);
    expect(JSON.parse(run(['--json', '--version']).stdout)).toEqual({ name: 'offline-seed', version: pkg.version });
  });

  it('runs as a command through its first line (env -S with the V8 heap flags), as npm\'s shims run it', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
    const first = readFileSync('bin/offline-seed', 'utf8').split('\n')[0] ?? '';
    expect(first).toBe('#!/usr/bin/env -S node --max-semi-space-size=1 --interrupt-budget=540672');
    const direct = spawnSync('bin/offline-seed', ['--version'], { encoding: 'utf8', timeout: 60_000 });
    expect(direct.status, direct.stderr).toBe(0);
    expect(direct.stdout.trim()).toBe(`offline-seed ${pkg.version}`);
    // The same flags, given to this Node: the young generation is bounded (1 MiB semi-spaces, 2 MiB in all; V8's
    // default grows to 32 MiB), which is what the flags are for.
    const flags = first.replace('#!/usr/bin/env -S node ', '').split(' ');
    const probe = spawnSync(process.execPath, [...flags, '-e', "const v8 = require('v8'); const a = []; for (let i = 0; i < 2e6; i++) a.push({ i }); console.log(v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_size)"], { encoding: 'utf8', timeout: 60_000 });
    expect(probe.status, probe.stderr).toBe(0);
    expect(Number(probe.stdout)).toBeLessThanOrEqual(2 * 1024 * 1024);
  });

  it('speaks the language of --lang and of the environment', () => {
    expect(run(['--lang', 'de', '--help']).stdout).toContain('Globale Optionen:');
    expect(run(['--help'], { LANG: 'it_IT.UTF-8' }).stdout).toContain('Opzioni globali:');
  });

  it('reads its sentences from out/cli/locales, not from its JavaScript, and zod brings only English', () => {
    // scripts/build.mjs: the catalogs are read on first use (all six languages compiled at every start cost ~40 ms
    // and ~7 MiB of heap), and zod's own messages in ~60 languages are left out (nothing shows them).
    const chunks = readdirSync('out/cli').filter((f) => f.endsWith('.mjs'));
    const code = chunks.map((f) => readFileSync(path.join('out/cli', f), 'utf8')).join('\n');
    expect(code).not.toContain('Globale Optionen:');
    expect(code).not.toContain('Opzioni globali:');
    expect(code).not.toMatch(/node_modules\/zod\/v4\/locales\/(?!en\.js)/);
    expect(readFileSync('out/cli/locales/de/cli.json', 'utf8')).toContain('Globale Optionen:');
  });

  it('loads no XML parser to stage a folder: it is needed only for p:<publishsettings>', () => {
    // The packages `stage` loads at its start: what index.mjs and the stage chunk import, and what those import.
    const dir = 'out/cli';
    const stageChunk = readdirSync(dir).find((f) => /^stage-.*\.mjs$/.test(f));
    expect(stageChunk).toBeDefined();
    const packages = new Set<string>();
    const seen = new Set<string>();
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      const code = readFileSync(path.join(dir, file), 'utf8');
      for (const m of code.matchAll(/^(?:import|export)\s[^;]*?from\s*"([^"]+)"|^import\s+"([^"]+)"/gm)) {
        const spec = (m[1] ?? m[2])!;
        if (spec.startsWith('./')) visit(spec.slice(2));
        else packages.add(spec);
      }
    };
    visit('index.mjs');
    visit(stageChunk!);
    expect(packages.has('node:fs')).toBe(true);
    expect(packages.has('fast-xml-parser')).toBe(false);
  });

  it('refuses an unknown command with one sentence and exit code 2', () => {
    const r = run(['frobnicate']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('Unknown command “frobnicate”. Run offline-seed --help');
    const fr = run(['--lang', 'fr', 'frobnicate']);
    expect(fr.stderr).toContain('Commande inconnue « frobnicate »');
  });

  it('refuses an unknown language and an unknown global option', () => {
    const r = run(['--lang', 'xx', '--help']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('The language “xx” is not available');
    const o = run(['--frob']);
    expect(o.code).toBe(2);
    expect(o.stderr).toContain('Unknown option --frob');
  });

  it('in --json mode reports errors as JSON on stdout too', () => {
    const r = run(['--json', 'frobnicate']);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout)).toMatchObject({ error: { code: 'cli:errors.unknownCommand' } });
  });
});

describe('parseArgs', () => {
  const specs = { source: { type: 'string', multiple: true }, yes: { type: 'boolean' }, job: { type: 'string' } } as const;

  it('reads flags, repeated flags and DiskPrep-style key tokens (keys case-insensitive)', () => {
    const a = parseArgs(['s:C:\\staging', '--source', '/a', '--source=/b', 'P:my.publishsettings', '--yes', 'u:', '--job', 'j1'], specs, {
      keyTokens: ['s', 'p', 'u'],
    });
    expect(a.keys).toEqual({ s: 'C:\\staging', p: 'my.publishsettings', u: '' });
    expect(a.flags).toEqual({ source: ['/a', '/b'], yes: true, job: 'j1' });
  });

  it('keeps tokens that are not declared keys as positional', () => {
    const a = parseArgs(['CreateNewApplication', 'SubscriptionId:abc', 'x:y'], {}, { keyTokens: ['subscriptionid'] });
    expect(a.keys).toEqual({ subscriptionid: 'abc' });
    expect(a.positional).toEqual(['CreateNewApplication', 'x:y']);
  });

  it('refuses unknown, valueless, doubled and misused flags with exit code 2', () => {
    for (const argv of [['--nope'], ['--job'], ['--job', 'a', '--job', 'b'], ['--yes=1'], ['s:a', 's:b']]) {
      try {
        parseArgs(argv, specs, { keyTokens: ['s'] });
        expect.unreachable(argv.join(' '));
      } catch (e) {
        expect((e as { exitCode: number }).exitCode).toBe(2);
      }
    }
  });
});
