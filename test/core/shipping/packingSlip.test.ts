/** The packing slip is a real PDF that names the job, every drive serial, the tracking number and the datacenter address. */

import { describe, expect, it } from 'vitest';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { pdfText } from '../../helpers/pdf';
import { renderPackingSlip, winAnsiSafe } from '../../../src/core/shipping/packingSlip';
import { returnAddressLines } from '../../../src/core/shipping/shipping';
import { sampleShippingDetails } from '../../helpers/shipping';

const input = {
  jobName: 'seed-2026-03',
  storageAccount: 'contosobackup',
  driveIds: ['WD-WCC4N1234567', 'S3Z9NB0K123456'],
  carrierName: 'FedEx',
  trackingNumber: '992016102507',
  shipDate: '2026-03-02',
  shipTo: {
    recipientName: 'Microsoft Azure Import/Export Service',
    streetAddress1: '2045 Lafayette Street',
    city: 'Santa Clara',
    stateOrProvince: 'CA',
    postalCode: '95050',
    countryOrRegion: 'USA',
    phone: '408 352 7600',
  },
  returnAddress: returnAddressLines(sampleShippingDetails()),
};

describe('renderPackingSlip', () => {
  it('writes a one-page PDF with the job, serials, tracking number, datacenter and return addresses', async () => {
    const bytes = await renderPackingSlip({ ...input, lang: 'en' });
    expect(Buffer.from(bytes.subarray(0, 5)).toString()).toBe('%PDF-');
    const doc = await PDFDocument.load(bytes);
    expect(doc.getPageCount()).toBe(1);
    expect(doc.getTitle()).toContain('seed-2026-03');
    const text = await pdfText(bytes);
    for (const s of ['seed-2026-03', 'WD-WCC4N1234567', 'S3Z9NB0K123456', '992016102507', '2045 Lafayette Street', 'Santa Clara CA 95050', 'Tracking number', 'Redmond WA 98052', 'FedEx 123456789'])
      expect(text).toContain(s);
  });

  it('speaks the user language and survives characters the standard fonts lack', async () => {
    const bytes = await renderPackingSlip({ ...input, shipTo: { ...input.shipTo, city: 'Łódź 東京' }, lang: 'de' });
    const text = await pdfText(bytes);
    expect(text).toContain('Sendungsnummer');
    expect(text).toContain('Lódz ??');
  });

  it('says on a split job\'s slip that only its drives are in the package and the other jobs ship apart', async () => {
    const flat = (t: string) => t.replace(/\s+/g, ' ');
    const alone = flat(await pdfText(await renderPackingSlip({ ...input, lang: 'en' })));
    expect(alone).not.toContain('ship in their own packages');
    const split = flat(await pdfText(await renderPackingSlip({ ...input, jobName: 'seed-1', otherJobs: ['seed-2'], lang: 'en' })));
    expect(split).toContain('Only the drives of import job seed-1 go in this package; import jobs seed-2 ship in their own packages, each with its own tracking number and packing slip.');
    const fr = flat(await pdfText(await renderPackingSlip({ ...input, jobName: 'seed-1', otherJobs: ['seed-2'], lang: 'fr' })));
    expect(fr).toContain('seed-2 sont expédiés dans leurs propres colis');
  });

  it('warns in bold that a rehearsal datacenter of the local Azure is no address to ship to', async () => {
    const text = (await pdfText(await renderPackingSlip({ ...input, shipTo: { ...input.shipTo, rehearsal: true }, lang: 'en' }))).replace(/\s+/g, ' ');
    expect(text).toContain('Rehearsal datacenter of the local Azure: this is not a Microsoft address, never ship drives to it.');
    expect((await pdfText(await renderPackingSlip({ ...input, lang: 'en' }))).replace(/\s+/g, ' ')).not.toContain('not a Microsoft address');
  });

  it('replaces only what WinAnsi cannot draw', async () => {
    const font = await (await PDFDocument.create()).embedFont(StandardFonts.Helvetica);
    expect(winAnsiSafe('Zürich – “Bâle”', font)).toBe('Zürich – “Bâle”');
    expect(winAnsiSafe('Kraków Łódź Čapek', font)).toBe('Kraków Lódz Capek');
  });
});
