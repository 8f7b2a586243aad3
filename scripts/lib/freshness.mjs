// Keeps a bundle in out/ from being older than its sources in a development checkout.
//
// scripts/build.mjs writes out/<bundle>/.inputs.json: each source file of the bundle with its size and mtime. A
// bundle is stale when that file is missing or any input's size or mtime differs (edited, checked out, restored
// with an older date, deleted). Checking costs one stat per input (~150 files, a few ms); rebuilding one bundle
// with esbuild takes well under a second. Concurrent
// callers (tests spawn the command in parallel) take a lock folder so that only one rebuilds; the others wait
// for it and then use its result.
import { mkdirSync, readFileSync, rmdirSync, statSync } from 'node:fs';
import path from 'node:path';

/** Whether out/<bundle> is missing or older than one of its sources. */
export function isStale(root, bundle) {
  let inputs;
  try {
    inputs = JSON.parse(readFileSync(path.join(root, 'out', bundle, '.inputs.json'), 'utf8')).inputs;
  } catch {
    return true;
  }
  // Plain concatenation: 150 path.join calls cost ~5 MiB of RSS on every start (V8 compiles the hot loop).
  const prefix = root.endsWith(path.sep) ? root : root + path.sep;
  for (const [file, seen] of Object.entries(inputs)) {
    try {
      const st = statSync(prefix + file);
      if (`${st.size}:${st.mtimeMs}` !== seen) return true;
    } catch {
      return true;
    }
  }
  return false;
}

const sleep = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/**
 * Rebuilds out/<bundle> if it is stale. Resolves to null when the bundle is fresh (or was rebuilt), or one sentence
 * saying why it could not be rebuilt (esbuild's own messages have gone to stderr).
 */
export async function ensureFresh(root, bundle) {
  if (!isStale(root, bundle)) return null;
  const lock = path.join(root, 'out', `.${bundle}.building`);
  mkdirSync(path.join(root, 'out'), { recursive: true });
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch (e) {
      if (e.code !== 'EEXIST') return `out/${bundle} is older than src/ and this user cannot rebuild it (${e.code}); run npm run build.`;
      // A lock older than two minutes belongs to a build that died.
      try {
        if (Date.now() - statSync(lock).mtimeMs > 120_000) rmdirSync(lock);
      } catch {
        // taken away meanwhile
      }
      if (Date.now() > deadline) return `another build of out/${bundle} has held ${lock} for two minutes; remove that folder and try again.`;
      sleep(50);
    }
  }
  try {
    // Someone else may have rebuilt it while this process waited for the lock.
    if (!isStale(root, bundle)) return null;
    // Loaded only to rebuild: child_process adds megabytes to every start of the command.
    const { spawnSync } = await import('node:child_process');
    const r = spawnSync(process.execPath, [path.join(root, 'scripts', 'build.mjs'), bundle, '--quiet'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
    return r.status === 0 ? null : `out/${bundle} is older than src/ and could not be rebuilt (node scripts/build.mjs ${bundle} failed).`;
  } finally {
    rmdirSync(lock);
  }
}
