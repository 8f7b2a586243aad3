#!/usr/bin/env node
// One closing line for a test run: "tests: N passed, N failed, N skipped", followed by why tests were skipped (the
// `[skip] …` lines the runners printed: root-only tests, the Electron test without Electron's binary).
// `npm test` (scripts/test.mjs) prints it at the end; `node scripts/test-summary.mjs < log` reads a saved log.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/** Counts from Vitest's and Playwright's output (colour codes allowed). */
export function summarize(raw) {
  // eslint-disable-next-line no-control-regex
  const text = raw.replace(/\x1b\[[0-9;]*m/g, '');
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
  const reasons = [...new Set([...text.matchAll(/^\[skip\] (.+)$/gm)].map((m) => m[1].trim()))];
  return { passed, failed, skipped, reasons };
}

/** The closing line (and one line per skip reason). */
export function summaryText(s) {
  const lines = [`tests: ${s.passed} passed, ${s.failed} failed, ${s.skipped} skipped`];
  for (const r of s.reasons) lines.push(`  skipped: ${r}`);
  return lines.join('\n') + '\n';
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  process.stdout.write(summaryText(summarize(readFileSync(0, 'utf8'))));
}
