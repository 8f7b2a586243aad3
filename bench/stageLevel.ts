/** Bench helper (bundled by bench/stage.ts): stages a folder at a given zstd level, for the size/speed trade. */

import { promises as fs } from 'node:fs';
import { createJobContext } from '../src/core/jobs';
import { writeStaging } from '../src/core/staging/writer';

const [source, staging, level] = process.argv.slice(2);
await fs.mkdir(staging!, { recursive: true });
const { stats } = await writeStaging({ stagingDir: staging!, sources: [{ path: source!, name: 'data' }], packSize: 1024 ** 3, level: Number(level) }, createJobContext('stage'));
process.stdout.write(`${JSON.stringify(stats)}\n`);
