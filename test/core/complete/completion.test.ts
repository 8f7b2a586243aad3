/** Step 9's test restore folder rule and the completion report's HTML. */

import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkRestoreTarget } from '../../../src/core/usecases/complete';
import { completionReportHtml } from '../../../src/core/complete/report';
import { compareTrees } from '../../../src/core/complete/compareTrees';
import type { Completion } from '../../../src/shared/model/completion';

const dir = mkdtempSync(path.join(os.tmpdir(), 'offline-seed-completion-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the test restore folder', () => {
  it('takes a new or empty folder, and refuses a relative path or a folder that holds something', async () => {
    await expect(checkRestoreTarget(path.join(dir, 'new'))).resolves.toBe(path.join(dir, 'new'));
    mkdirSync(path.join(dir, 'empty'));
    await expect(checkRestoreTarget(path.join(dir, 'empty'))).resolves.toBe(path.join(dir, 'empty'));
    await expect(checkRestoreTarget('relative/folder')).rejects.toMatchObject({ code: 'workflow:errors.restoreRelative' });
    mkdirSync(path.join(dir, 'busy'));
    writeFileSync(path.join(dir, 'busy', 'a.txt'), 'a');
    writeFileSync(path.join(dir, 'busy', 'b.txt'), 'b');
    await expect(checkRestoreTarget(path.join(dir, 'busy'))).rejects.toMatchObject({
      code: 'workflow:errors.restoreNotEmpty',
      message: expect.stringContaining('already holds 2 items') as unknown,
    });
  });
});

describe('compareTrees', () => {
  it('finds a changed byte in a file of the same size, and an extra file', async () => {
    const a = path.join(dir, 'ta');
    const b = path.join(dir, 'tb');
    mkdirSync(a);
    mkdirSync(b);
    writeFileSync(path.join(a, 'f.bin'), Buffer.from([1, 2, 3]));
    writeFileSync(path.join(b, 'f.bin'), Buffer.from([1, 2, 4]));
    writeFileSync(path.join(b, 'extra.txt'), 'x');
    expect(await compareTrees(a, b)).toEqual([
      { path: 'f.bin', reason: 'content' },
      { path: 'extra.txt', reason: 'extra' },
    ]);
  });
});

describe('the completion report', () => {
  const facts: Completion = {
    location: '/srv/staging',
    cloud: 'AzureCloud',
    subscriptionId: '00000000-0000-0000-0000-000000000001',
    resourceGroup: 'rg',
    storageAccount: 'acct',
    container: 'seed',
    agentStaging: false,
    jobs: [{ name: 'job-<1>', driveIds: ['D1'], createdAt: '2026-01-01T00:00:00.000Z', seenStates: [{ state: 'Completed', at: '2026-01-10T00:00:00.000Z' }], lastState: 'Completed' }],
    verify: { at: '2026-01-11T00:00:00.000Z', seconds: 65, container: 'seed', blobs: 3, bytes: 4096, problems: 0, ok: true },
    restore: {
      at: '2026-01-11T01:00:00.000Z',
      seconds: 12,
      to: '/srv/restore',
      files: 3,
      bytes: 4096,
      sources: [{ name: 'finance', source: '/data/finance', identical: false, differences: 1, examples: [{ path: 'a<b>.txt', reason: 'content' }] }],
    },
  };

  it('says what was verified and restored, in the language asked, with every value escaped', () => {
    const en = completionReportHtml(facts, 'en', new Date('2026-01-12T00:00:00.000Z'));
    expect(en).toContain('All 3 blobs in container seed match the manifests');
    expect(en).toContain('finance: 1 difference from the source.');
    expect(en).toContain('job-&lt;1&gt;');
    expect(en).toContain('a&lt;b&gt;.txt');
    expect(en).not.toMatch(/<script|https?:\/\//);
    const de = completionReportHtml(facts, 'de', new Date('2026-01-12T00:00:00.000Z'));
    expect(de).toContain('<html lang="de">');
    expect(de).toContain('Abgeschlossen');
    expect(de).not.toContain('Completed</span>');
  });
});
