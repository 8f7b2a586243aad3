/**
 * `\DriveManifest.xml`: the drive manifest in Microsoft's documented `DriveManifest Version="2014-11-01"` format,
 * "Azure Import/Export service manifest file format":
 * https://learn.microsoft.com/previous-versions/azure/storage/common/storage-import-export-file-format-manifest
 *
 * Offline Seed writes one `<BlobList>`, each `<Blob>` with BlobPath, FilePath, Length, an explicit ImportDisposition,
 * and either a `<BlockList>` of Offset/Length/Hash blocks (block blobs) or a `<PageRangeList>` of Offset/Length/Hash
 * page ranges (page blobs: multiples of 512, in order, pages of zeros left out), every range at most 4 MiB with a
 * Base16 MD5; no storage key or SAS (the job's storage account is used). The reader accepts the other documented
 * elements too (several BlobLists, block Ids, ClientCreator, metadata and properties paths).
 */

import { createHash } from 'node:crypto';
import { XMLBuilder } from 'fast-xml-parser';
import { formatXmlParser } from './xml';
import { OfflineSeedError } from '../../shared/errors';
import { importDispositionSchema, pageBytes, type BlobType, type ImportDisposition } from '../../shared/rules/agentStaging';

/** Largest block the manifest may list ("this value must be no more than 4MB"). */
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
  /** The optional Base64 block Id of the manifest (Offline Seed writes none). */
  id?: string;
}

export interface ManifestBlob {
  /** `<container>/<path>`, relative to the storage account. */
  blobPath: string;
  /** Relative to the drive root, `\` separators, leading `\`. */
  filePath: string;
  length: number;
  /** The blocks of a block blob, or the page ranges of a page blob (then without Ids). */
  blocks: ManifestBlock[];
  /** Absent: a block blob. */
  blobType?: BlobType;
  /** What the service does when the blob exists; absent means the documented default, `rename`. */
  importDisposition?: ImportDisposition;
}

export interface DriveManifest {
  driveId: string;
  blobs: ManifestBlob[];
}

/** A blob listed by a drive manifest, with the drive it travels on (verify and cloud restore work across drives). */
export interface DriveBlob extends ManifestBlob {
  driveId: string;
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

/** Base16 MD5 (upper case) of a file's bytes, as ManifestHash and every Hash attribute want. */
export function md5Hex(data: Buffer | string): string {
  return createHash('md5').update(data).digest('hex').toUpperCase();
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
            ...(b.importDisposition ? { ImportDisposition: b.importDisposition } : {}),
            ...(b.blobType === 'page'
              ? { PageRangeList: { PageRange: b.blocks.map((k) => ({ '@Offset': String(k.offset), '@Length': String(k.length), '@Hash': k.md5.toUpperCase() })) } }
              : {
                  BlockList: {
                    Block: b.blocks.map((k) => ({ '@Offset': String(k.offset), '@Length': String(k.length), ...(k.id ? { '@Id': k.id } : {}), '@Hash': k.md5.toUpperCase() })),
                  },
                }),
          })),
        },
      },
    },
  };
  return `<?xml version="1.0" encoding="UTF-8"?>\n${builder.build(doc) as string}`;
}

const parser = formatXmlParser(['BlobList', 'Blob', 'Block', 'PageRange']);

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

const objects = (v: unknown): Array<Record<string, unknown>> => (Array.isArray(v) ? v.filter((x): x is Record<string, unknown> => !!x && typeof x === 'object') : []);

/** Whether `xml` looks like a drive manifest (its root element), without parsing the whole document. */
export function isDriveManifestXml(xml: string): boolean {
  return /<DriveManifest[\s>]/.test(xml.slice(0, 4096));
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
  if (text(root['@Version']) !== driveManifestVersion) throw invalid(`Version is not ${driveManifestVersion}`);
  const drive = root.Drive as Record<string, unknown> | undefined;
  if (!drive || typeof drive !== 'object') throw invalid('no Drive element');
  const driveId = text(drive.DriveId);
  if (!driveId) throw invalid('no DriveId');
  const blobs = objects(drive.BlobList)
    .flatMap((list) => objects(list.Blob))
    .map((b) => {
      const blobPath = text(b.BlobPath);
      const filePath = text(b.FilePath);
      if (!blobPath || !filePath) throw invalid('a Blob has no BlobPath or FilePath');
      const length = num(b.Length, 'Length');
      const disposition = b.ImportDisposition === undefined ? undefined : importDispositionSchema.safeParse(text(b.ImportDisposition));
      if (disposition && !disposition.success) throw invalid('an ImportDisposition is not rename, no-overwrite or overwrite');
      const page = b.PageRangeList !== undefined;
      if (page && b.BlockList !== undefined) throw invalid('a Blob has both a BlockList and a PageRangeList');
      const list = (page ? b.PageRangeList : b.BlockList) as Record<string, unknown> | string | undefined;
      const blocks = objects(list && typeof list === 'object' ? (page ? list.PageRange : list.Block) : undefined).map((k) => {
        const md5 = text(k['@Hash']).toUpperCase();
        if (!/^[0-9A-F]{32}$/.test(md5)) throw invalid(`a ${page ? 'PageRange' : 'Block'} Hash is not a Base16 MD5`);
        const id = text(k['@Id']);
        const range = { offset: num(k['@Offset'], 'Offset'), length: num(k['@Length'], 'Length'), md5, ...(id && !page ? { id } : {}) };
        if (page && (range.offset % pageBytes !== 0 || range.length % pageBytes !== 0)) throw invalid('a PageRange is not in multiples of 512 bytes');
        return range;
      });
      if (page && length % pageBytes !== 0) throw invalid('a page blob Length is not a multiple of 512');
      return { blobPath, filePath, length, blocks, ...(page ? { blobType: 'page' as const } : {}), ...(disposition?.success ? { importDisposition: disposition.data } : {}) };
    });
  return { driveId, blobs };
}

/** Every blob of a manifest with its drive id; blob paths lose a leading `/` (the container comes first). */
export function driveBlobs(m: DriveManifest): DriveBlob[] {
  return m.blobs.map((b) => ({ ...b, blobPath: b.blobPath.replace(/^\/+/, ''), driveId: m.driveId }));
}
