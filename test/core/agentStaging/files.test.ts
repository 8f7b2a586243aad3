import { chmod, mkdtemp, rm, symlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAgentFiles, planAgentBlobs } from '../../../src/core/agentStaging/files';
import { makeAgentStaging, snapshotTree, type AgentStagingTree } from '../../helpers/agentStaging';

let base: string;
let tree: AgentStagingTree;
beforeAll(async () => {
  base = await mkdtemp(path.join(os.tmpdir(), 'os-agentfiles-'));
  tree = await makeAgentStaging(path.join(base, 'staging'), { vhdMiB: 5 });
  await symlink('MetaData/catalog.dat', path.join(tree.root, 'link.dat'));
});
afterAll(async () => {
  await chmod(tree.root, 0o755).catch(() => undefined);
  await rm(base, { recursive: true, force: true });
});

describe('listing a staging location the agent wrote', () => {
  it('lists every regular file at any depth in code point order, finds the fixed VHD, reports the link, changes nothing', async () => {
    const before = await snapshotTree(tree.root);
    const l = await listAgentFiles(tree.root);
    expect(l.files.map((f) => f.relPath)).toEqual(tree.files);
    expect(l.files.filter((f) => f.fixedVhd).map((f) => f.relPath)).toEqual([tree.vhd]);
    expect(l.files.find((f) => f.relPath === tree.empty)!.size).toBe(0);
    expect(l.skipped).toEqual(['link.dat']);
    const planned = planAgentBlobs(l.files, { blobPrefix: 'job/', blobType: 'auto' });
    expect(planned.problems).toEqual([]);
    expect(planned.files.filter((f) => f.blobType === 'page').map((f) => f.blobName)).toEqual([`job/${tree.vhd}`]);
    expect(await snapshotTree(tree.root)).toEqual(before);
  });

  it('reads a staging location it may not write to', async () => {
    await chmod(tree.root, 0o555);
    expect((await listAgentFiles(tree.root)).files).toHaveLength(tree.files.length);
  });
});
