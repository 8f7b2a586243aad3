/**
 * Checks an unlocked Data Box Disk (its root folder) before the backup agent writes to it and after, against the
 * rules Microsoft documents, so that every violation names the file and the rule before the disk travels:
 *
 * - the precreated folders `BlockBlob`, `PageBlob`, `AzureFile`; nothing at the root and no folders of one's own
 *   there ("Do not copy data directly into the disks", https://learn.microsoft.com/azure/databox/data-box-disk-limits#data-upload-caveats,
 *   https://learn.microsoft.com/azure/databox/data-box-disk-deploy-copy-data);
 * - every file in PageBlob 512-byte aligned; container names (a folder under PageBlob, or under BlockBlob's tier
 *   folder) 3–63 lowercase letters, digits and single hyphens; blob names 1–1,024 characters in at most 254
 *   segments (data-box-disk-limits, "Azure block blob and page blob naming conventions");
 * - paths of more than 256 characters, more than 100,000 files per disk and more than 512 containers
 *   (data-box-disk-limits);
 * - before the write, the free space the initial backup needs.
 *
 * Folders the disk's file system or Microsoft put at the root (`DataBoxDiskImport` with the validation tool,
 * `ManagedDisk` when managed disks were ordered, `System Volume Information`, `$RECYCLE.BIN`) are allowed.
 */

import { promises as fs } from 'node:fs';
import path from 'node:path';
import { OfflineSeedError } from '../../shared/errors';
import type { DiskViolation } from '../../shared/model/dataBox';

export const precreated = ['BlockBlob', 'PageBlob', 'AzureFile'] as const;
const allowedAtRoot = new Set(['DataBoxDiskImport', 'ManagedDisk', 'System Volume Information', '$RECYCLE.BIN']);
const blockBlobTiers = new Set(['Archive', 'Cold', 'Cool', 'Hot']);

export const diskLimits = { pageSize: 512, maxPath: 256, maxFiles: 100_000, maxContainers: 512, maxBlobName: 1024, maxSegments: 254 } as const;

export interface DiskCheckOptions {
  /** `before`: the layout and the free space; `after`: also every file the agent wrote. */
  phase: 'before' | 'after';
  /** Bytes the initial backup needs (before only). */
  needBytes?: number;
  /** Limits other than the documented ones, for tests of the counting rules. */
  limits?: Partial<Record<keyof typeof diskLimits, number>>;
}

export interface DiskCheckResult {
  root: string;
  files: number;
  bytes: number;
  containers: number;
  freeBytes: number;
  violations: DiskViolation[];
}

/** A container name as Azure Storage accepts it. */
export function isContainerName(n: string): boolean {
  return n.length >= 3 && n.length <= 63 && /^[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9]))*$/.test(n);
}

/** `\PageBlob\c\f.vhd`, the disk-relative form the upload logs use. */
const shown = (rel: string) => '\\' + rel.split(path.sep).join('\\');

export async function checkDisk(root: string, o: DiskCheckOptions): Promise<DiskCheckResult> {
  const limits = { ...diskLimits, ...o.limits };
  const violations: DiskViolation[] = [];
  if (!(await fs.stat(root).catch(() => null))?.isDirectory()) throw new OfflineSeedError({ code: 'databox:errors.diskNotFound', params: { path: root }, exitCode: 2 });
  const entries = await fs.readdir(root, { withFileTypes: true });
  for (const f of precreated) {
    if (!entries.some((e) => e.isDirectory() && e.name === f)) violations.push({ rule: 'missingFolder', file: shown(f) });
  }
  for (const e of entries) {
    if (e.isDirectory() && ((precreated as readonly string[]).includes(e.name) || allowedAtRoot.has(e.name))) continue;
    violations.push({ rule: e.isDirectory() ? 'ownFolder' : 'rootData', file: shown(e.name) });
  }
  const stat = await fs.statfs(root);
  const freeBytes = Number(stat.bavail) * Number(stat.bsize);
  if (o.phase === 'before' && o.needBytes !== undefined && o.needBytes > freeBytes) {
    violations.push({ rule: 'freeSpace', file: '\\', detail: `${o.needBytes}>${freeBytes}` });
  }

  let files = 0;
  let bytes = 0;
  const containers = new Set<string>();
  const walk = async (dir: string): Promise<void> => {
    for (const e of await fs.readdir(dir, { withFileTypes: true })) {
      const full = path.join(dir, e.name);
      const rel = path.relative(root, full);
      if (shown(rel).length + 2 > limits.maxPath) violations.push({ rule: 'pathLength', file: shown(rel), detail: String(shown(rel).length + 2) });
      if (e.isDirectory()) {
        await walk(full);
        continue;
      }
      if (!e.isFile()) continue;
      files++;
      const size = (await fs.stat(full)).size;
      bytes += size;
      const parts = rel.split(path.sep);
      const top = parts[0]!;
      if (top === 'AzureFile') continue;
      // PageBlob/<container>/<blob…>, BlockBlob/<tier>/<container>/<blob…>; a loose file goes to $root.
      const inner = top === 'BlockBlob' && blockBlobTiers.has(parts[1] ?? '') ? parts.slice(2) : parts.slice(1);
      if (inner.length > 1) {
        const c = inner[0]!;
        containers.add(`${top}/${c}`);
        if (!isContainerName(c)) violations.push({ rule: 'containerName', file: shown(rel), detail: c });
      }
      const blobName = (inner.length > 1 ? inner.slice(1) : inner).join('/');
      if (blobName.length > limits.maxBlobName || blobName.split('/').length > limits.maxSegments) violations.push({ rule: 'blobName', file: shown(rel) });
      if (top === 'PageBlob' && size % limits.pageSize !== 0) violations.push({ rule: 'pageBlobAlignment', file: shown(rel), detail: String(size) });
    }
  };
  if (o.phase === 'after') {
    for (const f of precreated) {
      if (entries.some((e) => e.isDirectory() && e.name === f)) await walk(path.join(root, f));
    }
    if (files > limits.maxFiles) violations.push({ rule: 'fileCount', file: '\\', detail: String(files) });
    if (containers.size > limits.maxContainers) violations.push({ rule: 'containerCount', file: '\\', detail: String(containers.size) });
  }
  // Duplicates (one file breaking the path rule at every level above it is reported once per path).
  const seen = new Set<string>();
  const unique = violations.filter((v) => {
    const k = `${v.rule}\u0000${v.file}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
  return { root, files, bytes, containers: containers.size, freeBytes, violations: unique };
}
