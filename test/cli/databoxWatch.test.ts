/**
 * `offline-seed databox status --watch` against the local Azure: it shows the order, shows it again each time its
 * stage changes (the local Azure's clock and datacenter move it), and returns when the order reaches a final status.
 */

import { spawn } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { test } from '../helpers/fixtures';
import type { LocalAzure } from '../helpers/localAzure';
import { dataBoxOrderInput } from '../helpers/dataBoxOrder';
import { connectDataBox, type DataBoxConnection } from '../../src/core/databox/client';
import { markShipped, orderStatus, placeOrder } from '../../src/core/databox/orders';

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

/** Resolves when `text` holds `pattern` `times` times; `text()` reads the output so far. */
async function until(text: () => string, pattern: RegExp, times = 1): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if ((text().match(new RegExp(pattern.source, 'gm')) ?? []).length >= times) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`waited for ${String(pattern)} ×${times} in:\n${text()}`);
}

describe('offline-seed databox status --watch', () => {
  it('shows each change of stage and stops at the final status', async () => {
    const job = 'watch-order';
    await placeOrder(
      c,
      dataBoxOrderInput(azure, job, { dataSizeTB: 1 }),
      { pollMs: 10 },
    );
    const child = spawn(process.execPath, ['bin/offline-seed', 'databox', 'status', '--job', job, '--watch', '--interval', '1'], {
      env: { ...process.env, LANG: 'C', LC_ALL: '', OFFLINE_SEED_LANG: 'en', OFFLINE_SEED_DATA_DIR: dataDir, OFFLINE_SEED_CLOUD: azure.profilePath },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const exited = new Promise<number>((resolve) => child.on('close', (code) => resolve(code ?? 1)));
    try {
      await until(() => out, /^Order watch-order: Ordered \(API: DeviceOrdered\)$/m);
      // Nothing changes: nothing more is shown.
      await new Promise((r) => setTimeout(r, 2500));
      expect(out.match(/^Order watch-order: /gm)).toHaveLength(1);
      await azure.advanceDays(1);
      await until(() => out, /^Order watch-order: Processed \(API: DevicePrepared\)$/m);
      await azure.advanceDays(1);
      await until(() => out, /^Order watch-order: Dispatched$/m);
      const disk = (await azure.dataBoxDeliver(job, path.join(scratch, 'disks'))).disks[0]!.path;
      await until(() => out, /^Order watch-order: Delivered$/m);
      await mkdir(path.join(disk, 'PageBlob', 'offlinebackup'), { recursive: true });
      await writeFile(path.join(disk, 'PageBlob', 'offlinebackup', 'seed.vhd'), randomBytes(4096));
      await markShipped(c, job, 'UPS', '1Z0000000000000002');
      await until(() => out, /^Order watch-order: Picked up \(API: PickedUp\)$/m);
      await azure.dataBoxReceive(job, [disk]);
      expect(await exited, err).toBe(0);
    } finally {
      child.kill();
    }
    expect((await orderStatus(c, job)).status).toBe('Completed');
    // Each status in English, with Azure's value beside a name that differs from it.
    const titles = out.match(/^Order watch-order: .+$/gm);
    expect(titles).toEqual(['Ordered (API: DeviceOrdered)', 'Processed (API: DevicePrepared)', 'Dispatched', 'Delivered', 'Picked up (API: PickedUp)', 'Completed'].map((s) => `Order watch-order: ${s}`));
    expect(out).toContain('The upload is complete.');
  }, 120_000);

  it('refuses an --interval that is not a whole number of seconds, before reaching Azure', async () => {
    const child = spawn(process.execPath, ['bin/offline-seed', 'databox', 'status', '--job', 'x-order', '--watch', '--interval', '0.5'], {
      env: { ...process.env, LANG: 'C', LC_ALL: '', OFFLINE_SEED_LANG: 'en', OFFLINE_SEED_DATA_DIR: dataDir, OFFLINE_SEED_CLOUD: azure.profilePath },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const code = await new Promise<number>((resolve) => child.on('close', (x) => resolve(x ?? 1)));
    expect(code).toBe(2);
    expect(err).toContain('--interval takes a whole number of seconds from 1 to 86400, not 0.5.');
  }, 60_000);
});
