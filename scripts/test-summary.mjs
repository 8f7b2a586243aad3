#!/usr/bin/env node
// Reads the output of `npm test` on stdin (Vitest and Playwright) and prints one closing line:
// "N passed, N failed, N skipped". Used by .ci/run so that CI sees a plain total.
import { readFileSync } from 'node:fs';

// Strip the colour codes the runners print.
// eslint-disable-next-line no-control-regex
const text = readFileSync(0, 'utf8').replace(/\x1b\[[0-9;]*m/g, '');
let passed = 0;
let failed = 0;
let skipped = 0;
// Vitest: "      Tests  12 failed | 158 passed | 3 skipped (173)"
for (const m of text.matchAll(/^\s*Tests\s+(.+)\(\d+\)\s*$/gm)) {
  for (const part of m[1].split('|')) {
    const n = /(\d+)\s+(passed|failed|skipped|todo)/.exec(part);
    if (!n) continue;
    const v = Number(n[1]);
    if (n[2] === 'passed') passed += v;
    else if (n[2] === 'failed') failed += v;
    else skipped += v;
  }
}
// Playwright: "  10 passed (46.9s)", "  1 skipped", "  2 failed", "  1 flaky"
for (const m of text.matchAll(/^\s{2}(\d+) (passed|failed|skipped|flaky)(?: \(.*\))?\s*$/gm)) {
  const v = Number(m[1]);
  if (m[2] === 'passed') passed += v;
  else if (m[2] === 'failed' || m[2] === 'flaky') failed += v;
  else skipped += v;
}
process.stdout.write(`${passed} passed, ${failed} failed, ${skipped} skipped\n`);
