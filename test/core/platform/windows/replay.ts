/** Test helper: replays output recorded from the Windows tools and records what was asked of them. */

import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { RunResult } from '../../../../src/core/platform/exec';

export const recorded = (name: string) => readFileSync(path.join(__dirname, '../../../fixtures/drives/windows', name), 'utf8');

export function replayer(outputs: RunResult[]) {
  const calls: string[] = [];
  const next = async (what: string): Promise<RunResult> => {
    calls.push(what);
    const r = outputs.shift();
    if (!r) throw new Error(`unexpected call: ${what}`);
    return r;
  };
  return { calls, ps: (script: string) => next(script), cmd: (c: string, args: string[]) => next([c, ...args].join(' ')) };
}
