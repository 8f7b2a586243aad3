/**
 * The Data Box commands other than `status` name the order's status the way `status` does, in the user's language
 * with Azure's value beside a name that differs from it: `databox order` once the order is placed, `databox ship`,
 * and the refusals of `databox cancel` and `databox delete`. Runs the command in this process against the local
 * Azure.
 */

import { mkdir, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect } from 'vitest';
import { test } from '../helpers/fixtures';
import type { LocalAzure } from '../helpers/localAzure';
import { run } from '../../src/cli/commands/databox';
import { createCliContext } from '../../src/cli/context';
import { localizeError } from '../../src/shared/i18n';
import type { Language } from '../../src/shared/i18n/languages';

let azure: LocalAzure;
let dataDir: string;
let scratch: string;

test.beforeAll(async ({ localAzure, tmp }) => {
  azure = localAzure;
  scratch = tmp;
  dataDir = path.join(tmp, 'app-data');
}, 60_000);

/** Runs `offline-seed databox <argv>` in `lang`; gives its exit code or its error's sentence, and what it printed. */
async function databox(lang: Language, argv: string[]): Promise<{ code: number; out: string; error?: string }> {
  const stdout = new PassThrough();
  let out = '';
  stdout.on('data', (d: Buffer) => (out += d.toString()));
  const io = { stdin: new PassThrough(), stdout, stderr: new PassThrough(), env: { OFFLINE_SEED_DATA_DIR: dataDir }, cwd: scratch };
  const ctx = createCliContext(io as never, { lang, json: false, cloud: azure.profilePath });
  try {
    return { code: await run(ctx, argv), out };
  } catch (e) {
    return { code: 1, out, error: localizeError(e, lang).message };
  }
}

describe('databox command messages', () => {
  test('name the order status after order, ship, and in the cancel and delete refusals', async () => {
    const job = 'msgs-order';
    const order = await databox('de', ['order', '--register', '--job', job, '--size-tb', '1', '--contact', 'Backup Operator', '--phone', '+31201234567', '--email', 'backup@example.com', '--street', 'Keizersgracht 1', '--city', 'Amsterdam', '--postal-code', '1015 CJ', '--country', 'NL']);
    expect(order.error).toBeUndefined();
    expect(order.out).toContain('Die Bestellung msgs-order ist aufgegeben und von Azure validiert: Bestellt (API: DeviceOrdered).');

    await azure.advanceDays(1);
    await azure.advanceDays(1);
    const disk = (await azure.dataBoxDeliver(job, path.join(scratch, 'disks'))).disks[0]!.path;

    const cancel = await databox('de', ['cancel', '--job', job]);
    expect(cancel.error).toContain('Die Bestellung msgs-order hat den Status Zugestellt (API: Delivered) und kann nicht mehr storniert werden');
    const remove = await databox('fr', ['delete', '--job', job]);
    expect(remove.error).toContain("La commande msgs-order est à l'état Livrée (API : Delivered) et ne peut pas encore être supprimée");
    // English names Delivered as Azure does, and the sentence reads with a status name.
    expect((await databox('en', ['delete', '--job', job])).error).toContain('Order msgs-order has the status Delivered and cannot be deleted yet');

    await mkdir(path.join(disk, 'PageBlob', 'offlinebackup'), { recursive: true });
    await writeFile(path.join(disk, 'PageBlob', 'offlinebackup', 'seed.vhd'), randomBytes(4096));
    const ship = await databox('fr', ['ship', '--job', job, '--carrier', 'UPS', '--tracking', '1Z0000000000000003']);
    expect(ship.error).toBeUndefined();
    expect(ship.out).toContain('La commande msgs-order est marquée comme expédiée avec UPS (1Z0000000000000003) : Prise en charge par le transporteur (API : PickedUp).');
  }, 120_000);
});
