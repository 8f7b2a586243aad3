import { defineConfig } from 'vitest/config';
import type { Reporter } from 'vitest/node';

const isRoot = process.getuid?.() === 0;
const rootReason = 'need root (loop devices, mounts, running the command as uid 65534)';

/**
 * Tests tagged `root` (`{ tags: 'root' }`, or `@module-tag root` in a file's first comment) are skipped when not
 * running as root. This reporter says so once, with their number; scripts/test-summary.mjs repeats `[skip]` lines.
 */
const rootSkips: Reporter = {
  onTestRunEnd(modules) {
    if (isRoot) return;
    let skipped = 0;
    for (const m of modules) for (const t of m.children.allTests()) if (t.tags.includes('root') && t.result().state === 'skipped') skipped++;
    if (skipped > 0) process.stdout.write(`[skip] ${skipped} tests ${rootReason} and were skipped: run npm test as root to include them.\n`);
  },
};

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    exclude: ['e2e/**', 'node_modules/**'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Two cores: loop devices, Azurite and the local Azure do not like being raced against each other.
    maxWorkers: 2,
    tags: [{ name: 'root', description: `Tests that ${rootReason}; skipped otherwise.`, skip: !isRoot }],
    strictTags: true,
    reporters: ['default', rootSkips],
  },
});
