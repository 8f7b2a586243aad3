/**
 * Staging, restore and the staging check keep little JavaScript data alive (about 15 MiB for 200,000 files),
 * but V8 lets a busy heap grow to about four times what is alive and the young generation to 32 MiB before it
 * collects: that alone took a run past its memory bound (peak RSS 280 MiB → 139 MiB for 200,000 small files,
 * measured with `npm run bench:stage`). Two of V8's collection heuristics are tightened once per process; both
 * are read at every collection, so setting them while the process runs takes effect (they change when V8
 * collects, not what a program sees).
 */

import v8 from 'node:v8';

let tightened = false;

export function boundHeapGrowth(): void {
  if (tightened) return;
  tightened = true;
  // The old generation may grow to 1.3 times what survived the last full collection (V8 picks up to 4 here).
  v8.setFlagsFromString('--heap-growing-percent=30');
  // The young generation keeps its first size instead of doubling up to 16 MiB per semi-space.
  v8.setFlagsFromString('--semi-space-growth-factor=1');
}
