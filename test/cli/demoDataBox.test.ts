/**
 * `offline-seed demo --route databox` from nothing: exits 0 only when every page blob in Azurite is byte-identical
 * to what the stand-in for the agent wrote on the delivered disk, and leaves nothing behind. Bad order input gets one
 * sentence and exit code 2.
 */

import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCommand } from '../helpers/command';

const cli = (args: string[], env: NodeJS.ProcessEnv = {}) =>
  runCommand(process.execPath, ['bin/offline-seed', ...args], { env: { ...process.env, LANG: 'C', LC_ALL: '', OFFLINE_SEED_LANG: '', OFFLINE_SEED_CLOUD: '', ...env } });

describe('offline-seed demo --route databox', () => {
  it('orders, delivers, checks, writes, ships, uploads and compares every page blob, then cleans up', async () => {
    const r = await cli(['--json', 'demo', '--route', 'databox']);
    expect(r.code, r.stderr).toBe(0);
    const summary = JSON.parse(r.stdout) as { ok: boolean; dir: string; blobs: number; bytes: number; steps: Array<{ step: string }> };
    expect(summary.ok).toBe(true);
    expect(summary.blobs).toBe(3);
    expect(summary.steps.map((s) => s.step)).toEqual(['emulator', 'order', 'credentials', 'deliver', 'checkBefore', 'agent', 'checkAfter', 'ship', 'receive', 'logs', 'compare', 'delete']);
    expect(existsSync(summary.dir)).toBe(false);
    expect(execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' })).not.toContain(summary.dir);
  }, 240_000);

  it('refuses bad input with one sentence and exit code 2 before anything reaches Azure, in the chosen language', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'offline-seed-passkey-'));
    try {
      const file = path.join(dir, 'passkey.txt');
      writeFileSync(file, 'NoSpecial1234\n', { mode: 0o600 });
      // No cloud at all: the passkey is refused before a connection is even attempted.
      const order = ['databox', 'order', '--job', 'seed-x', '--size-tb', '1', '--contact', 'A', '--phone', '1', '--email', 'a@example.com', '--street', 'S', '--city', 'C', '--postal-code', 'Z', '--country', 'NL', '--passkey-file', file];
      const r = await cli(['--lang', 'fr', ...order]);
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toContain('La clé d’accès doit contenir au moins un des caractères spéciaux @?_+.'.replace('’', "'"));
      expect(r.stdout).not.toContain('NoSpecial1234');
      expect(r.stderr).not.toContain('NoSpecial1234');
      const missing = await cli(['databox', 'check', '--disk', path.join(dir, 'missing')]);
      expect(missing.code).toBe(2);
      expect(missing.stderr).toContain('does not exist or is not a folder');
      const bad = await cli(['--lang', 'de', 'databox', 'frobnicate']);
      expect(bad.code).toBe(2);
      expect(bad.stderr.trim().split('\n')).toHaveLength(1);
      expect(bad.stderr).toContain('Unbekannter databox-Unterbefehl frobnicate');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
