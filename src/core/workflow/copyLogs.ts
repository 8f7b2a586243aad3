/** Parses the service's copy logs (`<DriveLog Version="2014-11-01">`, reference §1.9) into per-blob statuses. */

import { XMLParser } from 'fast-xml-parser';
import type { CopyLog, CopyLogBlob } from '../../shared/model/jobStatus';

export type { CopyLog, CopyLogBlob };

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  parseTagValue: false,
  trimValues: true,
  isArray: (name) => name === 'Blob',
});

const text = (v: unknown): string => (typeof v === 'string' ? v : v && typeof v === 'object' && '#text' in v ? String((v as Record<string, unknown>)['#text']) : '');

/** Every `<Blob>` element below `node`, wherever the log nests them. */
function collectBlobs(node: unknown, out: Array<Record<string, unknown>>): void {
  if (!node || typeof node !== 'object') return;
  for (const [k, v] of Object.entries(node as Record<string, unknown>)) {
    if (k === 'Blob' && Array.isArray(v)) for (const b of v) if (b && typeof b === 'object') out.push(b as Record<string, unknown>);
    if (k !== 'Blob') collectBlobs(v, out);
  }
}

export function parseCopyLog(xml: string): CopyLog | null {
  let doc: Record<string, unknown>;
  try {
    doc = parser.parse(xml) as Record<string, unknown>;
  } catch {
    return null;
  }
  const log = doc.DriveLog as Record<string, unknown> | undefined;
  if (!log) return null;
  const raw: Array<Record<string, unknown>> = [];
  collectBlobs(log, raw);
  return {
    driveId: text(log.DriveId),
    status: text(log.Status),
    blobs: raw.map((b) => {
      const length = Number(text(b.Length));
      const filePath = text(b.FilePath);
      return {
        blobPath: text(b.BlobPath),
        ...(filePath ? { filePath } : {}),
        status: String(b['@Status'] ?? text(b.Status) ?? ''),
        ...(Number.isFinite(length) && text(b.Length) !== '' ? { length } : {}),
      };
    }),
  };
}
