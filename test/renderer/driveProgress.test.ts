/**
 * The Copy step's rows per drive (src/renderer/pages/drives/driveProgress.ts): from the reports of a real copy job
 * through the runtime (one folder as the drive), and from two drives' reports in the order core sends them, where
 * the job's byte counters run across drives and each drive's own bytes must be told apart.
 */

import { describe, expect, it } from 'vitest';
import { test } from '../helpers/fixtures';
import { copyOntoFolder } from '../helpers/copyJob';
import { cardState, emptyDrives, foldProgress } from '../../src/renderer/pages/drives/driveProgress';
import { driveCheck } from '../../src/shared/session/drives';
import type { Progress } from '../../src/shared/progress';

const report = (o: Partial<Progress>): Progress => ({ jobId: 'j', kind: 'copy', phase: 'copying', bytesDone: 0, bytesTotal: 300, bytesPerSecond: 10, etaSeconds: null, ...o });

describe('drive rows', () => {
  test('follow a real copy job onto a folder: formatting under the chosen name, copying and verifying under the drive ID, done at the end', async ({ tmp }) => {
    const { drive, reports: seen, end, record: rec } = await copyOntoFolder(tmp);
    expect(end).toMatchObject({ outcome: 'succeeded' });

    let rows = emptyDrives();
    const phasesOf: Record<string, string[]> = {};
    for (const p of seen) {
      rows = foldProgress(rows, p);
      for (const [k, v] of Object.entries(rows.rows)) if (phasesOf[k]?.at(-1) !== v.phase) (phasesOf[k] ??= []).push(v.phase);
    }
    expect(phasesOf[drive]?.[0]).toBe('formatting');
    expect(phasesOf[rec.driveId]).toEqual(expect.arrayContaining(['copying', 'verifying', 'done']));
    expect(rows.rows[rec.driveId]!.phase).toBe('done');
    // Never more bytes on the drive than the job's.
    for (const p of seen) expect(foldProgress(emptyDrives(), p).rows[rec.driveId]?.done ?? 0).toBeLessThanOrEqual(p.bytesTotal);
  });

  it('count each drive\'s own bytes when the job\'s counters run on across drives', () => {
    let j = emptyDrives();
    for (const p of [
      report({ phase: 'verifying', bytesDone: 50, extra: undefined }), // the staging check, before any drive
      report({ phase: 'formatting', current: '/dev/sdb' }),
      report({ phase: 'formatting', current: '/dev/sdc' }),
      report({ phase: 'copying', bytesDone: 120, extra: { drive: 'A' } }),
      report({ phase: 'copying', bytesDone: 200, extra: { drive: 'A' } }),
      report({ phase: 'verifying', bytesDone: 200, extra: { drive: 'A' } }),
      report({ phase: 'copying', bytesDone: 230, extra: { drive: 'B' } }),
    ]) {
      j = foldProgress(j, p);
    }
    expect(j.rows.A).toEqual({ phase: 'done', done: 200, bytesPerSecond: 10 });
    expect(j.rows.B).toEqual({ phase: 'copying', done: 30, bytesPerSecond: 10 });
    expect(j.rows['/dev/sdc']!.phase).toBe('formatting');
    j = foldProgress(j, report({ phase: 'verifying', bytesDone: 260, extra: { drive: 'B' } }));
    expect(j.rows.B).toMatchObject({ phase: 'verifying', done: 60 });
    j = foldProgress(j, report({ phase: 'done', bytesDone: 300 }));
    expect(Object.values(j.rows).every((r) => r.phase === 'done')).toBe(true);
    expect(j.other).toBeNull();
  });
});

test('drive rows keep the job-level report apart', () => {
  const j = foldProgress(emptyDrives(), report({ phase: 'verifying', bytesDone: 10 }));
  expect(j.other).toMatchObject({ phase: 'verifying', bytesDone: 10 });
  expect(j.rows).toEqual({});
});

describe('drive cards', () => {
  it('once the job ended, say "done" only for a drive whose check passed; a drive read back through the cache, or found different, says so', () => {
    // Every drive's row ends 'done' when the copy reaches its end, whether or not the drives are fit to ship.
    const row = foldProgress(foldProgress(emptyDrives(), report({ phase: 'verifying', bytesDone: 300, extra: { drive: 'A' } })), report({ phase: 'done', bytesDone: 300 })).rows.A!.phase;
    const recorded = { verified: true, keyChecked: true };
    expect(cardState(row, 'failed', driveCheck({ ...recorded, verified: false, readThroughCache: true }), true)).toBe('notVerified');
    expect(cardState(row, 'failed', driveCheck({ ...recorded, verified: false }), true)).toBe('differs');
    expect(cardState(row, 'failed', driveCheck({ ...recorded, keyChecked: false }), true)).toBe('keyFailed');
    expect(cardState(row, 'failed', driveCheck(recorded), true)).toBe('done');
    expect(cardState(row, 'succeeded', driveCheck(recorded), true)).toBe('done');
    // A drive that got through, before the recorded drives are read: not yet "Copied and verified".
    expect(cardState(row, 'failed', undefined, false)).toBe('checking');
    expect(cardState(row, 'succeeded', undefined, false)).toBe('checking');
    // Read (or failed to read) without a record of it: the job's word.
    expect(cardState(row, 'failed', undefined, true)).toBe('done');
    // A drive that did not get through, and every drive while the job runs: the phase alone.
    expect(cardState('copying', 'failed', undefined, false)).toBe('stopped');
    expect(cardState('verifying', undefined, undefined, false)).toBe('verifying');
    expect(cardState(undefined, undefined, undefined, false)).toBe('waiting');
  });
});
