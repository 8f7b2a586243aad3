/** The packing slip is a real PDF that names the job, every drive serial, the tracking number and the datacenter address. */

import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { PDFDocument, PDFRawStream, StandardFonts } from 'pdf-lib';
import { renderPackingSlip, winAnsiSafe } from '../../../src/core/shipping/packingSlip';
import { returnAddressLines } from '../../../src/core/shipping/shipping';
import { sampleShippingDetails } from '../../helpers/shipping';

/** The text drawn on the pages: pdf-lib writes each line as a hex string shown with Tj. */
async function pdfText(bytes: Uint8Array): Promise<string> {
  const doc = await PDFDocument.load(bytes);
  const parts: string[] = [];
  for (const [, obj] of doc.context.enumerateIndirectObjects()) {
    if (!(obj instanceof PDFRawStream)) continue;
    let content = Buffer.from(obj.contents);
    try {
      content = inflateSync(content);
    } catch {
      // not compressed
    }
    for (const m of content.toString('latin1').matchAll(/<([0-9A-Fa-f]+)>\s*Tj/g)) parts.push(Buffer.from(m[1]!, 'hex').toString('latin1'));
  }
  return parts.join('\n');
}

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

  it('replaces only what WinAnsi cannot draw', async () => {
    const font = await (await PDFDocument.create()).embedFont(StandardFonts.Helvetica);
    expect(winAnsiSafe('Zürich – “Bâle”', font)).toBe('Zürich – “Bâle”');
    expect(winAnsiSafe('Kraków Łódź Čapek', font)).toBe('Kraków Lódz Capek');
  });
});
