/** Test helper: replays output recorded from powershell.exe and records what was asked of it. */

import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { CommandResult } from '../../../../src/core/platform/windows/tools';

export const recorded = (name: string) => readFileSync(path.join(__dirname, '../../../fixtures/drives/windows', name), 'utf8');

/** A recorded run: stdout from a fixture file and the exit code Windows gives it. */
export const run = (name: string, code: number): CommandResult => ({ stdout: recorded(name), stderr: '', code });

export function replayer(outputs: CommandResult[]) {
  const calls: Array<{ script: string; input?: string }> = [];
  const ps = async (script: string, input?: string): Promise<CommandResult> => {
    calls.push({ script, ...(input !== undefined ? { input } : {}) });
    const r = outputs.shift();
    if (!r) throw new Error(`unexpected PowerShell call: ${script.slice(0, 200)}`);
    return r;
  };
  return { calls, ps, left: () => outputs.length };
}

/** What the stdin of a call carried (the runner sends JSON as Base64). */
export const inputOf = (call: { input?: string }) => (call.input === undefined ? undefined : (JSON.parse(Buffer.from(call.input, 'base64').toString('utf8')) as unknown));
