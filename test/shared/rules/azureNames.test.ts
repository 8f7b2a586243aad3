/** Azure's naming rules, table-tested. */

import { describe, expect, it } from 'vitest';
import {
  checkContainerName,
  checkImportJobName,
  checkResourceGroupName,
  checkStorageAccountName,
  checkSubscriptionId,
} from '../../../src/shared/rules/azureNames';

describe('Azure names', () => {
  it.each([
    [checkSubscriptionId, '0f3a4b1c-2d3e-4f5a-8b9c-0d1e2f3a4b5c', true],
    [checkSubscriptionId, '0F3A4B1C-2D3E-4F5A-8B9C-0D1E2F3A4B5C', true],
    [checkSubscriptionId, 'not-a-guid', false],
    [checkSubscriptionId, '0f3a4b1c2d3e4f5a8b9c0d1e2f3a4b5c', false],
    [checkStorageAccountName, 'backupstore01', true],
    [checkStorageAccountName, 'ab', false],
    [checkStorageAccountName, 'Backupstore', false],
    [checkStorageAccountName, 'backup-store', false],
    [checkStorageAccountName, 'a'.repeat(25), false],
    [checkContainerName, 'offline-seed', true],
    [checkContainerName, 'abc', true],
    [checkContainerName, 'ab', false],
    [checkContainerName, 'double--hyphen', false],
    [checkContainerName, '-start', false],
    [checkContainerName, 'end-', false],
    [checkContainerName, 'Upper', false],
    [checkContainerName, 'a'.repeat(64), false],
    [checkImportJobName, 'seed-2026-11', true],
    [checkImportJobName, '1seed', false],
    [checkImportJobName, 'Seed', false],
    [checkImportJobName, 'seed job', false],
    [checkResourceGroupName, 'rg-backup_(eu).1', true],
    [checkResourceGroupName, 'ends.with.period.', false],
    [checkResourceGroupName, 'has space', false],
  ] as const)('%o(%s) valid=%s', (check, value, valid) => {
    const v = check(value);
    if (valid) expect(v).toBeNull();
    else expect(v?.key).toMatch(/^app:validation\./);
  });
});
