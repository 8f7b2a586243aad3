/** Files Offline Seed reads but does not write (publish settings, XML, JSON profiles): never more than their kind can need. */

import { mkdirSync, mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FileTooLargeError, fileLimits, readFileLimited, readFileLimitedSync } from '../../../src/core/files/readLimited';
import { readPublishSettings } from '../../../src/core/staging/publishSettings';
import { readParamsFile } from '../../../src/core/certs/registryEntries';
import { resolveCloud } from '../../../src/core/azure/clouds';
import { readSession } from '../../../src/core/session/sessionFile';
import { localizeError } from '../../../src/shared/i18n';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'offline-seed-limits-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A sparse file of `bytes` (no disk space used): what matters is what its size makes the reader do. */
function bigFile(name: string, bytes: number): string {
  const f = path.join(tmp, name);
  writeFileSync(f, '');
  truncateSync(f, bytes);
  return f;
}

describe('readFileLimited', () => {
  it('reads a file within its limit, as text or bytes', async () => {
    const f = path.join(tmp, 'small.json');
    writeFileSync(f, '{"a":"é"}');
    expect(await readFileLimited(f, 100, 'utf8')).toBe('{"a":"é"}');
    expect((await readFileLimited(f, 10)).length).toBe(10);
    expect(readFileLimitedSync(f, 10, 'utf8')).toBe('{"a":"é"}');
  });

  it('refuses a file one byte over, and says which file and the limit in one sentence', async () => {
    const f = path.join(tmp, 'eleven');
    writeFileSync(f, 'x'.repeat(2049));
    const e = await readFileLimited(f, 2048).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(FileTooLargeError);
    expect(localizeError(e, 'en').message).toBe(`“${f}” is larger than 2 kB, more than any file of this kind can hold; check that it is the right file.`);
  });

  it('stops reading a device that never ends after the limit (/dev/zero)', async () => {
    await expect(readFileLimited('/dev/zero', 64 * 1024)).rejects.toBeInstanceOf(FileTooLargeError);
    expect(() => readFileLimitedSync('/dev/zero', 64 * 1024, 'utf8')).toThrow(FileTooLargeError);
  });

  it('keeps the usual errors for a missing file', async () => {
    await expect(readFileLimited(path.join(tmp, 'nope'), 10)).rejects.toMatchObject({ code: 'ENOENT' });
  });
});

describe('the files Offline Seed reads', () => {
  it('a 150 MB publish-settings file is refused by its size, without reading it', async () => {
    const f = bigFile('huge.publishsettings', 150 * 1024 * 1024);
    const before = process.memoryUsage().rss;
    const e = await readPublishSettings(f).catch((x: unknown) => x);
    expect(localizeError(e, 'en').message).toBe(`“${f}” is larger than 4 MB, more than any file of this kind can hold; check that it is the right file.`);
    // Nothing close to the file's size was allocated (the old reader held it whole, more than once).
    expect(process.memoryUsage().rss - before).toBeLessThan(50 * 1024 * 1024);
  });

  it('an OfflineApplicationParams.xml, a cloud profile and a session file over their limits', async () => {
    const xml = bigFile('OfflineApplicationParams.xml', fileLimits.applicationParams + 1);
    expect(localizeError(await readParamsFile(xml).catch((x: unknown) => x), 'en').code).toBe('app:errors.fileTooLarge');
    const profile = bigFile('cloud.json', fileLimits.smallJson + 1);
    expect(() => resolveCloud(profile, {})).toThrow(FileTooLargeError);
    const staging = path.join(tmp, 'staging');
    mkdirSync(staging);
    bigFile(path.join('staging', 'offline-seed.json'), fileLimits.session + 1);
    await expect(readSession(staging)).rejects.toBeInstanceOf(FileTooLargeError);
  });
});
