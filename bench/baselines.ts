/**
 * The benchmarks' baselines (tar, zstd, restic, dd, md5sum) and the drive tools bench:copy uses, checked the same
 * way as the tests' prerequisites and from the same list (scripts/prerequisites.mjs --bench): installed with
 * apt-get as root on Debian/Ubuntu, otherwise one line per missing tool with its install command, and exit 2
 * before anything is measured. Every bench file calls `checkBaselines()` first.
 */

import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const script = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'scripts', 'prerequisites.mjs');

export function checkBaselines(): void {
  const r = spawnSync(process.execPath, [script, '--bench'], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 2);
}
