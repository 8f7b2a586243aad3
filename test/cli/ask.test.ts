/** A question on the terminal: Ctrl+C there ends the command with one sentence and exit code 130, not a crash. */

import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createCliContext } from '../../src/cli/context';

function fakeTerminal() {
  const stdin = Object.assign(new PassThrough(), { isTTY: true, setRawMode: () => stdin });
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let err = '';
  stderr.on('data', (d: Buffer) => (err += d.toString()));
  return { io: { stdin, stdout, stderr, env: {}, cwd: process.cwd() }, stderrText: () => err };
}

describe('ctx.ask', () => {
  it('returns the answer typed', async () => {
    const t = fakeTerminal();
    const ctx = createCliContext(t.io as never, { lang: 'en', json: false, cloud: undefined });
    const answer = ctx.ask('Recreate? ');
    t.io.stdin.write(' yes \r');
    await expect(answer).resolves.toBe('yes');
  });

  it('Ctrl+C at the question ends with the interrupted sentence and exit code 130', async () => {
    const t = fakeTerminal();
    const ctx = createCliContext(t.io as never, { lang: 'fr', json: false, cloud: undefined });
    const answer = ctx.ask('Recreate? ');
    t.io.stdin.write('\x03');
    await expect(answer).rejects.toMatchObject({ code: 'cli:errors.interrupted', exitCode: 130 });
    expect(t.stderrText()).toContain('Recreate? ');
  });
});
