/** Reads and writes `offline-seed.json` atomically (temp file, fsync, rename), so a crash never leaves half a session. */

import { promises as fs } from 'node:fs';
import path from 'node:path';
import { OfflineSeedError, type StepId } from '../../shared/errors';
import { sessionSchema, type Session } from '../../shared/session';
import { stagingLayout } from '../../shared/stagingLayout';
import { fileLimits, readFileLimited } from '../files/readLimited';

export function sessionPath(stagingDir: string): string {
  return path.join(stagingDir, stagingLayout.sessionFile);
}

/** Writes `data` to `file` so that readers see the old or the new content, never a mix. */
export async function writeFileAtomic(file: string, data: string | Uint8Array, mode = 0o644): Promise<void> {
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
  const handle = await fs.open(tmp, 'w', mode);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await fs.rename(tmp, file);
  try {
    const dir = await fs.open(path.dirname(file), 'r');
    await dir.sync().catch(() => undefined);
    await dir.close();
  } catch {
    // Directories cannot be opened for fsync on Windows; the rename is still atomic there.
  }
}

/** The session in `stagingDir`, or null when there is none yet. A corrupt file is an error, never silently replaced. */
export async function readSession(stagingDir: string): Promise<Session | null> {
  let text: string;
  try {
    text = await readFileLimited(sessionPath(stagingDir), fileLimits.session, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new OfflineSeedError({
      code: 'staging:errors.sessionCorrupt',
      params: { file: sessionPath(stagingDir) },
      step: 'staging',
    });
  }
  const parsed = sessionSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new OfflineSeedError({
      code: 'staging:errors.sessionInvalid',
      params: { file: sessionPath(stagingDir), where: issue?.path.join('.') ?? '', problem: issue?.message ?? '' },
      step: 'staging',
    });
  }
  return parsed.data;
}

/** The session in `stagingDir`; the one "no session" error, naming the step that needed it, when there is none. */
export async function requireSession(stagingDir: string, step: StepId): Promise<Session> {
  const session = await readSession(stagingDir);
  if (session) return session;
  throw new OfflineSeedError({
    code: 'staging:errors.noSession',
    params: { dir: stagingDir },
    step,
  });
}

export async function writeSession(stagingDir: string, session: Session): Promise<void> {
  const checked = sessionSchema.parse({ ...session, updatedAt: new Date().toISOString() });
  await writeFileAtomic(sessionPath(stagingDir), JSON.stringify(checked, null, 2) + '\n');
}

const queues = new Map<string, Promise<unknown>>();

/** Read-modify-write of the session, serialized per staging location within this process. */
export async function updateSession(stagingDir: string, change: (s: Session) => Session | Promise<Session>): Promise<Session> {
  const key = path.resolve(stagingDir);
  const prev = queues.get(key) ?? Promise.resolve();
  const next = prev.then(async () => {
    const current = await requireSession(stagingDir, 'staging');
    const updated = await change(current);
    await writeSession(stagingDir, updated);
    return updated;
  });
  queues.set(key, next.catch(() => undefined));
  return next;
}
