/** The local Azure's own file writing (it shares no code with src/core): a file is replaced whole or not at all. */

import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';

/**
 * Writes `data` next to `file` under a fresh name, flushes it to disk, then renames it over `file`: a reader
 * (or a restart after a crash) sees the old content or the new one, never a part.
 */
export async function replaceFile(file: string, data: string | Uint8Array, mode = 0o644): Promise<void> {
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(6).toString('hex')}.partial`);
  const handle = await fs.open(temp, 'wx', mode);
  try {
    await handle.writeFile(data);
    await handle.datasync();
  } catch (e) {
    await handle.close();
    await fs.rm(temp, { force: true });
    throw e;
  }
  await handle.close();
  try {
    await fs.rename(temp, file);
  } catch (e) {
    await fs.rm(temp, { force: true });
    throw e;
  }
  // The rename itself reaches the disk with the folder's entry; folders cannot be opened this way on Windows.
  const dir = await fs.open(path.dirname(file), 'r').catch(() => null);
  if (dir) await dir.sync().catch(() => undefined).finally(() => dir.close());
}
