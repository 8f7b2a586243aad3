import { afterAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  bitLockerKeyCheck,
  bitLockerMarkerFile,
  checkEmulatedBitLockerKey,
  generateRecoveryPassword,
  isRecoveryPassword,
  readBitLockerMarker,
  writeBitLockerMarker,
} from '../../../src/core/drives/emulatedBitLocker';

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await fs.rm(d, { recursive: true, force: true });
});

describe('emulated BitLocker', () => {
  it('generates recovery passwords shaped like real ones', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const k = generateRecoveryPassword();
      expect(k).toMatch(/^(\d{6}-){7}\d{6}$/);
      for (const g of k.split('-')) {
        expect(Number(g) % 11).toBe(0);
        expect(Number(g)).toBeLessThan(720896);
      }
      expect(isRecoveryPassword(k)).toBe(true);
      seen.add(k);
    }
    expect(seen.size).toBe(200);
    // the documentation's sample key
    expect(isRecoveryPassword('060456-014509-132033-080300-252615-584177-672089-411631')).toBe(true);
    expect(isRecoveryPassword('060456-014509-132033-080300-252615-584177-672089-411632')).toBe(false);
    expect(isRecoveryPassword('060456-014509')).toBe(false);
  });

  it('checks the key as sha256 of "<driveId>:<key>"', () => {
    expect(bitLockerKeyCheck('D1', 'k')).toBe(createHash('sha256').update('D1:k').digest('hex'));
  });

  it('writes and reads the marker and checks the key against it', async () => {
    const root = await fs.mkdtemp(path.join(os.tmpdir(), 'os-bl-'));
    dirs.push(root);
    const key = generateRecoveryPassword();
    expect(await readBitLockerMarker(root)).toBeNull();
    await writeBitLockerMarker(root, 'SERIAL1', key);
    const raw = JSON.parse(await fs.readFile(path.join(root, bitLockerMarkerFile), 'utf8')) as Record<string, string>;
    expect(raw).toEqual({ driveId: 'SERIAL1', keyCheck: bitLockerKeyCheck('SERIAL1', key) });
    expect(JSON.stringify(raw)).not.toContain(key);
    await expect(checkEmulatedBitLockerKey(root, 'SERIAL1', key)).resolves.toBeUndefined();
    await expect(checkEmulatedBitLockerKey(root, 'SERIAL1', generateRecoveryPassword())).rejects.toMatchObject({ code: 'drives:errors.emulatedKeyMismatch' });
    await expect(checkEmulatedBitLockerKey(root, 'OTHER', key)).rejects.toMatchObject({ code: 'drives:errors.emulatedKeyMismatch' });
    await fs.writeFile(path.join(root, bitLockerMarkerFile), 'nope');
    expect(await readBitLockerMarker(root)).toBeNull();
  });
});
