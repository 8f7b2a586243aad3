/**
 * `unlockDisks` with stand-ins for Microsoft's closed unlock tools (they cannot run here): each stand-in behaves as
 * the tool's documented sample output shows (https://learn.microsoft.com/azure/databox/data-box-disk-deploy-set-up):
 * the Windows tool asks "Enter the passkey :" and prints "Volume drive letters: D:"; the Linux tool takes
 * `/PassKey:<key>`, echoes "Passkey: <key>" and prints each volume's mount point. The stand-ins record how they were
 * called, so the tests see where the passkey went.
 */

import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { mkdtempSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { findSecretsFile, unlockDisks, unlockedVolumes } from '../../../src/core/databox/unlock';
import { OfflineSeedError } from '../../../src/shared/errors';

const passkey = 'Seed+Passkey2026?';
const dir = mkdtempSync(path.join(os.tmpdir(), 'offline-seed-unlock-'));
const dataDir = path.join(dir, 'data');
const sub = '00000000-0000-0000-0000-000000000001';
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function keep(job: string, key = passkey): Promise<string> {
  const f = path.join(dataDir, 'databox', sub, `${job}.json`);
  await mkdir(path.dirname(f), { recursive: true, mode: 0o700 });
  await writeFile(f, JSON.stringify({ jobName: job, passkey: key, isPasskeyUserDefined: false, disks: [] }), { mode: 0o600 });
  return f;
}

async function standIn(name: string, body: string): Promise<string> {
  const f = path.join(dir, name);
  await writeFile(f, `#!/usr/bin/env node\n${body}\n`);
  await chmod(f, 0o755);
  return f;
}

const record = (file: string) => `require('fs').writeFileSync(${JSON.stringify(file)}, JSON.stringify(process.argv.slice(2)));`;

describe('databox unlock with the kept passkey', () => {
  it('Linux: passes /PassKey:<key> as documented, masks the passkey the tool prints back, and finds the mount points', async () => {
    const secrets = await keep('linux-order');
    const argv = path.join(dir, 'linux-argv.json');
    const tool = await standIn(
      'DataBoxDiskUnlock_x86_64',
      `${record(argv)}
const key = (process.argv[2] || '').replace(/^\\/PassKey:/i, '');
console.log('START: Mon Aug 13 14:25:49 2018');
console.log('Volumes: /dev/sdb1');
console.log('Passkey: ' + key);
console.log('');
console.log('Volumes for data copy :');
console.log('/dev/sdb1: /mnt/DataBoxDisk/mountVol1/');
console.log('END: Mon Aug 13 14:26:02 2018');
process.exit(key === ${JSON.stringify(passkey)} ? 0 : 1);`,
    );
    const shown: string[] = [];
    const r = await unlockDisks({ secretsFile: secrets, tool, platform: 'linux', onLine: (l) => shown.push(l) });
    expect(JSON.parse(await readFile(argv, 'utf8'))).toEqual([`/PassKey:${passkey}`]);
    expect(r.volumes).toEqual(['/mnt/DataBoxDisk/mountVol1/']);
    expect(shown).toContain('Passkey: ********');
    expect(shown.join('\n')).not.toContain(passkey);
    expect(r.lines).toEqual(shown);
  });

  it('Windows: answers the "Enter the passkey :" prompt on standard input, so the passkey is on no command line', async () => {
    const secrets = await keep('windows-order');
    const argv = path.join(dir, 'windows-argv.json');
    const tool = await standIn(
      'DataBoxDiskUnlock.exe',
      `${record(argv)}
process.stdout.write('Enter the passkey :\\r\\n');
let input = '';
process.stdin.on('data', (d) => (input += d));
process.stdin.on('end', () => {
  if (input.trim() !== ${JSON.stringify(passkey)}) { console.log('The passkey is incorrect.'); process.exit(1); }
  console.log('');
  console.log('Following volumes are unlocked and verified.');
  console.log('Volume drive letters: D: E:');
  process.exit(0);
});`,
    );
    const r = await unlockDisks({ secretsFile: secrets, tool, platform: 'win32' });
    expect(JSON.parse(await readFile(argv, 'utf8'))).toEqual([]);
    expect(r.volumes).toEqual(['D:\\', 'E:\\']);
    expect(r.lines.join('\n')).not.toContain(passkey);
  });

  it('a wrong passkey (the tool exits non-zero), a missing tool and a missing passkey each give one sentence', async () => {
    const secrets = await keep('wrong-order', 'Other+Passkey99');
    const tool = path.join(dir, 'DataBoxDiskUnlock_x86_64');
    const codeOf = (p: Promise<unknown>) => p.then(() => 'no error', (e: unknown) => (e instanceof OfflineSeedError ? `${e.code} ${e.message}` : String(e)));
    expect(await codeOf(unlockDisks({ secretsFile: secrets, tool, platform: 'linux' }))).toMatch(/^databox:errors\.unlockFailed Microsoft's unlock tool stopped with exit code 1/);
    expect(await codeOf(unlockDisks({ secretsFile: secrets, tool: path.join(dir, 'nope'), platform: 'linux' }))).toMatch(/^databox:errors\.unlockToolMissing .*\(ENOENT\)/);
    expect(await codeOf(unlockDisks({ secretsFile: secrets, tool, platform: 'darwin' }))).toMatch(/^databox:errors\.unlockPlatform/);
    expect(await codeOf(findSecretsFile(dataDir, 'never-kept'))).toMatch(/^databox:errors\.noSecrets No passkey is kept for order never-kept/);
    expect(await findSecretsFile(dataDir, 'linux-order')).toBe(path.join(dataDir, 'databox', sub, 'linux-order.json'));
  });

  it('offline-seed databox unlock runs the tool and prints its lines with the passkey masked, never the command line', () => {
    const r = spawnSync(process.execPath, ['bin/offline-seed', 'databox', 'unlock', '--job', 'linux-order', '--tool', path.join(dir, 'DataBoxDiskUnlock_x86_64')], {
      env: { ...process.env, LANG: 'C', LC_ALL: '', OFFLINE_SEED_LANG: 'en', OFFLINE_SEED_DATA_DIR: dataDir, OFFLINE_SEED_CLOUD: '' },
      encoding: 'utf8',
    });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('  Passkey: ********');
    expect(r.stdout).toContain("Microsoft's unlock tool unlocked 1 volumes: /mnt/DataBoxDisk/mountVol1/. Next: check each with offline-seed databox check --disk <volume>.");
    expect(r.stdout + r.stderr).not.toContain(passkey);
    const missing = spawnSync(process.execPath, ['bin/offline-seed', 'databox', 'unlock', '--job', 'linux-order'], { env: { ...process.env, LANG: 'C', LC_ALL: '', OFFLINE_SEED_LANG: 'en', OFFLINE_SEED_DATA_DIR: dataDir }, encoding: 'utf8' });
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain("Name Microsoft's unlock tool with --tool");
  }, 60_000);

  it('reads the volumes from the tools’ documented output', () => {
    expect(unlockedVolumes(['Following volumes are unlocked and verified.', 'Volume drive letters: D:'], 'win32')).toEqual(['D:\\']);
    expect(unlockedVolumes(['Volumes for data copy :', '/dev/sdb1: /mnt/DataBoxDisk/mountVol1/', '/dev/sdc1: /mnt/DataBoxDisk/mountVol2/'], 'linux')).toEqual(['/mnt/DataBoxDisk/mountVol1/', '/mnt/DataBoxDisk/mountVol2/']);
    expect(unlockedVolumes(['Volumes: /dev/sdb1'], 'linux')).toEqual([]);
  });
});
