/** Status lines say the state, its documented meaning, progress, the deadline and each drive's copy log, in the user's language. */

import { describe, expect, it } from 'vitest';
import { jobStateLabel, statusLines, shipToLines, verifyLines } from '../../src/cli/statusText';
import type { JobStatus } from '../../src/shared/model/jobStatus';
import { jobDeadline } from '../../src/shared/rules/deadline';

const base: JobStatus = {
  name: 'seed',
  resourceGroup: 'rg',
  state: 'Closed',
  outcome: 'failed',
  terminal: true,
  cancelRequested: false,
  percentComplete: 50,
  bytesSucceeded: 3 * 1024 * 1024,
  location: 'West US',
  shipTo: null,
  supportedCarriers: ['FedEx'],
  trackingNumber: '992016102507',
  carrierName: 'FedEx',
  drives: [
    { driveId: 'AAA', state: 'Completed', percentComplete: 100, bytesSucceeded: 3 * 1024 * 1024, copyStatus: 'Completed' },
    {
      driveId: 'BBB',
      state: 'CompletedMoreInfo',
      percentComplete: 0,
      bytesSucceeded: 0,
      copyStatus: 'Failed',
      log: {
        driveId: 'BBB',
        status: 'ManifestCorrupted',
        blobs: [
          { blobPath: 'seed/packs/2.pack', status: 'Failed' },
          { blobPath: 'seed/packs/1.pack', status: 'Completed' },
        ],
      },
    },
  ],
  deadline: null,
  checkedAt: '2026-03-01T00:00:00Z',
};

describe('statusLines', () => {
  it('explains the job and drive states and lists the failed blobs first', () => {
    const text = statusLines(base, 'en').join('\n');
    expect(text).toContain('Import job seed (rg): Closed');
    expect(text).toContain('errors occurred');
    expect(text).toContain('Sent with FedEx, tracking number 992016102507');
    expect(text).toContain('BBB: Completed, see the log (API: CompletedMoreInfo)');
    expect(text).toContain('Copy log of drive BBB: ManifestCorrupted — The drive manifest does not match the job');
    expect(text.indexOf('seed/packs/2.pack: Failed')).toBeLessThan(text.indexOf('seed/packs/1.pack: Completed'));
  });

  it('shows the countdown while Creating, and a passed deadline, in another language', () => {
    const creating: JobStatus = {
      ...base,
      state: 'Creating',
      outcome: 'pending',
      terminal: false,
      drives: [],
      shipTo: { recipientName: 'Microsoft Azure Import/Export Service', streetAddress1: '2045 Lafayette Street', city: 'Santa Clara', postalCode: '95050', countryOrRegion: 'USA' },
      deadline: jobDeadline('Creating', '2026-01-01T00:00:00Z', '2026-01-20T00:00:00Z'),
    };
    const de = statusLines(creating, 'de').join('\n');
    expect(de).toContain('Die zwei Wochen für die Sendungsnummer endeten');
    expect(de).toContain('2045 Lafayette Street');
  });

  it('says a rehearsal datacenter of the local Azure is no address to ship to, before its address', () => {
    const shipTo = { recipientName: 'Offline Seed rehearsal datacenter', streetAddress1: 'Rehearsal only, not a Microsoft address', city: 'Amsterdam', postalCode: '', countryOrRegion: 'Netherlands', rehearsal: true };
    const lines = shipToLines({ name: 'seed', resourceGroup: 'rg', state: 'Creating', location: 'West Europe', driveIds: [], shipTo, supportedCarriers: ['FedEx', 'DHL'] }, 'en');
    const warning = lines.indexOf('Rehearsal datacenter of the local Azure: this is not a Microsoft address, never ship drives to it.');
    expect(warning).toBeGreaterThan(0);
    expect(warning).toBeLessThan(lines.findIndex((l) => l.includes('Amsterdam')));
    const creating: JobStatus = { ...base, state: 'Creating', outcome: 'pending', terminal: false, drives: [], shipTo };
    expect(statusLines(creating, 'nl').join('\n')).toContain('Oefendatacenter');
  });

  it('says a cancelled job was cancelled, not imported, though Azure shows it Completed', () => {
    const cancelled: JobStatus = { ...base, state: 'Completed', outcome: 'cancelled', cancelRequested: true, drives: [] };
    const text = statusLines(cancelled, 'en').join('\n');
    expect(text).toContain('This job was cancelled: it is not a finished import, even though Azure shows it as Completed.');
    expect(text).not.toContain('imported without errors');
    expect(statusLines({ ...cancelled, outcome: 'succeeded', cancelRequested: false }, 'en').join('\n')).toContain('imported without errors');
  });

  it('names the states as the wizard’s Monitor timeline does, in the user’s language, with the API’s name beside them', () => {
    const fr = statusLines(base, 'fr').join('\n');
    expect(fr).toContain("Travail d'importation seed (rg) : Clôturé (API : Closed)");
    expect(fr).toContain('BBB : Terminé, voir le journal (API : CompletedMoreInfo)');
    expect(fr).toContain('AAA : Terminé (API : Completed)');
    expect(fr).not.toContain('(rg) : Closed');
    // In English the names are the API's own, but for one: no need to say them twice.
    expect(statusLines({ ...base, state: 'Canceled', outcome: 'cancelled' }, 'en')[0]).toBe('Import job seed (rg): Cancelled (API: Canceled)');
    expect(jobStateLabel('Transferring', 'de')).toBe('Übertragung (API: Transferring)');
    expect(jobStateLabel('Transferring', 'en')).toBe('Transferring');
    expect(jobStateLabel('Weird', 'it')).toBe('Stato sconosciuto (API: Weird)');
  });

  it('names the alternate location when the job location is closed', () => {
    const lines = shipToLines(
      { name: 'seed', resourceGroup: 'rg', state: 'Creating', location: 'East US', driveIds: [], shipTo: null, supportedCarriers: [], alternateLocation: 'East US 2' },
      'fr',
    ).join('\n');
    expect(lines).toContain('temporairement fermé');
    expect(lines).toContain("n'importe quel transporteur");
  });
});

describe('verify lines', () => {
  it('count the blobs that do not match and name each problem with its drive, in the user\'s language', () => {
    const report = {
      container: 'seed',
      expectedBlobs: 5,
      checkedBlobs: 5,
      matched: 2,
      bytes: 2048,
      problems: [
        { blobPath: 'index/index.json', kind: 'lengthMismatch' as const, expected: 12, actual: 9, driveId: 'DRIVE-B' },
        { blobPath: 'packs/000003.pack', kind: 'md5Mismatch' as const, expected: 'A'.repeat(32), actual: 'B'.repeat(32), driveId: 'DRIVE-A' },
        { blobPath: 'packs/000004.pack', kind: 'missing' as const, driveId: 'DRIVE-B' },
      ],
      extra: ['other/backup.bin'],
      ok: false,
    };
    const text = verifyLines(report, 'en').join('\n');
    expect(text).toContain('3 of 5 blobs in container seed do not match the manifests');
    expect(text).toContain('packs/000004.pack: missing (drive DRIVE-B)');
    expect(verifyLines(report, 'nl').join('\n')).toContain('ontbreekt');
  });
});
