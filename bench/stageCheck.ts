/** Bench helper (bundled by bench/stage.ts): the staging check of one staging location, as diskprep runs it. */

import { createJobContext } from '../src/core/jobs';
import { checkStagingIntegrity } from '../src/core/staging/check';

const r = await checkStagingIntegrity(process.argv[2]!, createJobContext('verify'));
process.stdout.write(`${JSON.stringify(r)}\n`);
