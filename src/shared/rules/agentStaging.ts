/**
 * Pure rules for shipping a staging location the backup agent (DPM, MABS, MARS) wrote, as it is: which blob each
 * file becomes, block or page blob, and the limits the Import/Export manifest format and Blob storage set.
 *
 * - Manifest format (BlobPath, Length, ImportDisposition, BlockList, PageRangeList): "Azure Import/Export service
 *   manifest file format", https://learn.microsoft.com/previous-versions/azure/storage/common/storage-import-export-file-format-manifest
 * - Blob names: "Naming and Referencing Containers, Blobs, and Metadata",
 *   https://learn.microsoft.com/rest/api/storageservices/naming-and-referencing-containers--blobs--and-metadata
 */

import * as z from 'zod';
import type { KeyUnder } from '../i18n/resources';
import type { RuleViolation } from './azureNames';

/** `auto`: fixed VHDs (`*.vhd`) as page blobs, everything else as block blobs. */
export const blobTypeChoices = ['auto', 'block', 'page'] as const;
export const blobTypeChoiceSchema = z.enum(blobTypeChoices);
export type BlobTypeChoice = z.infer<typeof blobTypeChoiceSchema>;

/** What the service does when the blob already exists; the manifest's default is `rename`. */
export const importDispositions = ['rename', 'no-overwrite', 'overwrite'] as const;
export const importDispositionSchema = z.enum(importDispositions);
export type ImportDisposition = z.infer<typeof importDispositionSchema>;
export const defaultImportDisposition: ImportDisposition = 'rename';

export type BlobType = 'block' | 'page';

/** Page blobs are written in 512-byte pages: offsets, lengths and the blob length are multiples of it. */
export const pageBytes = 512;
/** A block or a page range of the manifest is at most 4 MB (4 MiB, as WAImportExport writes them). */
export const maxRangeBytes = 4 * 1024 * 1024;
/** "Up to 50,000 blocks may be used to describe a blob." */
export const maxBlocksPerBlob = 50_000;
/** The largest block blob a manifest can describe: 50,000 blocks of 4 MiB. */
export const maxBlockBlobBytes = maxBlocksPerBlob * maxRangeBytes;
/** "Any number of page ranges may be used to describe a file for an import, with the total size up to 1 TB." */
export const maxPageBlobBytes = 1024 ** 4;
export const maxBlobNameLength = 1024;
export const maxBlobPathSegments = 254;

/** Control characters (U+0000–U+001F, U+007F): Blob storage refuses them in names. */
const hasControl = (s: string) => [...s].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f);

const violation = (key: KeyUnder<'agent:validation'>, params: Record<string, string | number> = {}): RuleViolation => ({
  key: `agent:validation.${key}`,
  params,
});

/** The blob prefix when none is given: the import job's name as a virtual folder (`<job>/`). */
export function defaultBlobPrefix(importJobName: string): string {
  return `${importJobName}/`;
}

/** A file's blob name inside the container: the prefix, then its path relative to the staging location, '/'-separated. */
export function blobNameOf(prefix: string, relPath: string): string {
  return prefix + relPath.split(/[\\/]+/).filter(Boolean).join('/');
}

/** `<container>/<blob name>`, the manifest's BlobPath. */
export function blobPathOf(container: string, prefix: string, relPath: string): string {
  return `${container}/${blobNameOf(prefix, relPath)}`;
}

/**
 * The blob prefix may be empty; otherwise it is a virtual folder path: no leading `/`, no `\`, no `.` or `..`
 * segment, no empty segment, and it ends with `/` (so a file name is never glued to it).
 */
export function checkBlobPrefix(prefix: string): RuleViolation | null {
  if (prefix === '') return null;
  const segments = prefix.slice(0, -1).split('/');
  const bad =
    !prefix.endsWith('/') ||
    prefix.startsWith('/') ||
    prefix.includes('\\') ||
    segments.some((s) => s === '' || s === '.' || s === '..' || s.endsWith('.')) ||
    hasControl(prefix) ||
    prefix.length >= maxBlobNameLength;
  return bad ? violation('blobPrefix', { value: prefix }) : null;
}

/** A blob name Blob storage accepts and that keeps its meaning: ≤ 1,024 characters, ≤ 254 segments, no dot segment or trailing dot. */
export function checkBlobName(name: string): RuleViolation | null {
  const segments = name.split('/');
  if (name.length === 0 || name.length > maxBlobNameLength) return violation('blobNameLength', { name, max: maxBlobNameLength });
  if (segments.length > maxBlobPathSegments) return violation('blobNameSegments', { name, max: maxBlobPathSegments });
  if (segments.some((s) => s === '' || s === '.' || s === '..') || name.endsWith('.') || hasControl(name)) {
    return violation('blobNameInvalid', { name });
  }
  return null;
}

export interface ShippedFile {
  relPath: string;
  size: number;
  /** The file ends in `.vhd` and its last 512 bytes are a valid fixed-disk VHD footer. */
  fixedVhd: boolean;
}

/** Whether `auto` ships a file as a page blob: a fixed VHD whose length is a multiple of 512. */
export function isPageBlobCandidate(f: ShippedFile): boolean {
  return /\.vhd$/i.test(f.relPath) && f.fixedVhd && f.size % pageBytes === 0 && f.size > 0;
}

/** The blob type a file goes as, or the one sentence saying why it cannot go as the type chosen. */
export function blobTypeOf(choice: BlobTypeChoice, f: ShippedFile): { type: BlobType } | { problem: RuleViolation } {
  const type: BlobType = choice === 'page' || (choice === 'auto' && isPageBlobCandidate(f)) ? 'page' : 'block';
  if (type === 'page' && f.size % pageBytes !== 0) return { problem: violation('notPages', { file: f.relPath, size: f.size }) };
  if (type === 'page' && f.size > maxPageBlobBytes) return { problem: violation('pageBlobTooLarge', { file: f.relPath, size: f.size, max: maxPageBlobBytes }) };
  if (type === 'block' && f.size > maxBlockBlobBytes) return { problem: violation('blockBlobTooLarge', { file: f.relPath, size: f.size, max: maxBlockBlobBytes }) };
  return { type };
}
