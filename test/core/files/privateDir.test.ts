/** Folders holding secrets are 0700 under any umask (even 000), and an existing looser one is tightened. */

import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ensurePrivateDir, ensurePrivateDirSync } from '../../../src/core/files/privateDir';
import { ensureAppDataDir } from '../../../src/core/platform/appDataDir';
import { journalPaths, openJournal } from '../../../src/core/formats/journal';
import { certFiles } from '../../../src/core/platform/certFiles';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'offline-seed-private-'));
const mode = (p: string) => statSync(p).mode & 0o777;
let saved: number;

// Vitest runs each file in its own forked process, so the umask changed here is this file's alone.
beforeEach(() => {
  saved = process.umask(0o000);
});
afterEach(() => {
  process.umask(saved);
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe.skipIf(process.platform === 'win32')('private folders under umask 000', () => {
  it('creates new folders 0700 and tightens an existing 0777 one', async () => {
    const fresh = path.join(tmp, 'a', 'b');
    await ensurePrivateDir(fresh);
    expect(mode(fresh)).toBe(0o700);
    const loose = path.join(tmp, 'loose');
    mkdirSync(loose, { mode: 0o777 });
    expect(mode(loose)).toBe(0o777);
    ensurePrivateDirSync(loose);
    expect(mode(loose)).toBe(0o700);
  });

  it('the data folder, its certificates folder and a staging location’s journals/', async () => {
    const data = ensureAppDataDir({ OFFLINE_SEED_DATA_DIR: path.join(tmp, 'data') });
    expect(mode(data)).toBe(0o700);
    await certFiles(data).save('AB'.repeat(20), '-----BEGIN CERTIFICATE-----\n', '-----BEGIN PRIVATE KEY-----\n');
    expect(mode(path.join(data, 'certificates'))).toBe(0o700);
    expect(mode(path.join(data, 'certificates', `${'AB'.repeat(20)}.key`))).toBe(0o600);

    const staging = path.join(tmp, 'staging');
    mkdirSync(staging);
    const { journal } = journalPaths(staging, 'WD-1234');
    await openJournal(journal, { driveId: 'WD-1234', sessionId: 's', device: '/dev/null' });
    expect(mode(path.dirname(journal))).toBe(0o700);
    expect(mode(journal)).toBe(0o600);
  });
});
