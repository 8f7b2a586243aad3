/**
 * `offline-seed stage` and `restore` as real processes: every invalid input (exit 2, one sentence each, nothing
 * written), a missing source, SIGKILL at several points then resume, unreadable files, and ENOSPC on a small tmpfs.
 */

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { promises as fs, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describeTree } from '../core/staging/tree';

const sub = '8f0c2f1e-7d2b-4b3a-9c1d-2e3f4a5b6c7d';
let tmp: string;
const mounts: string[] = [];
const children = new Set<ReturnType<typeof spawn>>();

function env(extra: Record<string, string> = {}) {
  return { ...process.env, LANG: 'C', LC_ALL: '', OFFLINE_SEED_LANG: '', OFFLINE_SEED_CLOUD: '', ...extra };
}

function cli(args: string[], extra: Record<string, string> = {}, prefix: string[] = []) {
  const cmd = prefix.length ? prefix[0]! : process.execPath;
  const r = spawnSync(cmd, [...prefix.slice(1), ...(prefix.length ? [process.execPath] : []), 'bin/offline-seed', ...args], { encoding: 'utf8', env: env(extra), timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function stageArgs(sources: string[], staging: string, over: Record<string, string> = {}): string[] {
  const flags: Record<string, string> = {
    '--job': 'seed-job-1',
    '--subscription': sub,
    '--resource-group': 'backup-rg',
    '--storage-account': 'seedstore01',
    '--container': 'seed-container',
    '--pack-size': '1MiB',
    ...over,
  };
  return ['stage', ...sources.flatMap((s) => ['--source', s]), `s:${staging}`, ...Object.entries(flags).flatMap(([k, v]) => (v === '' ? [] : [k, v]))];
}

async function sha(file: string) {
  return createHash('sha256').update(await fs.readFile(file)).digest('hex');
}

beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'os-stage-cli-'));
  await fs.chmod(tmp, 0o755);
});
afterAll(async () => {
  for (const c of children) c.kill('SIGKILL');
  for (const m of mounts) spawnSync('umount', ['-l', m]);
  await fs.rm(tmp, { recursive: true, force: true });
});

describe('offline-seed stage: invalid input', () => {
  it('answers every invalid input with one sentence per problem, exit code 2, and writes nothing', async () => {
    const src = path.join(tmp, 'inv', 'data');
    await fs.mkdir(src, { recursive: true });
    await fs.writeFile(path.join(src, 'a.txt'), 'a');
    const staging = path.join(tmp, 'inv', 'staging');
    const ps = path.join(tmp, 'inv', 'bad.publishsettings');
    await fs.writeFile(ps, '<PublishData><PublishProfile');
    const twoSubs = path.join(tmp, 'inv', 'two.publishsettings');
    await fs.writeFile(
      twoSubs,
      `<PublishData><PublishProfile SchemaVersion="2.0" PublishMethod="AzureServiceManagementAPI" ManagementCertificate="SECRETCERTDATA"><Subscription ServiceManagementUrl="https://management.core.windows.net" Id="${sub}" Name="one"/><Subscription ServiceManagementUrl="https://management.core.windows.net" Id="1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d" Name="two"/></PublishProfile></PublishData>`,
    );
    const huge = path.join(tmp, 'inv', 'huge.publishsettings');
    await fs.writeFile(huge, '');
    await fs.truncate(huge, 150 * 1024 * 1024);
    const cases: Array<[string, string[], RegExp]> = [
      ['subscription', stageArgs([src], staging, { '--subscription': 'not-a-guid' }), /subscription ID “not-a-guid” is not a GUID/],
      ['storage account', stageArgs([src], staging, { '--storage-account': 'Bad_Account' }), /storage account name “Bad_Account” must be 3 to 24/],
      ['container', stageArgs([src], staging, { '--container': 'a--b' }), /container name “a--b”/],
      ['job name', stageArgs([src], staging, { '--job': 'Job1' }), /import job name “Job1”/],
      ['long job name', stageArgs([src], staging, { '--job': 'a'.repeat(200) }), /import job name is 200 characters long; Azure allows 2 to 64 characters/],
      ['job name with an escape sequence', stageArgs([src], staging, { '--job': 'job\u001b[2J' }), /import job name “job\\u\{1b\}\[2J”/],
      ['150 MB publish settings', [...stageArgs([src], staging), `p:${huge}`], /huge\.publishsettings” is larger than 4 MB/],
      ['resource group', stageArgs([src], staging, { '--resource-group': 'rg.' }), /resource group name “rg\.”/],
      ['pack size', stageArgs([src], staging, { '--pack-size': 'lots' }), /pack size “lots” is not a size/],
      ['pack size range', stageArgs([src], staging, { '--pack-size': '4KiB' }), /between 1 MiB and 64 GiB/],
      ['staging inside source', stageArgs([src], path.join(src, 'staging')), /is inside the source/],
      ['source inside staging', stageArgs([src], path.join(tmp, 'inv')), /is inside the staging location/],
      ['missing source', stageArgs([path.join(tmp, 'inv', 'nope')], staging), /source folder .*nope does not exist/],
      ['source is a file', stageArgs([path.join(src, 'a.txt')], staging), /is a file, not a folder/],
      ['same source name', stageArgs([src, path.join(tmp, 'inv', 'other', 'data')], staging), /both named “data”|does not exist/],
      ['missing flag', stageArgs([src], staging, { '--container': '' }), /missing\. Give it as --container NAME/],
      ['malformed publish settings', [...stageArgs([src], staging), `p:${ps}`], /is not a valid publish settings file/],
      ['several subscriptions', [...stageArgs([src], staging, { '--subscription': '' }), `p:${twoSubs}`], /lists 2 subscriptions\. Choose one with --subscription/],
    ];
    for (const [name, args, re] of cases) {
      const r = cli(args);
      expect({ name, code: r.code }).toEqual({ name, code: 2 });
      const lines = r.stderr.trim().split('\n');
      expect({ name, line: lines[0] }).toEqual({ name, line: expect.stringMatching(re) });
      // Every line looks like every other command's error.
      expect({ name, lines: lines.filter((l) => !l.startsWith('Error: ')) }).toEqual({ name, lines: [] });
      expect(r.stderr).not.toContain('SECRETCERTDATA');
      expect({ name, written: existsSync(staging) }).toEqual({ name, written: false });
    }
    // Several problems at once: one line each.
    const many = cli(stageArgs([src], staging, { '--subscription': 'x', '--container': 'A', '--pack-size': 'big' }));
    expect(many.code).toBe(2);
    expect(many.stderr.trim().split('\n')).toHaveLength(3);
    expect(many.stderr.trim().split('\n').every((l) => l.startsWith('Error: '))).toBe(true);
    // In French too, with the French prefix.
    const fr = cli(['--lang', 'fr', ...stageArgs([src], staging, { '--container': 'A' })]);
    expect(fr.stderr.trim()).toMatch(/^Erreur : Le nom du conteneur « A »/);
    expect(existsSync(staging)).toBe(false);
  }, 180_000); // 17 whole processes: slow when the shared machine is busy

  it('refuses a staging location that holds another job, leaving it untouched', async () => {
    const src = path.join(tmp, 'mm', 'data');
    await fs.mkdir(src, { recursive: true });
    await fs.writeFile(path.join(src, 'a.txt'), 'hello');
    const staging = path.join(tmp, 'mm', 'staging');
    expect(cli(stageArgs([src], staging)).code).toBe(0);
    const before = await fs.readFile(path.join(staging, 'offline-seed.json'), 'utf8');
    const r = cli(stageArgs([src], staging, { '--job': 'another-job' }));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/already holds the session of import job seed-job-1/);
    expect(await fs.readFile(path.join(staging, 'offline-seed.json'), 'utf8')).toBe(before);
    // The same command again is a no-op that says so.
    const again = cli(stageArgs([src], staging));
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/already staged/);
    const session = JSON.parse(before) as Record<string, unknown>;
    expect(session).toMatchObject({ state: 'staged', importJobName: 'seed-job-1', storageAccount: 'seedstore01', container: 'seed-container', subscriptionId: sub, cloud: 'AzureCloud' });
  });
});

describe('offline-seed restore: a target that cannot be a folder', () => {
  it('names the file in the way (the target itself or a parent), exits 2 and leaves the file alone', async () => {
    const src = path.join(tmp, 'rt', 'data');
    await fs.mkdir(src, { recursive: true });
    await fs.writeFile(path.join(src, 'a.txt'), 'hello');
    const staging = path.join(tmp, 'rt', 'staging');
    expect(cli(stageArgs([src], staging)).code).toBe(0);
    const file = path.join(tmp, 'rt', 'notes.txt');
    await fs.writeFile(file, 'keep me');
    const r = cli(['restore', '--from', `s:${staging}`, '--to', file]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe(`Error: ${file} is a file, not a folder, so nothing can be restored into ${file}. Give --to a folder that exists or can be created.`);
    const under = cli(['restore', '--from', `s:${staging}`, '--to', path.join(file, 'out')]);
    expect(under.code).toBe(2);
    expect(under.stderr.trim()).toBe(`Error: ${file} is a file, not a folder, so nothing can be restored into ${path.join(file, 'out')}. Give --to a folder that exists or can be created.`);
    expect(await fs.readFile(file, 'utf8')).toBe('keep me');
  });

  it('says when the folder cannot be created for lack of permission, run as an unprivileged user', { tags: 'root' }, async () => {
    const src = path.join(tmp, 'rd', 'data');
    await fs.mkdir(src, { recursive: true });
    await fs.writeFile(path.join(src, 'a.txt'), 'hello');
    const staging = path.join(tmp, 'rd', 'staging');
    expect(cli(stageArgs([src], staging)).code).toBe(0);
    await fs.chmod(path.join(tmp, 'rd'), 0o755);
    const locked = path.join(tmp, 'rd', 'locked');
    await fs.mkdir(locked, { mode: 0o555 });
    await fs.chmod(locked, 0o555);
    const asNobody = ['setpriv', '--reuid', '65534', '--regid', '65534', '--clear-groups'];
    // A data folder nobody may not create is named as such, not "something unexpected failed".
    const noData = cli(['restore', '--from', `s:${staging}`, '--to', path.join(tmp, 'rd', 'x')], { OFFLINE_SEED_DATA_DIR: path.join(tmp, 'rd', 'data-root-owned') }, asNobody);
    expect(noData.stderr.trim()).toBe(
      `Error: Offline Seed cannot create its data folder ${path.join(tmp, 'rd', 'data-root-owned')} (EACCES); set OFFLINE_SEED_DATA_DIR to a folder you can write to, or run as the user who owns that folder.`,
    );
    expect(noData.code).toBe(2);
    const dataDir = path.join(tmp, 'rd', 'nobody-data');
    await fs.mkdir(dataDir, { mode: 0o700 });
    await fs.chown(dataDir, 65534, 65534);
    const r = cli(['restore', '--from', `s:${staging}`, '--to', path.join(locked, 'out')], { OFFLINE_SEED_DATA_DIR: dataDir }, asNobody);
    expect(r.stderr.trim()).toBe(`Error: The folder ${path.join(locked, 'out')} cannot be created or written to (EACCES). Give --to a folder you can write to.`);
    expect(r.code).toBe(2);
  });
});

describe('offline-seed stage: resume after kill -9', () => {
  it('continues after SIGKILL at several points without rewriting finished packs, and restores identically', async () => {
    const src = path.join(tmp, 'kill', 'data');
    await fs.mkdir(path.join(src, 'sub'), { recursive: true });
    for (let i = 0; i < 9; i++) await fs.writeFile(path.join(src, `r${i}.bin`), randomBytes(1024 * 1024 + i * 1000));
    await fs.writeFile(path.join(src, 'sub', 'text.txt'), 'resume me\n'.repeat(300_000));
    await fs.symlink('sub/text.txt', path.join(src, 'link'));
    const staging = path.join(tmp, 'kill', 'staging');
    const seen = new Map<string, string>();
    // Kill points: right after the session appears, after 2 finished packs, after 5 with a pack half written.
    const points: Array<(packs: string[], partial: boolean) => boolean> = [
      () => existsSync(path.join(staging, 'offline-seed.json')),
      (p) => p.length >= 2,
      (p, partial) => p.length >= 5 && partial,
    ];
    for (const shouldKill of points) {
      const child = spawn(process.execPath, ['bin/offline-seed', ...stageArgs([src], staging)], { env: env({ OFFLINE_SEED_TEST_PACK_DELAY_MS: '120' }), stdio: 'ignore' });
      children.add(child);
      const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
      let killed = false;
      for (;;) {
        const packs = await fs.readdir(path.join(staging, 'packs')).catch(() => [] as string[]);
        const partial = (await fs.readdir(path.join(staging, '.work')).catch(() => [] as string[])).some((n) => n.endsWith('.partial'));
        if (shouldKill(packs, partial)) {
          child.kill('SIGKILL');
          killed = true;
          break;
        }
        if (child.exitCode !== null) break;
        await new Promise((r) => setTimeout(r, 5));
      }
      await exited;
      children.delete(child);
      expect(killed).toBe(true);
      // Finished packs are never rewritten.
      for (const [name, hash] of seen) expect(await sha(path.join(staging, 'packs', name))).toBe(hash);
      // A run killed right after the session appears may not have made packs/ yet: nothing finished then.
      const finished = await fs.readdir(path.join(staging, 'packs')).catch(() => [] as string[]);
      for (const name of finished) seen.set(name, await sha(path.join(staging, 'packs', name)));
      expect(existsSync(path.join(staging, 'index', 'index-000001.osi'))).toBe(false);
    }
    expect(seen.size).toBeGreaterThanOrEqual(5);
    const done = cli(stageArgs([src], staging));
    expect(done.code).toBe(0);
    for (const [name, hash] of seen) expect(await sha(path.join(staging, 'packs', name))).toBe(hash);
    const session = JSON.parse(await fs.readFile(path.join(staging, 'offline-seed.json'), 'utf8')) as { state: string };
    expect(session.state).toBe('staged');

    const out = path.join(tmp, 'kill', 'out');
    const r = cli(['restore', '--from', `s:${staging}`, '--to', out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/every chunk matched its hash/);
    const want = await describeTree(src);
    const got = await describeTree(path.join(out, 'data'));
    expect([...got.entries()]).toEqual([...want.entries()]);
  });
});

describe('offline-seed stage: files it cannot read', () => {
  it('fails on an unreadable file unless --skip-unreadable, run as an unprivileged user', { tags: 'root' }, async () => {
    const base = path.join(tmp, 'unr');
    const src = path.join(base, 'data');
    await fs.mkdir(src, { recursive: true });
    await fs.writeFile(path.join(src, 'ok.txt'), 'fine');
    await fs.writeFile(path.join(src, 'secret.txt'), 'no', { mode: 0o600 });
    await fs.chmod(path.join(src, 'secret.txt'), 0o000);
    await fs.chmod(base, 0o777);
    const asNobody = ['setpriv', '--reuid', '65534', '--regid', '65534', '--clear-groups'];
    const staging = path.join(base, 'staging');
    const r = cli(stageArgs([src], staging), { HOME: base }, asNobody);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n').pop()).toMatch(/cannot read .*secret\.txt \(EACCES\)\. .*--skip-unreadable/);
    const ok = cli([...stageArgs([src], staging), '--skip-unreadable'], { HOME: base }, asNobody);
    expect(ok.code).toBe(0);
    expect(ok.stderr).toMatch(/Skipped data\/secret\.txt \(EACCES\)/);
    expect(ok.stdout).toMatch(/1 items were left out/);
  });
});

describe('offline-seed stage: running out of space', () => {
  it('stops with a clear error on ENOSPC and completes when run again after space is freed', { tags: 'root' }, async () => {
    const mnt = path.join(tmp, 'small');
    await fs.mkdir(mnt);
    const m = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=20m', 'tmpfs', mnt]);
    expect(m.status).toBe(0);
    mounts.push(mnt);
    const src = path.join(tmp, 'nospace', 'data');
    await fs.mkdir(src, { recursive: true });
    for (let i = 0; i < 4; i++) await fs.writeFile(path.join(src, `media${i}.bin`), randomBytes(4 * 1024 * 1024));
    // 8 MiB of other files leave 12 MiB: enough for the estimate (half the sources), not for random data.
    await fs.writeFile(path.join(mnt, 'ballast'), Buffer.alloc(8 * 1024 * 1024, 7));
    const staging = path.join(mnt, 'staging');
    const r = cli(stageArgs([src], staging));
    expect(r.code).toBe(1);
    // Progress lines come first on a non-terminal stderr; the error is one sentence on the last line.
    expect(r.stderr.split('\n').filter((l) => l.startsWith('Error:'))).toHaveLength(1);
    expect(r.stderr.trim().split('\n').pop()).toMatch(/ran out of space\. Free some space .* run the same command again/);
    await fs.rm(path.join(mnt, 'ballast'));
    const again = cli(stageArgs([src], staging));
    expect(again.code).toBe(0);
    const out = path.join(tmp, 'nospace', 'out');
    expect(cli(['restore', '--from', `s:${staging}`, '--to', out]).code).toBe(0);
    for (let i = 0; i < 4; i++) expect(await sha(path.join(out, 'data', `media${i}.bin`))).toBe(await sha(path.join(src, `media${i}.bin`)));
    spawnSync('umount', [mnt]);
    mounts.splice(mounts.indexOf(mnt), 1);
  });
});
