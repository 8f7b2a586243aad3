/**
 * `offline-seed databox status` names the order's status, its stages and each disk's copy status in the user's
 * language, with Azure's value beside a name that differs from it ("(API: DataCopy)"), the way the Import/Export
 * route's status does; a value Azure adds later gets the unknown name and its own spelling, never an empty label.
 * A stage's time is written in the user's language, as the other commands write times, not as Azure's ISO time.
 */

import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { statusLines } from '../../src/cli/commands/databox';
import { createCliContext } from '../../src/cli/context';
import { formatDateTime } from '../../src/shared/i18n/format';
import type { Language } from '../../src/shared/i18n/languages';
import type { DataBoxStatus } from '../../src/shared/model/dataBox';

const ctxIn = (lang: Language) =>
  createCliContext({ stdin: new PassThrough(), stdout: new PassThrough(), stderr: new PassThrough(), env: {}, cwd: process.cwd() } as never, { lang, json: false, cloud: undefined });

/** An order in DataCopy as Azure sends it, with Azure's English display names, and two disks. */
const copying: DataBoxStatus = {
  jobName: 'seed-db',
  resourceGroup: 'rg',
  status: 'DataCopy',
  isCancellable: false,
  isDeletable: false,
  stages: [
    { name: 'DeviceOrdered', displayName: 'Ordered', status: 'Succeeded', time: '2026-11-02T10:00:00.000Z' },
    { name: 'Delivered', displayName: 'Delivered', status: 'Succeeded', time: '2026-11-05T10:00:00.000Z' },
    { name: 'DataCopy', displayName: 'Data copy in progress', status: 'InProgress' },
    { name: 'Completed', displayName: 'Completed', status: 'None' },
  ],
  disks: [
    { serialNumber: 'SN-1', status: 'InProgress', percentComplete: 40, bytesCopied: 1024 },
    { serialNumber: 'SN-2', status: 'DriveCorrupted', percentComplete: 0, bytesCopied: 0 },
  ],
  logs: [],
  actions: [],
  final: false,
};

describe('databox status lines', () => {
  it('name the status, the stages and the copy statuses in French, with the API value beside them', () => {
    const out = statusLines(ctxIn('fr'), copying).join('\n');
    expect(out).toContain('Commande seed-db : Copie des données en cours (API : DataCopy)');
    expect(out).toContain('[x] Commandée (API : DeviceOrdered)');
    expect(out).toContain('[>] Copie des données en cours (API : DataCopy)');
    expect(out).toContain('[ ] Terminée (API : Completed)');
    expect(out).toContain('Disque SN-1 : Copie en cours (API : InProgress)');
    expect(out).toContain('Disque SN-2 : Échec de la copie, disque endommagé (API : DriveCorrupted)');
    // Azure's English display name is not shown as if it were ours.
    expect(out).not.toContain('Data copy in progress');
  });

  it('name them in German', () => {
    const out = statusLines(ctxIn('de'), copying).join('\n');
    expect(out).toContain('Bestellung seed-db: Datenkopie läuft (API: DataCopy)');
    expect(out).toContain('[x] Zugestellt (API: Delivered)');
    expect(out).toContain('Datenträger SN-1: Läuft (API: InProgress)');
  });

  it('show only the name where it is already the API value, in English', () => {
    const lines = statusLines(ctxIn('en'), { ...copying, status: 'Delivered', disks: [{ serialNumber: 'SN-1', status: 'Completed', percentComplete: 100, bytesCopied: 1024 }] });
    expect(lines[0]).toBe('Order seed-db: Delivered');
    expect(lines).toContain(`  [x] Ordered (API: DeviceOrdered)  ${formatDateTime('2026-11-02T10:00:00.000Z', 'en')}`);
    expect(lines.join('\n')).toContain('Disk SN-1: Completed, ');
    expect(lines.join('\n')).not.toContain('(API: Delivered)');
  });

  it("write each stage's time in the user's language, not as Azure's ISO time", () => {
    const fr = statusLines(ctxIn('fr'), copying);
    const frTime = formatDateTime('2026-11-05T10:00:00.000Z', 'fr');
    // "5 nov. 2026, 10:00" in UTC; the hour follows the machine's time zone, as the other commands' times do.
    expect(frTime).toMatch(/nov\. 2026/);
    expect(fr).toContain(`  [x] Livrée (API : Delivered)  ${frTime}`);
    const de = statusLines(ctxIn('de'), copying);
    const deTime = formatDateTime('2026-11-02T10:00:00.000Z', 'de');
    expect(deTime).toMatch(/\d\d\.11\.2026/);
    expect(de).toContain(`  [x] Bestellt (API: DeviceOrdered)  ${deTime}`);
    for (const out of [fr, de]) expect(out.join('\n')).not.toMatch(/\d{4}-\d\d-\d\dT/);
  });

  it('leave a stage Azure gives no time without one', () => {
    const lines = statusLines(ctxIn('en'), { ...copying, stages: [{ name: 'Delivered', displayName: 'Delivered', status: 'Succeeded' }] });
    expect(lines).toContain('  [x] Delivered  ');
  });

  it('give a value Azure adds later the unknown name and its own spelling, in every place', () => {
    const later: DataBoxStatus = {
      ...copying,
      status: 'SomethingNew',
      stages: [{ name: 'SomethingNew', displayName: 'Something new', status: 'InProgress' }],
      disks: [{ serialNumber: 'SN-1', status: 'SomethingNew', percentComplete: 0, bytesCopied: 0 }],
    };
    const de = statusLines(ctxIn('de'), later);
    expect(de[0]).toBe('Bestellung seed-db: Unbekannte Phase (API: SomethingNew)');
    expect(de).toContain('  [>] Unbekannte Phase (API: SomethingNew)');
    expect(de.join('\n')).toContain('Datenträger SN-1: Unbekannter Kopierstatus (API: SomethingNew)');
    expect(de.at(-1)).toBe('Die Bestellung hat den Status Unbekannte Phase (API: SomethingNew); was Microsoft benötigt, sehen Sie im Azure-Portal.');
    const en = statusLines(ctxIn('en'), later);
    expect(en[0]).toBe('Order seed-db: Unknown stage (API: SomethingNew)');
    expect(en.join('\n')).toContain('Disk SN-1: Unknown copy status (API: SomethingNew)');
  });

  it('never print an empty label when Azure sends no value', () => {
    const lines = statusLines(ctxIn('it'), { ...copying, stages: [{ name: '', displayName: '', status: 'None' }], disks: [{ serialNumber: 'SN-1', status: '', percentComplete: 0, bytesCopied: 0 }] });
    expect(lines).toContain('  [ ] Fase sconosciuta');
    expect(lines.join('\n')).toContain('Disco SN-1: Stato della copia sconosciuto, ');
  });
});
