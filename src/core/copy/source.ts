/**
 * What goes onto the drives and as which blobs: Offline Seed's own staging location (its index and packs, block
 * blobs under `<container>/<job>/`), or a staging location the backup agent wrote (every file as it is, block or
 * page blobs under `<container>/<prefix>`). The copy reads from `dir` and never writes there.
 */

import { promises as fs } from 'node:fs';
import path from 'node:path';
import { OfflineSeedError } from '../../shared/errors';
import type { BlobType, ImportDisposition } from '../../shared/rules/agentStaging';
import { blobNameOf, defaultBlobPrefix } from '../../shared/rules/agentStaging';
import type { AgentStagingSection } from '../../shared/session/agentStaging';
import { agentInputError } from '../agentStaging/errors';
import { listAgentFiles, planAgentBlobs } from '../agentStaging/files';
import { listShippableFiles } from '../staging/layout';

export interface ShipFile {
  /** Relative to `dir`, '/'-separated. */
  relPath: string;
  size: number;
  blobType: BlobType;
  /** Modification time when listed (files of an agent's staging location). */
  mtimeMs?: number;
}

export interface ShipSource {
  /** The folder the files are read from. */
  dir: string;
  /** Put before a file's relative path to make its blob name. */
  blobPrefix: string;
  importDisposition: ImportDisposition;
  /** The files to ship now (listed again at the end of a run, to find what changed meanwhile). */
  list(): Promise<ShipFile[]>;
  /** Whether files may change while they are copied (the agent owns them): each copy is checked, and read again. */
  live: boolean;
}

/** The blob name (inside the container) of a file of `source`. */
export function blobNameIn(source: Pick<ShipSource, 'blobPrefix'>, relPath: string): string {
  return blobNameOf(source.blobPrefix, relPath);
}

/** Offline Seed's own staging location: the index and packs, block blobs under `<job>/`, rename as documented by default. */
export function ownStagingSource(stagingDir: string, importJobName: string): ShipSource {
  const dir = path.resolve(stagingDir);
  return {
    dir,
    blobPrefix: defaultBlobPrefix(importJobName),
    importDisposition: 'rename',
    live: false,
    list: async () => (await listShippableFiles(dir)).map((f) => ({ ...f, blobType: 'block' as const })),
  };
}

/** A staging location the backup agent wrote: every regular file, as the session's blob settings say. */
export function agentStagingSource(section: AgentStagingSection): ShipSource {
  return {
    dir: section.path,
    blobPrefix: section.blobPrefix,
    importDisposition: section.importDisposition,
    live: true,
    list: async () => {
      const listing = await listAgentFiles(section.path);
      const planned = planAgentBlobs(listing.files, section);
      if (planned.problems.length > 0) throw agentInputError(planned.problems);
      return planned.files.map((f) => ({ relPath: f.relPath, size: f.size, blobType: f.blobType, mtimeMs: f.mtimeMs }));
    },
  };
}

/**
 * For a source whose files may change (a staging location the backup agent owns), checked after the drives are
 * confirmed and before any of them is written: every file listed when the step opened (`listed`) is still there with
 * the same size and modification time, no file appeared, and each one can be opened for reading. Anything else stops
 * the run naming the file: nothing is written to a drive and no import job is created.
 */
export async function assertSourceSteady(source: ShipSource, listed: ShipFile[]): Promise<void> {
  if (!source.live) return;
  const now = new Map((await source.list()).map((f) => [f.relPath, f]));
  for (const f of listed) {
    const n = now.get(f.relPath);
    if (!n || n.size !== f.size || n.mtimeMs !== f.mtimeMs) throw changedBeforeCopy(f.relPath);
    now.delete(f.relPath);
  }
  const added = now.keys().next();
  if (!added.done) throw changedBeforeCopy(added.value);
  for (const f of listed) {
    try {
      await (await fs.open(path.join(source.dir, ...f.relPath.split('/')), 'r')).close();
    } catch (e) {
      throw new OfflineSeedError({ code: 'agent:errors.unreadableFile', params: { file: f.relPath, reason: (e as NodeJS.ErrnoException).code ?? 'EIO' }, step: 'drives' });
    }
  }
}

function changedBeforeCopy(relPath: string): OfflineSeedError {
  return new OfflineSeedError({ code: 'agent:errors.changedBeforeCopy', params: { file: relPath }, step: 'drives' });
}
