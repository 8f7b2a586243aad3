/** scripts/test-summary.mjs: the closing line of `npm test`, from what Vitest and Playwright printed. */

import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const summary = (log: string) => spawnSync(process.execPath, [path.resolve('scripts/test-summary.mjs')], { input: log, encoding: 'utf8' }).stdout;

describe('the summary line', () => {
  it('adds up both runners and says why tests were skipped, once per reason', () => {
    const log = [
      '\x1b[2m      Tests \x1b[22m \x1b[1m\x1b[32m398 passed\x1b[39m\x1b[22m\x1b[2m | \x1b[22m\x1b[33m14 skipped\x1b[39m\x1b[90m (412)\x1b[39m',
      '[skip] 14 tests need root (loop devices, mounts, running the command as uid 65534) and were skipped: run npm test as root to include them.',
      "[skip] e2e/electron.spec.ts: Electron's binary is not installed (it cannot be downloaded without internet)",
      "[skip] e2e/electron.spec.ts: Electron's binary is not installed (it cannot be downloaded without internet)",
      '  -  1 [chromium] › e2e/electron.spec.ts:34:3 › Electron window › is isolated',
      '  1 failed',
      '  1 skipped',
      '  19 passed (1.2m)',
    ].join('\n');
    expect(summary(log)).toBe(
      [
        'tests: 417 passed, 1 failed, 15 skipped',
        '  skipped: 14 tests need root (loop devices, mounts, running the command as uid 65534) and were skipped: run npm test as root to include them.',
        "  skipped: e2e/electron.spec.ts: Electron's binary is not installed (it cannot be downloaded without internet)",
        '',
      ].join('\n'),
    );
  });

  it('says 0 when nothing ran', () => {
    expect(summary('')).toBe('tests: 0 passed, 0 failed, 0 skipped\n');
  });
});
