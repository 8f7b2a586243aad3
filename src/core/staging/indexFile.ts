/** The index: every source entry (folder, file, link) with mode, mtime, size and chunk list, plus where each chunk lives. */

import { promises as fs } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { stagingLayout } from '../../shared/stagingLayout';
import { writeFileAtomic } from '../session/sessionFile';
import type { ChunkLocation } from './packs';

export const indexFileName = 'index-000001.json';

const entrySchema = z.object({
  /** Index of the source in `sources`. */
  s: z.number().int().nonnegative(),
  /** Path inside the source, '/'-separated; '' is the source folder itself. */
  p: z.string(),
  t: z.enum(['d', 'f', 'l']),
  mode: z.number().int(),
  mtimeMs: z.number(),
  size: z.number().nonnegative().optional(),
  chunks: z.array(z.string()).optional(),
  target: z.string().optional(),
  sparse: z.boolean().optional(),
});
export type IndexEntry = z.infer<typeof entrySchema>;

export const stagingIndexSchema = z.object({
  format: z.literal('offline-seed-index'),
  version: z.literal(1),
  createdAt: z.string(),
  chunkParams: z.object({ min: z.number(), avg: z.number(), max: z.number() }),
  sources: z.array(z.object({ name: z.string().min(1), path: z.string() })),
  entries: z.array(entrySchema),
  /** id → [pack, offset, stored length, size, 1 = zstd / 0 = raw]. */
  chunks: z.record(z.string(), z.tuple([z.string(), z.number(), z.number(), z.number(), z.union([z.literal(0), z.literal(1)])])),
});
export type StagingIndex = z.infer<typeof stagingIndexSchema>;

export function chunkTuple(l: ChunkLocation): StagingIndex['chunks'][string] {
  return [l.pack, l.offset, l.stored, l.size, l.zstd ? 1 : 0];
}

export function chunkLocation(t: StagingIndex['chunks'][string]): ChunkLocation {
  return { pack: t[0], offset: t[1], stored: t[2], size: t[3], zstd: t[4] === 1 };
}

/** Writes the index atomically: it appears under `index/` only complete. */
export async function writeIndex(stagingDir: string, index: StagingIndex): Promise<string> {
  const file = path.join(stagingDir, stagingLayout.indexDir, indexFileName);
  await writeFileAtomic(file, JSON.stringify(index));
  return file;
}

export function parseIndex(bytes: Uint8Array): StagingIndex {
  return stagingIndexSchema.parse(JSON.parse(Buffer.from(bytes).toString('utf8')));
}

export async function indexExists(stagingDir: string): Promise<boolean> {
  return fs
    .access(path.join(stagingDir, stagingLayout.indexDir, indexFileName))
    .then(() => true)
    .catch(() => false);
}
