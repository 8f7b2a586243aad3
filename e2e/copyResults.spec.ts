/**
 * The Copy step's Verification column names what checking each drive showed, in the six languages, at 1024 px: a
 * drive read back only through this computer's cache of it (no root rights to empty that cache) is "not verified",
 * not "does not match" — nothing was found different; the bytes were never read from the drive. Each outcome is a
 * drive recorded in a staging location's session, as core writes it, shown after the copy job is gone.
 */

import { mkdirSync, mkdtempSync, realpathSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from './fixtures';
import { writeSession } from '../src/core/session/sessionFile';
import { catalogs } from '../src/shared/i18n';
import { languages } from '../src/shared/i18n/languages';
import type { PreparedDriveRecord } from '../src/shared/session/drives';
import { sessionFixture } from '../test/helpers/session';

let dir: string;

test.beforeAll(() => {
  dir = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'offline-seed-e2e-copyresults-')));
});

test.afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const record = (n: number, o: Partial<PreparedDriveRecord>): PreparedDriveRecord => ({
  driveId: `SERIAL-${n}`,
  drive: `/dev/sd${'bcde'[n]}`,
  model: 'WDC WD40EFRX-68N32N0',
  sizeBytes: 4e12,
  bitLocker: 'windows',
  bitLockerKeyRef: `journals/SERIAL-${n}.json`,
  journalFile: `journals/SERIAL-${n}.jrn`,
  manifestFile: '\\DriveManifest.xml',
  manifestHash: 'A'.repeat(32),
  files: 3,
  bytes: 3e9,
  verified: true,
  keyChecked: true,
  preparedAt: new Date().toISOString(),
  ...o,
});

test('each drive\'s check has its own words: a read-back through the cache is not verified, not a mismatch, in every language at 1024 px', async ({ page, host, openStep }) => {
  test.setTimeout(120_000);
  const staging = path.join(dir, 'staging');
  mkdirSync(staging);
  await writeSession(
    staging,
    sessionFixture({
      state: 'staged',
      drives: {
        drives: [
          record(0, {}),
          record(1, { verified: false }),
          record(2, { verified: false, readThroughCache: true }),
          record(3, { keyChecked: false }),
        ],
      },
    }),
  );
  // The wizard's job as the Drives step leaves it, its copy job long gone (a restart since).
  const current = await host.runtime.handle('wizardJobs.current', {});
  if (!current.ok) throw new Error(JSON.stringify(current.error));
  const { job } = current.result as { job: { id: string } };
  const saved = await host.runtime.handle('wizardJobs.save', {
    id: job.id,
    change: { summary: { stagingLocation: staging }, status: { copy: 'needsAttention' }, fields: { 'copy.jobId': 'job-ended-before-a-restart', 'copy.stagingDir': staging, 'copy.drives': [] }, step: 'copy' },
  });
  expect(saved, JSON.stringify(saved)).toMatchObject({ ok: true });

  await page.setViewportSize({ width: 1024, height: 640 });
  for (const lang of languages) {
    const words = catalogs.drives[lang].pages;
    await openStep('copy', lang);
    const rows = page.locator('.drive-table tbody tr');
    await expect(rows).toHaveCount(4);
    await expect(rows.nth(0).locator('.badge')).toHaveText(words.verified);
    await expect(rows.nth(1).locator('.badge')).toHaveText(words.verifyFailed);
    await expect(rows.nth(2).locator('.badge')).toHaveText(words.notVerified);
    await expect(rows.nth(3).locator('.badge')).toHaveText(words.keyFailed);
    // Not ready: no label card for drives that must not ship.
    await expect(page.locator('.label-list')).toHaveCount(0);
    // The table fits its card and the page has no sideways scrollbar.
    const fits = await page.evaluate(() => {
      const table = document.querySelector('.drive-table')!;
      const card = table.closest('.card-body')!;
      return { table: table.scrollWidth, card: card.clientWidth, page: document.documentElement.scrollWidth, window: document.documentElement.clientWidth };
    });
    expect(fits.table, lang).toBeLessThanOrEqual(fits.card);
    expect(fits.page, lang).toBeLessThanOrEqual(fits.window);
  }
});
