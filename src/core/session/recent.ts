/**
 * The staging locations this machine worked with, newest first, kept in the app's data folder, so that
 * `diskprep u:` and `status` without `s:` find "the job waiting in the session" as DiskPrep does.
 */

import path from 'node:path';
import { writeFileAtomic } from './sessionFile';
import { fileLimits, readFileLimited } from '../files/readLimited';
import { ensurePrivateDir } from '../files/privateDir';

const fileName = 'recent-staging.json';
const keep = 20;

export async function readRecentStaging(dataDir: string): Promise<string[]> {
  try {
    const list = JSON.parse(await readFileLimited(path.join(dataDir, fileName), fileLimits.smallJson, 'utf8')) as unknown;
    return Array.isArray(list) ? list.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

export async function rememberStaging(dataDir: string, stagingDir: string): Promise<void> {
  const abs = path.resolve(stagingDir);
  const list = [abs, ...(await readRecentStaging(dataDir)).filter((p) => p !== abs)].slice(0, keep);
  await ensurePrivateDir(dataDir);
  await writeFileAtomic(path.join(dataDir, fileName), JSON.stringify(list, null, 2) + '\n', 0o600);
}
