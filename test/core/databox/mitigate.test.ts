/**
 * Mitigate: when the upload leaves something behind, the local Azure's order waits in DataCopy for the customer to
 * review the errors (details.actions MoveToCleanUpDevice, its choice after Microsoft's "Review copy errors from
 * upload"); core offers exactly that answer, refuses another one, and the answer completes the order.
 */

import { spawn } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { test } from '../../helpers/fixtures';
import type { LocalAzure } from '../../helpers/localAzure';
import { dataBoxOrderInput } from '../../helpers/dataBoxOrder';
import { connectDataBox, type DataBoxConnection } from '../../../src/core/databox/client';
import { mitigateOrder, orderStatus, placeOrder } from '../../../src/core/databox/orders';
import { OfflineSeedError } from '../../../src/shared/errors';

/** The command line as a child process (asynchronous: the local Azure answers from this process). */
function cli(args: string[], env: NodeJS.ProcessEnv): Promise<{ status: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['bin/offline-seed', ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ status: code ?? 1, stdout, stderr }));
  });
}

let azure: LocalAzure;
let c: DataBoxConnection;
let dataDir: string;
let scratch: string;

test.beforeAll(async ({ localAzure, tmp }) => {
  azure = localAzure;
  scratch = tmp;
  dataDir = path.join(tmp, 'app-data');
  c = await connectDataBox({ cloud: azure.profilePath, dataDir, env: {} });
  await c.arm.registerProvider(azure.profile.subscriptionId, 'Microsoft.DataBox', 'shipping');
}, 60_000);

describe('answering what the service asks (mitigate)', () => {
  it('offers MoveToCleanUpDevice after an upload with errors, refuses another answer, and completes with it', async () => {
    const job = 'mitigate-order';
    // 8 TB: two disks; only one comes back, so the other one's data is not uploaded.
    await placeOrder(
      c,
      dataBoxOrderInput(azure, job, { dataSizeTB: 8 }),
      { pollMs: 10 },
    );
    await azure.advanceDays(3);
    const disks = (await azure.dataBoxDeliver(job, path.join(scratch, 'disks'))).disks;
    expect(disks).toHaveLength(2);
    await mkdir(path.join(disks[0]!.path, 'PageBlob', 'offlinebackup'), { recursive: true });
    await writeFile(path.join(disks[0]!.path, 'PageBlob', 'offlinebackup', 'seed.vhd'), Buffer.alloc(4096, 3));
    await azure.dataBoxReceive(job, [disks[0]!.path]);

    const waiting = await orderStatus(c, job);
    expect([waiting.status, waiting.actions, waiting.final]).toEqual(['DataCopy', ['MoveToCleanUpDevice'], false]);
    const refused = await mitigateOrder(c, job, 'Resume').then(
      () => null,
      (e: unknown) => e,
    );
    expect(refused).toBeInstanceOf(OfflineSeedError);
    expect((refused as OfflineSeedError).message).toBe(`Order ${job} does not ask for Resume now (it asks for: MoveToCleanUpDevice): read its status with offline-seed databox status.`);

    const env = { ...process.env, LANG: 'C', LC_ALL: '', OFFLINE_SEED_LANG: 'en', OFFLINE_SEED_DATA_DIR: dataDir, OFFLINE_SEED_CLOUD: azure.profilePath };
    const shown = await cli(['databox', 'status', '--job', job], env);
    expect(shown.stdout).toContain(`Azure asks for an answer: MoveToCleanUpDevice. Read the upload logs, then answer with offline-seed databox mitigate --job ${job} --action <answer>.`);
    const answered = await cli(['databox', 'mitigate', '--job', job, '--action', 'MoveToCleanUpDevice'], env);
    expect(answered.status, answered.stderr).toBe(0);
    expect(answered.stdout).toContain(`Order ${job} has the answer MoveToCleanUpDevice: Completed with errors (API: CompletedWithErrors).`);
    const done = await orderStatus(c, job);
    expect([done.status, done.actions, done.final, done.isDeletable]).toEqual(['CompletedWithErrors', [], true, true]);
  }, 120_000);

  it('without an answer, the order completes by itself after 14 days on the local Azure’s clock', async () => {
    const job = 'mitigate-wait';
    await placeOrder(
      c,
      dataBoxOrderInput(azure, job, { dataSizeTB: 8 }),
      { pollMs: 10 },
    );
    await azure.advanceDays(3);
    const disks = (await azure.dataBoxDeliver(job, path.join(scratch, 'disks-2'))).disks;
    await azure.dataBoxReceive(job, [disks[0]!.path]);
    expect((await orderStatus(c, job)).actions).toEqual(['MoveToCleanUpDevice']);
    await azure.advanceDays(13);
    expect((await orderStatus(c, job)).status).toBe('DataCopy');
    await azure.advanceDays(1);
    expect((await orderStatus(c, job)).status).toBe('CompletedWithErrors');
  }, 120_000);
});
