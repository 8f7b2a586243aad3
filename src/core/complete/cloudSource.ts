/**
 * The staging files (packs and index) read back from the container instead of the staging location, for
 * `restore --from cloud`: the drive manifests map each staging file (FilePath on the drive) to its blob.
 */

import { OfflineSeedError } from '../../shared/errors';
import type { WorkflowAzure } from '../azure/workflowAzure';
import { azureError, isNotFound } from '../azure/failures';
import { stagingPathOf } from './stagingPaths';
import type { DriveBlob } from '../formats/driveManifest';

export interface CloudStagingSource {
  /** Staging-relative paths available in the cloud, sorted. */
  files(): string[];
  size(relPath: string): number;
  /** Reads `length` bytes at `offset` (the whole file without them). */
  read(relPath: string, offset?: number, length?: number): Promise<Buffer>;
}

export function openCloudStagingSource(azure: WorkflowAzure, container: string, manifests: DriveBlob[]): CloudStagingSource {
  const prefix = `${container}/`;
  const map = new Map<string, { blob: string; length: number }>();
  for (const m of manifests) {
    const rel = stagingPathOf(m.filePath);
    if (!rel) continue;
    map.set(rel, { blob: m.blobPath.startsWith(prefix) ? m.blobPath.slice(prefix.length) : m.blobPath, length: m.length });
  }
  const entry = (rel: string) => {
    const e = map.get(rel.replace(/\\/g, '/'));
    if (!e) {
      throw new OfflineSeedError({
        code: 'workflow:errors.cloudFileMissing',
        params: { file: rel },
        step: 'complete',
      });
    }
    return e;
  };
  return {
    files: () => [...map.keys()].sort(),
    size: (rel) => entry(rel).length,
    async read(rel, offset = 0, length) {
      const e = entry(rel);
      try {
        return await (await azure.blobs.container(container)).getBlobClient(e.blob).downloadToBuffer(offset, length ?? e.length - offset);
      } catch (err) {
        if (isNotFound(err)) {
          throw new OfflineSeedError({
            code: 'workflow:errors.cloudBlobMissing',
            params: { blob: e.blob, container },
            step: 'complete',
          });
        }
        throw azureError(err, 'readBlob', 'complete', { blob: e.blob });
      }
    },
  };
}
