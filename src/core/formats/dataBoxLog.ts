/**
 * Reads Data Box Disk upload logs, drive log version 2018-10-01 (`_error.xml`, `_verbose.xml`), as "Use logs to
 * troubleshoot upload issues in Azure Data Box Disk" shows them
 * (https://learn.microsoft.com/azure/databox/data-box-disk-troubleshoot-upload): `<DriveLog Version="2018-10-01">`
 * with DriveId, an optional Summary, `<Blob Status>` entries (BlobPath with FilePath and Length in the verbose log,
 * OriginalFilePath and SizeInBytes in the error log), `<File Status>` entries for Azure Files, and a Status.
 */

import { formatXmlParser } from './xml';

export interface DataBoxLogEntry {
  /** Completed, ContainerRenamed, BlobRenamed, InvalidPageBlobUploadAsBlockBlob, InvalidWorkitem, … */
  status: string;
  /** Where the data went in the storage account (empty when it was not uploaded). */
  blobPath: string;
  /** The file on the disk, `\PageBlob\container\file`. */
  filePath: string;
  size: number;
}

export interface DataBoxLog {
  version: string;
  driveId: string;
  status: string;
  entries: DataBoxLogEntry[];
}

const parser = formatXmlParser(['Blob', 'File']);
const text = (v: unknown): string => (typeof v === 'string' ? v.trim() : v && typeof v === 'object' && '#text' in v ? String((v as Record<string, unknown>)['#text']).trim() : '');

export class DataBoxLogFormatError extends Error {}

export function readDataBoxLog(xml: string): DataBoxLog {
  let doc: Record<string, unknown>;
  try {
    doc = parser.parse(xml) as Record<string, unknown>;
  } catch (e) {
    throw new DataBoxLogFormatError(`Not XML: ${(e as Error).message}`);
  }
  const log = doc.DriveLog as Record<string, unknown> | undefined;
  if (!log || typeof log !== 'object') throw new DataBoxLogFormatError('No DriveLog element.');
  const version = String(log['@Version'] ?? '');
  const entries: DataBoxLogEntry[] = [];
  for (const b of (log.Blob ?? []) as Array<Record<string, unknown>>) {
    entries.push({ status: String(b['@Status'] ?? ''), blobPath: text(b.BlobPath), filePath: text(b.FilePath) || text(b.OriginalFilePath), size: Number(text(b.Length) || text(b.SizeInBytes) || 0) });
  }
  for (const f of (log.File ?? []) as Array<Record<string, unknown>>) {
    entries.push({ status: String(f['@Status'] ?? ''), blobPath: text(f.FileStoragePath), filePath: text(f.FilePath) || text(f.OriginalFilePath), size: Number(text(f.Length) || text(f.SizeInBytes) || 0) });
  }
  return { version, driveId: text(log.DriveId), status: text(log.Status), entries };
}
