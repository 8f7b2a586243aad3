/**
 * Commands started with input on stdin: one that ends without reading it closes the pipe, and writing the input then
 * fails with EPIPE. That must come back as the command's exit code, not end this process (an unhandled 'error' on
 * the stdin stream did, and took the elevated helper down in the middle of a call).
 */

import { describe, expect, it } from 'vitest';
import { run } from '../../../src/core/platform/exec';
import { runCommand } from '../../../src/core/platform/windows/tools';

// Far more than a pipe holds (64 KiB on Linux), so the write is still going when the command has ended.
const input = 'x'.repeat(8 * 1024 * 1024);

describe('a command that does not read its input', () => {
  it('gives its exit code through run(), and this process carries on', async () => {
    for (let i = 0; i < 5; i++) {
      await expect(run('/bin/sh', ['-c', 'exit 3'], { input })).resolves.toMatchObject({ code: 3 });
      await expect(run('/bin/true', [], { input })).resolves.toMatchObject({ code: 0 });
    }
  });

  it('gives its exit code through the Windows runner too (same pipe, PowerShell failing before it reads)', async () => {
    for (let i = 0; i < 5; i++) await expect(runCommand('/bin/sh', ['-c', 'exit 4'], input)).resolves.toMatchObject({ code: 4 });
  });
});
