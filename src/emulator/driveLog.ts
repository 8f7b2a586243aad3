/**
 * The service's copy logs: `<DriveLog Version="2014-11-01">` error and verbose XML, as "Azure Import/Export service
 * log file format" describes them (https://learn.microsoft.com/previous-versions/azure/dn529094(v=azure.100)), and
 * their blob names `waies/<job>_<driveId>_<timestamp>_<kind>.xml` ("Backing up drive manifests",
 * https://learn.microsoft.com/previous-versions/azure/dn529099(v=azure.100)).
 */

/** A block or a page range of a blob, as the log lists it. */
export interface LoggedRange {
  offset: number;
  length: number;
  /** The block Id (blocks only, when the manifest named one). */
  id?: string;
  md5: string;
  /** Completed, Uncommitted, Corrupted, FileUnexpectedEnd, Cancelled, BlobRequestFailed. */
  status: string;
}

export interface LoggedBlob {
  blobPath: string;
  filePath: string;
  length: number;
  /** Completed, CompletedWithErrors, FileNotFound, FileNameInvalid, BlobRequestFailed, … */
  status: string;
  /** The manifest's ImportDisposition (rename when it gives none). */
  disposition: string;
  /** Created, Renamed, Skipped, Overwritten, or Cancelled when a prior failure stopped the blob. */
  dispositionStatus: string;
  /** BlockList for a block blob, PageRangeList for a page blob. */
  list: 'BlockList' | 'PageRangeList';
  ranges: LoggedRange[];
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The verbose log lists every blob; the error log (`errorsOnly`) only blobs that did not complete. */
export function driveLogXml(driveId: string, driveStatus: string, blobs: LoggedBlob[], errorsOnly: boolean): string {
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<DriveLog Version="2014-11-01">', `  <DriveId>${esc(driveId)}</DriveId>`];
  for (const b of blobs) {
    if (errorsOnly && b.status === 'Completed') continue;
    lines.push(`  <Blob Status="${esc(b.status)}">`, `    <BlobPath>${esc(b.blobPath)}</BlobPath>`, `    <FilePath>${esc(b.filePath)}</FilePath>`, `    <Length>${b.length}</Length>`, `    <ImportDisposition Status="${esc(b.dispositionStatus)}">${esc(b.disposition)}</ImportDisposition>`);
    const ranges = errorsOnly ? b.ranges.filter((k) => k.status !== 'Completed') : b.ranges;
    const element = b.list === 'PageRangeList' ? 'PageRange' : 'Block';
    if (ranges.length) {
      lines.push(`    <${b.list}>`);
      for (const k of ranges) lines.push(`      <${element} Offset="${k.offset}" Length="${k.length}"${k.id ? ` Id="${esc(k.id)}"` : ''} Hash="${esc(k.md5)}" Status="${esc(k.status)}"/>`);
      lines.push(`    </${b.list}>`);
    }
    lines.push('  </Blob>');
  }
  lines.push(`  <Status>${esc(driveStatus)}</Status>`, '</DriveLog>', '');
  return lines.join('\n');
}

/** `20130921-034307-902`, the stamp in the service's log blob names. */
export function logStamp(ms: number): string {
  const d = new Date(ms);
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${d.getUTCFullYear()}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}-${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}-${p(d.getUTCMilliseconds(), 3)}`;
}

/** Container and blob name of a copy log: `<diagnosticsPath>/waies/<job>_<driveId>_<stamp>_<kind>.xml`. */
export function logBlobName(diagnosticsPath: string, job: string, driveId: string, stamp: string, kind: 'error' | 'verbose' | 'manifest'): { container: string; name: string } {
  const parts = diagnosticsPath.replace(/^\/+|\/+$/g, '').split('/');
  const container = parts.shift() || 'waimportexport';
  return { container, name: [...parts, 'waies', `${job}_${driveId}_${stamp}_${kind}.xml`].join('/') };
}
