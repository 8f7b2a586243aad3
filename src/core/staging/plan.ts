/**
 * Walk and plan: what the writer will stage, in a stable order, with the totals that progress needs.
 * Keeps a few numbers per entry instead of a whole Stats object.
 */

import type { Stats } from 'node:fs';
import type { JobContext } from '../jobs';
import { walkSource, type WalkItem } from './walk';

export interface StageSource {
  /** Absolute path of the folder. */
  path: string;
  /** Folder name it is restored under. */
  name: string;
}

export type SlimStat = Pick<Stats, 'size' | 'mode' | 'mtimeMs' | 'ctimeMs' | 'ino' | 'blocks'>;
export type PlannedItem = WalkItem extends infer W ? (W extends { stat: Stats } ? Omit<W, 'stat'> & { stat: SlimStat } : W) : never;

export interface Plan {
  items: Array<{ s: number; item: PlannedItem }>;
  totalBytes: number;
  totalFiles: number;
}

function slim(item: WalkItem): PlannedItem {
  if (item.kind === 'unreadable') return item;
  const { size, mode, mtimeMs, ctimeMs, ino, blocks } = item.stat;
  return { ...item, stat: { size, mode, mtimeMs, ctimeMs, ino, blocks } } as PlannedItem;
}

/** What identifies a file's content without reading it: size, mtime, ctime and inode. */
export function signature(st: { size: number; mtimeMs: number; ctimeMs: number; ino: number }): string {
  return `${st.size}:${st.mtimeMs}:${st.ctimeMs}:${st.ino}`;
}

/** Walks every source (reporting the `scanning` phase) and returns the items in order, with totals. */
export async function planSources(sources: StageSource[], job: JobContext): Promise<Plan> {
  job.report({ phase: 'scanning', bytesDone: 0, bytesTotal: 0 }, true);
  const plan: Plan = { items: [], totalBytes: 0, totalFiles: 0 };
  for (const [s, src] of sources.entries()) {
    for await (const item of walkSource(src.path)) {
      job.throwIfCancelled();
      plan.items.push({ s, item: slim(item) });
      if (item.kind === 'file') {
        plan.totalBytes += item.stat.size;
        plan.totalFiles++;
      }
      if (plan.items.length % 500 === 0) {
        job.report({ phase: 'scanning', bytesDone: 0, bytesTotal: plan.totalBytes, itemsDone: 0, itemsTotal: plan.totalFiles, current: item.rel });
      }
    }
  }
  return plan;
}
