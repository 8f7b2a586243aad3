/**
 * A staging location the backup agent wrote must hold still for the whole run. A file that changed, appeared or
 * was removed after the step listed it stops the run before any drive is written; one that changes or disappears
 * during the copy makes the run end without "ready to ship", naming it. The drives here are folders (`dir:`).
 */

import { appendFile, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJobContext } from '../../../src/core/jobs';
import { dirDrive } from '../../../src/core/drives/resolve';
import { assertReadyToShip } from '../../../src/core/drives/prepareAndCopy';
import { openAgentStaging, openDrivesStep, prepareDrives } from '../../../src/core/usecases';
import { OfflineSeedError } from '../../../src/shared/errors';
import { makeAgentStaging } from '../../helpers/agentStaging';

let base: string;
beforeAll(async () => {
  base = await mkdtemp(path.join(os.tmpdir(), 'os-agentsteady-'));
});
afterAll(async () => {
  await rm(base, { recursive: true, force: true });
});

/** A fresh agent staging location, its session recorded in a data folder, the drives step opened, one empty drive folder. */
async function opened(name: string) {
  const root = path.join(base, name);
  const tree = await makeAgentStaging(path.join(root, 'staging'), { vhdMiB: 2 });
  const env = { dataDir: path.join(root, 'data') };
  await openAgentStaging(
    env,
    { stagingDir: tree.root, importJobName: 'steady', subscriptionId: '00000000-0000-0000-0000-000000000001', resourceGroup: 'rg', storageAccount: 'acct', container: 'steady' },
    // A local profile path: a rehearsal, so folder drives get an emulated BitLocker key.
    { cloud: path.join(root, 'cloud.json') },
  );
  const step = await openDrivesStep(env, tree.root);
  const driveDir = path.join(root, 'drive');
  await mkdir(driveDir);
  return { tree, step, driveDir, drive: await dirDrive(driveDir) };
}

async function rejection(p: Promise<unknown>): Promise<OfflineSeedError> {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(OfflineSeedError);
  return e as OfflineSeedError;
}

describe('a staging location the agent wrote holds still for the whole run', () => {
  it('a file changed after the listing stops the run before any drive is written, naming the file', async () => {
    const { tree, step, driveDir, drive } = await opened('changed-before');
    const changed = tree.files.find((f) => f.endsWith('catalog.dat'))!;
    await appendFile(path.join(tree.root, ...changed.split('/')), 'more');
    const e = await rejection(prepareDrives(step, [drive], createJobContext('copy')));
    expect(e.code).toBe('agent:errors.changedBeforeCopy');
    expect(e.params.file).toBe(changed);
    expect(await readdir(driveDir)).toEqual([]);
    expect(await readdir(path.join(step.stagingDir, 'journals')).catch(() => [])).toEqual([]);
  });

  it('a file that appeared or was removed after the listing stops it too', async () => {
    const added = await opened('added-before');
    await writeFile(path.join(added.tree.root, 'MARS', 'late.dat'), 'late');
    const e1 = await rejection(prepareDrives(added.step, [added.drive], createJobContext('copy')));
    expect([e1.code, e1.params.file]).toEqual(['agent:errors.changedBeforeCopy', 'MARS/late.dat']);
    expect(await readdir(added.driveDir)).toEqual([]);

    const removed = await opened('removed-before');
    await rm(path.join(removed.tree.root, ...removed.tree.empty.split('/')));
    const e2 = await rejection(prepareDrives(removed.step, [removed.drive], createJobContext('copy')));
    expect([e2.code, e2.params.file]).toEqual(['agent:errors.changedBeforeCopy', removed.tree.empty]);
    expect(await readdir(removed.driveDir)).toEqual([]);
  });

  it('a file changed after its copy, or removed before its turn, during the run: not ready to ship, both named', async () => {
    const { tree, step, drive } = await opened('during');
    let firstCopied: string | null = null;
    // After the first file is journaled: it changes, and the empty file (copied last: largest first) is removed.
    const out = await prepareDrives(step, [drive], createJobContext('copy'), undefined, {
      afterFile: async (rel) => {
        if (firstCopied) return;
        firstCopied = rel;
        await appendFile(path.join(tree.root, ...rel.split('/')), 'x');
        await rm(path.join(tree.root, ...tree.empty.split('/')));
      },
    });
    expect(firstCopied).not.toBeNull();
    expect(firstCopied).not.toBe(tree.empty);
    expect(out.result.complete).toBe(false);
    expect(out.result.changed).toEqual([firstCopied!, tree.empty].sort());
    const e = (() => {
      try {
        assertReadyToShip(out);
        return null;
      } catch (x) {
        return x as OfflineSeedError;
      }
    })();
    expect(e?.code).toBe('agent:errors.changedAfterCopy');
    expect(e?.params.file).toBe([firstCopied!, tree.empty].sort()[0]);
  });
});
