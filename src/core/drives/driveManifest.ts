/** `\DriveManifest.xml`: the drive manifest in the documented `DriveManifest Version="2014-11-01"` format. */

import { XMLBuilder, XMLParser } from 'fast-xml-parser';
import { OfflineSeedError } from '../../shared/errors';

/** Largest block the manifest may list (the Import/Export service accepts blocks up to 4 MiB). */
export const maxManifestBlockSize = 4 * 1024 * 1024;
/** The documented manifest version. */
export const driveManifestVersion = '2014-11-01';
/** Where the manifest lives on a drive, as written in the journal's ManifestFile. */
export const driveManifestFile = '\\DriveManifest.xml';

export interface ManifestBlock {
  offset: number;
  length: number;
  /** Base16 MD5 of the block, upper case. */
  md5: string;
}

export interface ManifestBlob {
  /** `<container>/<path>`, relative to the storage account. */
  blobPath: string;
  /** Relative to the drive root, `\` separators, leading `\`. */
  filePath: string;
  length: number;
  blocks: ManifestBlock[];
}

export interface DriveManifest {
  driveId: string;
  blobs: ManifestBlob[];
}

/** Converts a '/'-separated path relative to the drive root to the manifest's `\a\b` form. */
export function toManifestFilePath(relPath: string): string {
  return '\\' + relPath.split(/[\\/]+/).filter(Boolean).join('\\');
}

/** Converts a manifest FilePath (`\a\b`) to a '/'-separated relative path; null when it leaves the drive root. */
export function fromManifestFilePath(filePath: string): string | null {
  const parts = filePath.split(/[\\/]+/).filter(Boolean);
  if (parts.length === 0 || parts.some((p) => p === '.' || p === '..')) return null;
  return parts.join('/');
}

const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@', format: true, indentBy: '  ', suppressEmptyNode: true });

/** Builds the XML text of a drive manifest. No storage key or SAS: the job's storage account is used. */
export function buildDriveManifestXml(m: DriveManifest): string {
  const doc = {
    DriveManifest: {
      '@Version': driveManifestVersion,
      Drive: {
        DriveId: m.driveId,
        BlobList: {
          Blob: m.blobs.map((b) => ({
            BlobPath: b.blobPath,
            FilePath: b.filePath,
            Length: String(b.length),
            BlockList: {
              Block: b.blocks.map((k) => ({ '@Offset': String(k.offset), '@Length': String(k.length), '@Hash': k.md5.toUpperCase() })),
            },
          })),
        },
      },
    },
  };
  return `<?xml version="1.0" encoding="UTF-8"?>\n${builder.build(doc) as string}`;
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  isArray: (name) => name === 'Blob' || name === 'Block',
});

function invalid(why: string): OfflineSeedError {
  return new OfflineSeedError({
    code: 'drives:errors.manifestInvalid',
    params: { reason: why },
    step: 'copy',
  });
}

function num(v: unknown, what: string): number {
  const s = typeof v === 'string' ? v.trim() : typeof v === 'number' ? String(v) : '';
  if (!/^\d+$/.test(s)) throw invalid(`${what} is not a whole number`);
  return Number(s);
}

function text(v: unknown): string {
  return typeof v === 'string' ? v.trim() : typeof v === 'number' ? String(v) : '';
}

/** Parses a drive manifest; throws `drives:errors.manifestInvalid` when the document is not one. */
export function parseDriveManifestXml(xml: string): DriveManifest {
  let doc: Record<string, unknown>;
  try {
    doc = parser.parse(xml, true) as Record<string, unknown>;
  } catch {
    throw invalid('not well-formed XML');
  }
  const root = doc.DriveManifest as Record<string, unknown> | undefined;
  if (!root || typeof root !== 'object') throw invalid('no DriveManifest element');
  const drive = root.Drive as Record<string, unknown> | undefined;
  if (!drive || typeof drive !== 'object') throw invalid('no Drive element');
  const driveId = text(drive.DriveId);
  if (!driveId) throw invalid('no DriveId');
  const list = drive.BlobList as Record<string, unknown> | string | undefined;
  const blobs = (list && typeof list === 'object' ? ((list.Blob as Array<Record<string, unknown>> | undefined) ?? []) : []).map((b) => {
    const blobPath = text(b.BlobPath);
    const filePath = text(b.FilePath);
    if (!blobPath || !filePath) throw invalid('a Blob has no BlobPath or FilePath');
    const length = num(b.Length, 'Length');
    const bl = b.BlockList as Record<string, unknown> | string | undefined;
    const raw = bl && typeof bl === 'object' ? ((bl.Block as Array<Record<string, unknown>> | undefined) ?? []) : [];
    const blocks = raw.map((k) => {
      const md5 = text(k['@Hash']).toUpperCase();
      if (!/^[0-9A-F]{32}$/.test(md5)) throw invalid('a Block Hash is not a Base16 MD5');
      return { offset: num(k['@Offset'], 'Offset'), length: num(k['@Length'], 'Length'), md5 };
    });
    return { blobPath, filePath, length, blocks };
  });
  return { driveId, blobs };
}
