/**
 * Vitest fixtures shared by the test files (e2e has its own in e2e/fixtures.ts):
 * - `localAzure`: the local Azure started once per file on a fresh state folder, stopped and removed after the file;
 * - `tmp`: a scratch folder per file, removed after the file.
 *
 * Use them in `test.beforeAll(async ({ localAzure, tmp }) => …)` or in a test's own arguments.
 */

import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test as base } from 'vitest';
import { startLocalAzure } from './localAzure';

export const test = base
  // eslint-disable-next-line no-empty-pattern -- Vitest reads the fixtures a function needs from its first parameter
  .extend('localAzure', { scope: 'file' }, async ({}, { onCleanup }) => {
    const azure = await startLocalAzure();
    onCleanup(() => azure.stop());
    return azure;
  })
  // eslint-disable-next-line no-empty-pattern -- as above
  .extend('tmp', { scope: 'file' }, async ({}, { onCleanup }) => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'offline-seed-test-'));
    onCleanup(() => rmSync(dir, { recursive: true, force: true }));
    return dir;
  });

export { describe, expect } from 'vitest';
