/**
 * The local datacenter's reader of drive manifests, written from Microsoft's description of the format and
 * nothing else ("Azure Import/Export service manifest file format",
 * https://learn.microsoft.com/previous-versions/azure/storage/common/storage-import-export-file-format-manifest).
 * It shares no code with src/core on purpose: it is the independent party that must notice what Offline Seed's
 * own writer gets wrong.
 *
 * What makes a document ManifestFormatInvalid here: not XML; not `DriveManifest Version="2014-11-01"`; no single
 * Drive; DriveId missing or after a BlobList; a Blob without BlobPath, FilePath or a whole-number Length; a
 * metadata or properties path without a Base16 MD5 Hash; an unknown ImportDisposition; both a BlockList and a
 * PageRangeList; a block or page range without Offset, Length or a Base16 MD5 Hash; a block longer than 4 MiB or
 * more than 50,000 blocks; block Ids that are not Base64, or present on only some blocks of a blob of 64 MiB or
 * less; page ranges or a page-blob length not in multiples of 512, or a range longer than 4 MiB. Whether the blob path
 * names a container, and whether the blocks or ranges are in order and cover the file, is judged per blob by the
 * datacenter, which fails only that blob.
 */

import { XMLParser, XMLValidator } from 'fast-xml-parser';

export interface ManifestRange {
  offset: number;
  length: number;
  /** Base16 MD5, upper case. */
  hash: string;
  /** Base64 block Id, when the manifest names one (block blobs only). */
  id?: string;
}

export interface ManifestEntry {
  blobPath: string;
  filePath: string;
  length: number;
  /** rename (the default), no-overwrite or overwrite. */
  disposition: 'rename' | 'no-overwrite' | 'overwrite';
  type: 'BlockBlob' | 'PageBlob';
  ranges: ManifestRange[];
}

export interface Manifest {
  driveId: string;
  blobs: ManifestEntry[];
}

/** A manifest the service would report as ManifestFormatInvalid; `message` says why. */
export class ManifestFormatError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'ManifestFormatError';
  }
}

type XmlNode = Record<string, unknown>;

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
});

const fourMiB = 4 * 1024 * 1024;
const sixtyFourMiB = 64 * 1024 * 1024;
const base16Md5 = /^[0-9A-Fa-f]{32}$/;
const base64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** The element name of a node in fast-xml-parser's ordered form (`{ Name: children, ':@': attributes }`). */
function nameOf(node: XmlNode): string {
  return Object.keys(node).find((k) => k !== ':@') ?? '';
}
function childrenOf(node: XmlNode): XmlNode[] {
  const c = node[nameOf(node)];
  return Array.isArray(c) ? (c as XmlNode[]).filter((x) => nameOf(x) !== '#text') : [];
}
function textOf(node: XmlNode): string {
  const c = node[nameOf(node)];
  if (!Array.isArray(c)) return '';
  return (c as XmlNode[])
    .filter((x) => nameOf(x) === '#text')
    .map((x) => String(x['#text']))
    .join('')
    .trim();
}
function attrOf(node: XmlNode, name: string): string | undefined {
  const a = node[':@'] as Record<string, unknown> | undefined;
  const v = a?.[name];
  return typeof v === 'string' ? v.trim() : undefined;
}

function wholeNumber(s: string | undefined, what: string): number {
  if (s === undefined || !/^\d{1,15}$/.test(s)) throw new ManifestFormatError(`${what} is not a whole number`);
  return Number(s);
}

function hashOf(node: XmlNode, what: string): string {
  const h = attrOf(node, 'Hash');
  if (!h || !base16Md5.test(h)) throw new ManifestFormatError(`${what} has no Base16 MD5 Hash`);
  return h.toUpperCase();
}

function readBlock(node: XmlNode, n: number): ManifestRange {
  const offset = wholeNumber(attrOf(node, 'Offset'), `block ${n} Offset`);
  const length = wholeNumber(attrOf(node, 'Length'), `block ${n} Length`);
  if (length > fourMiB) throw new ManifestFormatError(`block ${n} is longer than 4 MiB`);
  const id = attrOf(node, 'Id');
  if (id !== undefined && (id === '' || !base64.test(id))) throw new ManifestFormatError(`block ${n} Id is not Base64`);
  return { offset, length, hash: hashOf(node, `block ${n}`), ...(id !== undefined ? { id } : {}) };
}

function readPageRange(node: XmlNode, n: number): ManifestRange {
  const offset = wholeNumber(attrOf(node, 'Offset'), `page range ${n} Offset`);
  const length = wholeNumber(attrOf(node, 'Length'), `page range ${n} Length`);
  if (offset % 512 !== 0 || length % 512 !== 0) throw new ManifestFormatError(`page range ${n} is not in multiples of 512 bytes`);
  if (length > fourMiB) throw new ManifestFormatError(`page range ${n} is longer than 4 MiB`);
  return { offset, length, hash: hashOf(node, `page range ${n}`) };
}

function readBlob(node: XmlNode): ManifestEntry {
  const fields = new Map<string, XmlNode[]>();
  for (const c of childrenOf(node)) fields.set(nameOf(c), [...(fields.get(nameOf(c)) ?? []), c]);
  const one = (name: string) => fields.get(name)?.[0];
  const blobPath = one('BlobPath') ? textOf(one('BlobPath')!) : '';
  const filePath = one('FilePath') ? textOf(one('FilePath')!) : '';
  if (!blobPath) throw new ManifestFormatError('a Blob has no BlobPath');
  if (!filePath) throw new ManifestFormatError(`the Blob ${blobPath} has no FilePath`);
  for (const p of [...(fields.get('MetadataPath') ?? []), ...(fields.get('PropertiesPath') ?? [])]) hashOf(p, `${nameOf(p)} of ${blobPath}`);
  const length = wholeNumber(one('Length') ? textOf(one('Length')!) : undefined, `the Length of ${blobPath}`);
  const dispositionText = one('ImportDisposition') ? textOf(one('ImportDisposition')!) : 'rename';
  if (dispositionText !== 'rename' && dispositionText !== 'no-overwrite' && dispositionText !== 'overwrite') {
    throw new ManifestFormatError(`the ImportDisposition of ${blobPath} is not rename, no-overwrite or overwrite`);
  }
  const blockList = one('BlockList');
  const pageList = one('PageRangeList');
  if (blockList && pageList) throw new ManifestFormatError(`the Blob ${blobPath} has both a BlockList and a PageRangeList`);
  if (pageList) {
    if (length % 512 !== 0) throw new ManifestFormatError(`the page blob ${blobPath} is not a multiple of 512 bytes long`);
    const ranges = childrenOf(pageList)
      .filter((c) => nameOf(c) === 'PageRange')
      .map((c, i) => readPageRange(c, i));
    return { blobPath, filePath, length, disposition: dispositionText, type: 'PageBlob', ranges };
  }
  const ranges = blockList
    ? childrenOf(blockList)
        .filter((c) => nameOf(c) === 'Block')
        .map((c, i) => readBlock(c, i))
    : [];
  if (ranges.length > 50_000) throw new ManifestFormatError(`the Blob ${blobPath} has more than 50,000 blocks`);
  const named = ranges.filter((r) => r.id !== undefined).length;
  if (length <= sixtyFourMiB && named !== 0 && named !== ranges.length) throw new ManifestFormatError(`the blocks of ${blobPath} must all have an Id or none`);
  return { blobPath, filePath, length, disposition: dispositionText, type: 'BlockBlob', ranges };
}

/** Reads a drive manifest; throws ManifestFormatError when the service would refuse its format. */
export function readManifest(xml: string): Manifest {
  if (XMLValidator.validate(xml) !== true) throw new ManifestFormatError('the manifest is not well-formed XML');
  const top = (parser.parse(xml) as XmlNode[]).filter((n) => nameOf(n) !== '?xml');
  const root = top[0];
  if (top.length !== 1 || !root || nameOf(root) !== 'DriveManifest') throw new ManifestFormatError('the root element is not DriveManifest');
  if (attrOf(root, 'Version') !== '2014-11-01') throw new ManifestFormatError('the manifest Version is not 2014-11-01');
  const drives = childrenOf(root).filter((c) => nameOf(c) === 'Drive');
  if (drives.length !== 1) throw new ManifestFormatError('the manifest does not describe exactly one Drive');
  let driveId = '';
  const blobs: ManifestEntry[] = [];
  for (const c of childrenOf(drives[0]!)) {
    const name = nameOf(c);
    if (name === 'DriveId') driveId = textOf(c);
    if (name !== 'BlobList') continue;
    // "The DriveID element must appear before any BlobList element in the manifest file."
    if (!driveId) throw new ManifestFormatError('DriveId does not come before the first BlobList');
    for (const p of childrenOf(c).filter((x) => nameOf(x) === 'MetadataPath' || nameOf(x) === 'PropertiesPath')) hashOf(p, nameOf(p));
    for (const b of childrenOf(c).filter((x) => nameOf(x) === 'Blob')) blobs.push(readBlob(b));
  }
  if (!driveId) throw new ManifestFormatError('the manifest has no DriveId');
  return { driveId, blobs };
}

/** A manifest FilePath (`\a\b`) as path segments below the drive root; null when it would leave the drive. */
export function driveRelativeSegments(filePath: string): string[] | null {
  const segments = filePath.split(/[\\/]/).filter((s) => s.length > 0);
  if (segments.length === 0 || segments.some((s) => s === '.' || s === '..' || s.includes(':'))) return null;
  return segments;
}
