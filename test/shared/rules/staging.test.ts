/** Pure staging input rules: pack sizes, staging versus sources, source names, free space. */

import { describe, expect, it } from 'vitest';
import {
  checkFreeSpace,
  checkPackSize,
  checkSources,
  checkStagingVersusSources,
  isSameOrInside,
  parseSize,
  sourceFolderName,
  stagingSpaceEstimate,
} from '../../../src/shared/rules/staging';
import { hasKey } from '../../../src/shared/i18n';

describe('staging rules', () => {
  it('parses sizes with binary and decimal units', () => {
    expect(parseSize('8MiB')).toBe(8 * 1024 ** 2);
    expect(parseSize('1GiB')).toBe(1024 ** 3);
    expect(parseSize('500MB')).toBe(500_000_000);
    expect(parseSize('1.5 GiB')).toBe(1.5 * 1024 ** 3);
    expect(parseSize('1048576')).toBe(1048576);
    expect(parseSize('8 parsecs')).toBeNull();
    expect(parseSize('')).toBeNull();
    expect(parseSize('-1MiB')).toBeNull();
  });

  it('checks the pack size format and range with catalog keys', () => {
    expect(checkPackSize('1GiB')).toBeNull();
    expect(checkPackSize('lots')?.key).toBe('staging:validation.packSizeFormat');
    expect(checkPackSize('10KiB')?.key).toBe('staging:validation.packSizeRange');
    expect(checkPackSize('100GiB')?.key).toBe('staging:validation.packSizeRange');
    expect(hasKey('staging:validation.packSizeFormat')).toBe(true);
  });

  it('refuses staging inside a source and a source inside staging, on POSIX and Windows paths', () => {
    expect(checkStagingVersusSources('/data/src/staging', ['/data/src']).map((v) => v.key)).toEqual(['staging:validation.stagingInsideSource']);
    expect(checkStagingVersusSources('/data', ['/data/src']).map((v) => v.key)).toEqual(['staging:validation.sourceInsideStaging']);
    expect(checkStagingVersusSources('/data/src2', ['/data/src'])).toEqual([]);
    expect(checkStagingVersusSources('D:\\Staging', ['d:\\staging\\x'], true).map((v) => v.key)).toEqual(['staging:validation.sourceInsideStaging']);
    expect(isSameOrInside('C:\\Data\\', 'c:\\data', true)).toBe(true);
    expect(isSameOrInside('/a/bc', '/a/b')).toBe(false);
  });

  it('needs distinct, non-overlapping source folders', () => {
    expect(checkSources([]).map((v) => v.key)).toEqual(['staging:validation.noSource']);
    expect(checkSources(['/x/data', '/y/data']).map((v) => v.key)).toEqual(['staging:validation.sourceNameTwice']);
    expect(checkSources(['/x', '/x/y']).map((v) => v.key)).toEqual(['staging:validation.sourcesOverlap']);
    expect(checkSources(['/']).map((v) => v.key)).toEqual(['staging:validation.sourceIsRoot']);
    expect(sourceFolderName('C:\\Backups\\Finance\\', true)).toBe('Finance');
  });

  it('estimates space at half the source size and checks it', () => {
    expect(stagingSpaceEstimate(1000, 100)).toBe(400);
    expect(checkFreeSpace(500, 400, '/s')).toBeNull();
    expect(checkFreeSpace(300, 400 * 1024 ** 2, '/s')).toMatchObject({ key: 'staging:validation.notEnoughSpace', params: { neededMiB: 400 } });
  });
});
