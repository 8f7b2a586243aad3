/**
 * Reads the service's copy logs, `<DriveLog Version="2014-11-01">` error and verbose logs, as Microsoft documents
 * them in "Azure Import/Export service log file format":
 * https://learn.microsoft.com/previous-versions/azure/dn529094(v=azure.100)
 * The error log has the verbose log's structure with the successful operations filtered out. Blobs carry a Status
 * attribute, an optional ImportDisposition with its own Status, and a BlockList or PageRangeList whose entries have
 * Offset, Length, optional Id and Hash, and a Status.
 */

import { formatXmlParser } from './xml';
import type { CopyLog, CopyLogBlob } from '../../shared/model/jobStatus';

export interface CopyLogRange {
  kind: 'block' | 'page';
  offset: number;
  length: number;
  /** Base64 block Id (blocks only, when the log names it). */
  id?: string;
  /** Base16 MD5, upper case, when the log gives it. */
  hash?: string;
  /** Completed, Committed, Uncommitted, Corrupted, FileUnexpectedEnd, Cancelled, … */
  status: string;
}

/** A blob of the log with what the monitor shows (shared/model) and the rest the format carries. */
export interface CopyLogEntry extends CopyLogBlob {
  /** The blob's import disposition (rename, no-overwrite, overwrite) and how it was resolved (Created, Renamed, …). */
  importDisposition?: { value: string; status: string };
  /** The blocks or page ranges the log lists for this blob (the error log lists only those that failed). */
  ranges?: CopyLogRange[];
}

/** A whole copy log: the monitor's CopyLog (shared/model/jobStatus.ts) with every blob's details. */
export interface CopyLogDocument extends CopyLog {
  blobs: CopyLogEntry[];
}

const parser = formatXmlParser(['Blob', 'Block', 'PageRange']);

const text = (v: unknown): string => (typeof v === 'string' ? v.trim() : v && typeof v === 'object' && '#text' in v ? String((v as Record<string, unknown>)['#text']).trim() : '');
const attr = (v: unknown, name: string): string => (v && typeof v === 'object' ? text((v as Record<string, unknown>)[`@${name}`]) : '');

/** Every `<Blob>` element below `node`, wherever the log nests them. */
function collectBlobs(node: unknown, out: Array<Record<string, unknown>>): void {
  if (!node || typeof node !== 'object') return;
  for (const [k, v] of Object.entries(node as Record<string, unknown>)) {
    if (k === 'Blob' && Array.isArray(v)) for (const b of v) if (b && typeof b === 'object') out.push(b as Record<string, unknown>);
    if (k !== 'Blob') collectBlobs(v, out);
  }
}

function ranges(list: unknown, element: 'Block' | 'PageRange', kind: CopyLogRange['kind']): CopyLogRange[] {
  if (!list || typeof list !== 'object') return [];
  const items = (list as Record<string, unknown>)[element];
  return (Array.isArray(items) ? items : []).map((r) => {
    const id = attr(r, 'Id');
    const hash = attr(r, 'Hash').toUpperCase();
    return { kind, offset: Number(attr(r, 'Offset')), length: Number(attr(r, 'Length')), ...(id ? { id } : {}), ...(hash ? { hash } : {}), status: attr(r, 'Status') };
  });
}

/** The log's drive id, drive status and blobs; null when `xml` is not a DriveLog document. */
export function parseCopyLog(xml: string): CopyLogDocument | null {
  let doc: Record<string, unknown>;
  try {
    doc = parser.parse(xml) as Record<string, unknown>;
  } catch {
    return null;
  }
  const log = doc.DriveLog as Record<string, unknown> | undefined;
  if (!log || typeof log !== 'object') return null;
  const raw: Array<Record<string, unknown>> = [];
  collectBlobs(log, raw);
  return {
    driveId: text(log.DriveId),
    status: text(log.Status),
    blobs: raw.map((b) => {
      const length = Number(text(b.Length));
      const filePath = text(b.FilePath);
      const disposition = b.ImportDisposition;
      const found = [...ranges(b.BlockList, 'Block', 'block'), ...ranges(b.PageRangeList, 'PageRange', 'page')];
      return {
        blobPath: text(b.BlobPath),
        ...(filePath ? { filePath } : {}),
        status: attr(b, 'Status') || text(b.Status),
        ...(Number.isFinite(length) && text(b.Length) !== '' ? { length } : {}),
        ...(disposition !== undefined ? { importDisposition: { value: text(disposition), status: attr(disposition, 'Status') } } : {}),
        ...(found.length ? { ranges: found } : {}),
      };
    }),
  };
}
