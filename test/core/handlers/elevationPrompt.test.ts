/**
 * Which elevation prompt a page announces before a step that needs one: UAC on Windows, polkit's (pkexec) on Linux;
 * none when the process is elevated already, when this front end has no elevated helper, or when the helper starts
 * without a prompt (`sudo -n`) or cannot start at all (that case has its own sentence in drives.prepare).
 */

import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { elevationPrompt } from '../../../src/core/handlers/elevationPrompt';
import type { Capabilities } from '../../../src/shared/contract/app';

const root = mkdtempSync(path.join(os.tmpdir(), 'os-elevation-prompt-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A folder holding an executable `name` (never run here: only found on PATH). */
function binWith(name: string): string {
  const dir = path.join(root, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, name), '#!/bin/sh\nexit 127\n');
  chmodSync(path.join(dir, name), 0o755);
  return dir;
}

const caps = (c: Partial<Capabilities>): Capabilities => ({ shell: 'host', platform: 'linux', elevated: false, canCreateBitLocker: false, ...c });
const command = { file: process.execPath, args: ['helper.mjs', '--elevated-helper'] };

describe('the elevation prompt a page announces', () => {
  it('is UAC on Windows unelevated, and none once elevated', () => {
    expect(elevationPrompt({ capabilities: caps({ platform: 'win32' }), elevation: { command, platform: 'win32' } })).toBe('windows');
    expect(elevationPrompt({ capabilities: caps({ platform: 'win32', elevated: true }), elevation: { command, platform: 'win32' } })).toBeNull();
  });

  it('is the system prompt on Linux with pkexec, none with sudo alone (no password asked) or with neither', () => {
    const pkexec = binWith('pkexec');
    const sudo = binWith('sudo');
    const empty = path.join(root, 'empty');
    mkdirSync(empty);
    expect(elevationPrompt({ capabilities: caps({}), elevation: { command, platform: 'linux', env: { PATH: `${sudo}:${pkexec}` } } })).toBe('system');
    expect(elevationPrompt({ capabilities: caps({}), elevation: { command, platform: 'linux', env: { PATH: sudo } } })).toBeNull();
    expect(elevationPrompt({ capabilities: caps({}), elevation: { command, platform: 'linux', env: { PATH: empty } } })).toBeNull();
    expect(elevationPrompt({ capabilities: caps({ elevated: true }), elevation: { command, platform: 'linux', env: { PATH: pkexec } } })).toBeNull();
  });

  it('is none where the front end has no elevated helper', () => {
    expect(elevationPrompt({ capabilities: caps({ platform: 'win32' }) })).toBeNull();
  });
});
