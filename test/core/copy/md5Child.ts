/** Child process for the MD5 thread's test: hashes on the thread with nothing else to do, then prints the digest. */

import { hashBlocks } from '../../../src/core/copy/md5Thread';

const b = Buffer.from(new SharedArrayBuffer(8 * 1024 * 1024));
b.fill(7);
// Nothing but the thread's answer is awaited here: the process must stay for it, then end on its own.
process.stdout.write(`${(await hashBlocks(b, [[0, b.length]]))?.join(',')}\n`);
