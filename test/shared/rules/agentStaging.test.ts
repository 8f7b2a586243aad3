import { describe, expect, it } from 'vitest';
import {
  blobNameOf,
  blobTypeOf,
  checkBlobName,
  checkBlobPrefix,
  defaultBlobPrefix,
  isPageBlobCandidate,
  maxBlockBlobBytes,
  maxPageBlobBytes,
} from '../../../src/shared/rules/agentStaging';

describe('blob names of a staging location the agent wrote', () => {
  it('puts the prefix (default: the job as a folder) before the relative path, with / separators', () => {
    expect(defaultBlobPrefix('seed-2026')).toBe('seed-2026/');
    expect(blobNameOf('seed-2026/', 'a\\b/c.bin')).toBe('seed-2026/a/b/c.bin');
    expect(blobNameOf('', 'Données/été.bin')).toBe('Données/été.bin');
  });

  it('accepts an empty prefix or folder paths ending in /, and refuses the rest', () => {
    for (const ok of ['', 'x/', 'backups/server01/', 'é/ü/']) expect(checkBlobPrefix(ok), ok).toBeNull();
    for (const bad of ['x', '/x/', 'a//b/', 'a/./', 'a/../', 'a\\b/', 'a./', 'a\u0001/']) expect(checkBlobPrefix(bad)?.key, bad).toBe('agent:validation.blobPrefix');
  });

  it('refuses blob names Blob storage refuses: too long, too many segments, dot segments, a final dot', () => {
    expect(checkBlobName('a/b.bin')).toBeNull();
    expect(checkBlobName('x'.repeat(1025))?.key).toBe('agent:validation.blobNameLength');
    expect(checkBlobName(Array.from({ length: 255 }, () => 'a').join('/'))?.key).toBe('agent:validation.blobNameSegments');
    expect(checkBlobName('a/../b')?.key).toBe('agent:validation.blobNameInvalid');
    expect(checkBlobName('a/b.')?.key).toBe('agent:validation.blobNameInvalid');
  });
});

describe('block or page blob', () => {
  const vhd = { relPath: 'DPM/Replica.vhd', size: 16 * 1024 * 1024 + 512, fixedVhd: true };
  it('auto: a fixed VHD of whole pages is a page blob; a .vhd that is not fixed, or any other file, a block blob', () => {
    expect(isPageBlobCandidate(vhd)).toBe(true);
    expect(blobTypeOf('auto', vhd)).toEqual({ type: 'page' });
    expect(blobTypeOf('auto', { ...vhd, fixedVhd: false })).toEqual({ type: 'block' });
    expect(blobTypeOf('auto', { ...vhd, relPath: 'DPM/Replica.VHD' })).toEqual({ type: 'page' });
    expect(blobTypeOf('auto', { relPath: 'a.bin', size: 1024, fixedVhd: false })).toEqual({ type: 'block' });
  });

  it('page: refuses a file whose length is not whole pages; block: every file', () => {
    expect(blobTypeOf('page', { relPath: 'a.bin', size: 1000, fixedVhd: false })).toMatchObject({ problem: { key: 'agent:validation.notPages', params: { file: 'a.bin' } } });
    expect(blobTypeOf('page', { relPath: 'a.bin', size: 1024, fixedVhd: false })).toEqual({ type: 'page' });
    expect(blobTypeOf('block', vhd)).toEqual({ type: 'block' });
  });

  it('refuses sizes the manifest format cannot describe: 50,000 blocks of 4 MiB, page blobs of 1 TiB', () => {
    expect(blobTypeOf('block', { relPath: 'big', size: maxBlockBlobBytes, fixedVhd: false })).toEqual({ type: 'block' });
    expect(blobTypeOf('block', { relPath: 'big', size: maxBlockBlobBytes + 1, fixedVhd: false })).toMatchObject({ problem: { key: 'agent:validation.blockBlobTooLarge' } });
    expect(blobTypeOf('page', { relPath: 'big.vhd', size: maxPageBlobBytes + 512, fixedVhd: true })).toMatchObject({ problem: { key: 'agent:validation.pageBlobTooLarge' } });
  });
});
