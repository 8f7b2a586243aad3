/** `offline-seed demo` from nothing: exits 0 only when every byte came back, prints a timed summary, and leaves nothing behind. */

import { spawn, execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import os from 'node:os';
import { describe, expect, it } from 'vitest';

function demoDirs(): string[] {
  return readdirSync(os.tmpdir()).filter((n) => n.startsWith('offline-seed-demo-'));
}

describe('offline-seed demo', () => {
  it('runs the whole workflow on a local Azure, says how long each step took, and cleans up', async () => {
    const before = new Set(demoDirs());
    const r = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, ['bin/offline-seed', '--json', 'demo'], {
        env: { ...process.env, LANG: 'C', LC_ALL: '', OFFLINE_SEED_LANG: '', OFFLINE_SEED_CLOUD: '' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
    });
    expect(r.code, r.stderr).toBe(0);
    const summary = JSON.parse(r.stdout) as { ok: boolean; dir: string; drives: number; files: number; steps: Array<{ step: string; seconds: number }> };
    expect(summary.ok).toBe(true);
    expect(summary.steps.map((s) => s.step)).toEqual(['emulator', 'sources', 'certgen', 'stage', 'diskprep', 'shipping', 'receive', 'wait', 'verify', 'restore', 'compare']);
    expect(summary.steps.every((s) => s.seconds >= 0)).toBe(true);
    if (process.getuid?.() === 0) expect(summary.drives).toBeGreaterThanOrEqual(2);
    // Nothing left: no folder, no mount, no local Azure or Azurite still running from it.
    expect(existsSync(summary.dir)).toBe(false);
    expect(demoDirs().filter((d) => !before.has(d))).toEqual([]);
    expect(execFileSync('mount', { encoding: 'utf8' })).not.toContain(summary.dir);
    const ps = execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' });
    expect(ps).not.toContain(summary.dir);
  }, 180_000);
});
