/**
 * The elevated helper: the one process of Offline Seed that runs as administrator (root on Linux), started by the
 * unelevated app for one drive step (client.ts). It connects back to the caller, proves it knows the per-run token,
 * and then does only what needs the elevation: prepare a drive (erase, format, BitLocker, mount), check a recorded
 * key against the volume, empty a mounted drive's device buffer cache before the caller reads it back, unmount. It writes nothing into the session folder: the recovery password and everything
 * else go back to the caller, which keeps its own files (journals, keys, session) as the signed-in user.
 */

import { promises as fs } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { isOfflineSeedError, OfflineSeedError } from '../../shared/errors';
import { redact } from '../../shared/redact';
import { checkRecordedKey, prepareDrive, releaseDrive } from '../drives/prepare';
import { writeMachineRegistryEntries } from '../certs/registryEntries';
import { cloudBackupProviderKey, windowsRegistryStore } from '../platform/backupConfig';
import { dropDeviceCacheUnder } from '../platform/linux/deviceCache';
import { journalPaths } from '../formats/journal';
import { stagingLayout } from '../../shared/stagingLayout';
import { frame, lineReader, newNonce, proofMatches, proofOf, toHelperSchema, type HelperCall, type HelperError, type ToCaller } from './protocol';

export interface HelperArgs {
  /** The caller's Unix socket or named pipe. */
  socket: string;
  /** The 0600 file holding the per-run token (hex), in the caller's 0700 folder. */
  tokenFile: string;
}

/** The helper's arguments (`--socket <path> --token-file <path>`), or null when they are not exactly that. */
export function parseHelperArgs(argv: string[]): HelperArgs | null {
  if (argv.length !== 4 || argv[0] !== '--socket' || argv[2] !== '--token-file' || !argv[1] || !argv[3]) return null;
  return { socket: argv[1], tokenFile: argv[3] };
}

/** How long the caller has to answer the helper's hello. */
const handshakeMs = 30_000;

function asHelperError(e: unknown): HelperError {
  if (isOfflineSeedError(e)) return { code: e.code, params: e.params, ...(e.step ? { step: e.step } : {}) };
  const reason = redact(e instanceof Error ? e.message : String(e)).slice(0, 2000) || 'unknown error';
  return { code: 'app:errors.helperFailed', params: { reason }, step: 'drives' };
}

/**
 * Linux: the helper (root) creates and mounts under `<session folder>/.work/mnt/<drive>`. Each of those that already
 * exists must be a real folder of the user who started the helper, not a link: otherwise root would mount a drive over,
 * or hand the user, a folder somewhere else.
 */
async function assertUsersFolders(stagingDir: string, driveId: string, uid: number): Promise<void> {
  const work = path.join(stagingDir, stagingLayout.workDir);
  const mountDir = path.join(work, 'mnt', path.basename(journalPaths(stagingDir, driveId).journal, '.jrn'));
  for (const [p, follow] of [[stagingDir, true], [work, false], [path.dirname(mountDir), false], [mountDir, false]] as const) {
    const st = await (follow ? fs.stat(p) : fs.lstat(p)).catch((e: NodeJS.ErrnoException) => (e.code === 'ENOENT' && p !== stagingDir ? null : Promise.reject(e)));
    if (st && (!st.isDirectory() || st.uid !== uid)) throw new Error(`${p} is not a folder of the user who asked for the elevation, so nothing was done.`);
  }
}

/** Runs the helper until the caller says goodbye or goes away. Resolves with the process exit code. */
export async function runElevatedHelper(args: HelperArgs): Promise<number> {
  const text = (await fs.readFile(args.tokenFile, 'utf8')).trim();
  if (!/^[0-9a-f]{64}$/.test(text)) return 2;
  const token = Buffer.from(text, 'hex');
  // Linux: the caller created the token file; what the helper mounts and the folders it creates belong to that user.
  const st = await fs.stat(args.tokenFile);
  const mountOwner = process.platform !== 'win32' && st.uid !== 0 ? { uid: st.uid, gid: st.gid } : undefined;
  const callerUid = process.platform !== 'win32' ? st.uid : undefined;

  const socket = net.connect(args.socket);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  const send = (m: ToCaller) => {
    if (!socket.destroyed) socket.write(frame(m));
  };
  const myNonce = newNonce();
  let authed = false;
  const cancelled = new Set<number>();
  let queue = Promise.resolve();

  const run = async (c: HelperCall): Promise<void> => {
    try {
      if (c.op === 'prepare') {
        if (callerUid !== undefined) await assertUsersFolders(c.arg.stagingDir, c.arg.drive.serial, callerUid);
        const { jobKeys, ...arg } = c.arg;
        const t = await prepareDrive({
          ...arg,
          ...(jobKeys ? { jobKeys: async (id: string) => (id === arg.drive.serial ? jobKeys : []) } : {}),
          keepKey: async () => undefined,
          ...(mountOwner ? { mountOwner } : {}),
          onPhase: (phase) => {
            // Cancelled: stop before anything is erased. Once erasing has begun the drive is finished (and returned,
            // so the caller releases it); the caller's job then stops at its next check.
            if (phase === 'formatting' && (cancelled.has(c.id) || socket.destroyed)) throw new OfflineSeedError({ code: 'app:errors.cancelled' });
            send({ type: 'phase', id: c.id, phase });
          },
        });
        send({ type: 'done', id: c.id, value: t });
      } else if (c.op === 'registryEntries') {
        // Only Windows keeps these machine-wide (HKLM); elsewhere they are the user's own files, written unelevated.
        if (process.platform !== 'win32') throw new Error('AddRegistryEntries is written by the elevated helper on Windows only.');
        const { dataDir, ...entries } = c.arg;
        if (!path.win32.isAbsolute(dataDir)) throw new Error('The data folder must be an absolute path.');
        send({ type: 'done', id: c.id, value: await writeMachineRegistryEntries(entries, { dataDir }) });
      } else if (c.op === 'thumbprintValue') {
        // The Data Box certificate repair: the one HKLM value, Windows only (elsewhere it is never asked for).
        if (process.platform !== 'win32') throw new Error('The certificate repair writes HKLM through the elevated helper on Windows only.');
        await windowsRegistryStore().setString(cloudBackupProviderKey, c.arg.valueName, c.arg.thumbprint);
        send({ type: 'done', id: c.id, value: { registryLocation: cloudBackupProviderKey } });
      } else if (c.op === 'flush') {
        if (!path.isAbsolute(c.arg.root)) throw new Error('The folder to read back must be an absolute path.');
        send({ type: 'done', id: c.id, value: await dropDeviceCacheUnder(c.arg.root) });
      } else if (c.op === 'checkKey') {
        send({ type: 'done', id: c.id, value: await checkRecordedKey(c.arg) });
      } else {
        await releaseDrive(c.arg);
        send({ type: 'done', id: c.id, value: null });
      }
    } catch (e) {
      send({ type: 'failed', id: c.id, error: asHelperError(e) });
    }
  };

  return new Promise<number>((resolve) => {
    let code = 0;
    const timer = setTimeout(() => {
      code = 3;
      socket.destroy();
    }, handshakeMs);
    const finish = () => {
      clearTimeout(timer);
      // Whatever is running finishes (a format is not cut in the middle); then the helper ends.
      void queue.then(() => resolve(code));
    };
    socket.on('close', finish);
    socket.on('error', () => undefined);
    socket.on(
      'data',
      lineReader(
        toHelperSchema,
        (m) => {
          if (!authed) {
            if (m.type !== 'auth' || !proofMatches(token, 'caller', myNonce, m.proof)) {
              code = 4;
              socket.destroy();
              return;
            }
            authed = true;
            clearTimeout(timer);
            send({ type: 'ready', proof: proofOf(token, 'helper', m.nonce) });
            return;
          }
          if (m.type === 'auth') return;
          if (m.type === 'bye') {
            socket.end();
            return;
          }
          if (m.type === 'cancel') {
            cancelled.add(m.id);
            return;
          }
          queue = queue.then(() => run(m));
        },
        () => {
          code = 5;
          socket.destroy();
        },
      ),
    );
    send({ type: 'hello', nonce: myNonce });
  });
}
