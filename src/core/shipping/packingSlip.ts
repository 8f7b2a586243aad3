/**
 * A printable packing slip (PDF, A4) for one import job: job, drives with serials, tracking number, datacenter address.
 * One package per import job: when the drives were split into several jobs, the slip says the others ship apart.
 */

import { PDFDocument, StandardFonts, rgb, type PDFFont } from 'pdf-lib';
import { translate, type KeyUnder } from '../../shared/i18n/index';
import { formatDate } from '../../shared/i18n/format';
import type { Language } from '../../shared/i18n/languages';
import { addressLines, type DatacenterAddress } from '../../shared/model/address';

export interface PackingSlipInput {
  jobName: string;
  storageAccount: string;
  driveIds: string[];
  carrierName: string;
  trackingNumber: string;
  shipDate: string;
  shipTo: DatacenterAddress | null;
  returnAddress: string[];
  /** The other import jobs the same drives were split into (more than ten drives): each ships in its own package. */
  otherJobs?: string[];
  lang: Language;
}

/** Letters whose accent is part of the glyph (no Unicode decomposition). */
const stroked: Record<string, string> = { Ł: 'L', ł: 'l', Đ: 'D', đ: 'd', Ħ: 'H', ħ: 'h', ı: 'i' };

/** Characters the standard PDF fonts (WinAnsi) cannot draw are replaced by their unaccented form or '?'. */
export function winAnsiSafe(text: string, font: PDFFont): string {
  let out = '';
  for (const ch of text) {
    try {
      font.encodeText(ch);
      out += ch;
    } catch {
      const plain = (stroked[ch] ?? ch).normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
      let ok = plain.length > 0;
      try {
        if (ok) font.encodeText(plain);
      } catch {
        ok = false;
      }
      out += ok ? plain : '?';
    }
  }
  return out;
}

export async function renderPackingSlip(input: PackingSlipInput): Promise<Uint8Array> {
  const t = (k: KeyUnder<'workflow:slip'>, p?: Record<string, unknown>) => translate(input.lang, `workflow:slip.${k}`, p);
  const doc = await PDFDocument.create();
  doc.setTitle(`${t('title')} — ${input.jobName}`);
  doc.setCreator('Offline Seed');
  doc.setProducer('Offline Seed');
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  const mono = await doc.embedFont(StandardFonts.Courier);
  let page = doc.addPage([595.28, 841.89]);
  const margin = 56;
  let y = page.getHeight() - margin;

  const line = (text: string, f: PDFFont = font, size = 11, gap = 5) => {
    if (y < margin + size) {
      page = doc.addPage([595.28, 841.89]);
      y = page.getHeight() - margin;
    }
    page.drawText(winAnsiSafe(text, f), { x: margin, y, size, font: f, color: rgb(0, 0, 0) });
    y -= size + gap;
  };
  /** A sentence wrapped to the page width. */
  const para = (text: string, f: PDFFont = font, size = 10, gap = 4) => {
    const width = page.getWidth() - 2 * margin;
    let current = '';
    for (const word of winAnsiSafe(text, f).split(/\s+/)) {
      const next = current ? `${current} ${word}` : word;
      if (current && f.widthOfTextAtSize(next, size) > width) {
        line(current, f, size, gap);
        current = word;
      } else current = next;
    }
    if (current) line(current, f, size, gap + 4);
  };
  const heading = (text: string) => {
    y -= 8;
    line(text, bold, 13, 6);
  };

  line(t('title'), bold, 20, 10);
  para(t('intro'));
  heading(t('job'));
  line(input.jobName, mono, 14);
  line(`${t('storageAccount')}: ${input.storageAccount}`);
  if (input.otherJobs && input.otherJobs.length > 0) para(t('otherJobs', { job: input.jobName, others: input.otherJobs.join(', ') }), bold);
  heading(t('shipTo'));
  if (input.shipTo?.rehearsal) para(translate(input.lang, 'workflow:importJob.rehearsal'), bold);
  const to = input.shipTo ? addressLines(input.shipTo) : [t('noAddress')];
  for (const l of to) line(l, font, 12, 4);
  heading(t('package'));
  line(`${t('carrier')}: ${input.carrierName}`);
  line(`${t('tracking')}: ${input.trackingNumber}`, bold);
  line(`${t('shipDate')}: ${formatShip(input.shipDate, input.lang)}`);
  line(`${t('driveCount')}: ${input.driveIds.length}`);
  heading(t('drives'));
  input.driveIds.forEach((id, i) => line(`${i + 1}.  ${t('serial')}: ${id}`, mono, 11));
  heading(t('returnTo'));
  for (const l of input.returnAddress) line(l, font, 11, 4);
  y -= 10;
  para(t('note'), font, 9);
  return doc.save();
}

function formatShip(date: string, lang: Language): string {
  const d = /^\d{4}-\d{2}-\d{2}$/.test(date) ? new Date(`${date}T12:00:00Z`) : null;
  return d ? formatDate(d, lang) : date;
}
