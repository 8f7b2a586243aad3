/**
 * The unelevated side of the privilege split. The wizard and the command line run as the signed-in user; when a
 * drive step must erase, format, encrypt or mount a drive, they start the elevated helper (helper.ts) for that step
 * alone and send it only those operations. The copy, the journals, the keys and the session stay in this process,
 * so every file of the session folder belongs to the user (0600 in 0700 folders) and Monitor reads them unelevated.
 *
 * How elevation is asked for:
 * - Windows: a UAC prompt, by starting the helper with the "runas" verb of ShellExecuteEx (ProcessStartInfo.Verb
 *   with UseShellExecute), as Microsoft documents for launching an application elevated.
 * - Linux: `pkexec` (polkit's prompt) where it is installed, else `sudo -n` (works only where no password is
 *   needed), else one sentence saying neither is there.
 */

import { randomBytes } from 'node:crypto';
import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants, promises as fs } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { OfflineSeedError } from '../../shared/errors';
import type { ErrorCode } from '../../shared/i18n/resources';
import type { DriveInfo } from '../../shared/rules/driveEligibility';
import { checkRecordedKey, isLocalRehearsal, prepareDrive, releaseDrive, type PreparedTarget } from '../drives/prepare';
import { writePendingKey } from '../drives/driveKey';
import type { DriveOps } from '../drives/prepareAndCopy';
import { runPowerShell, type PowerShellRunner } from '../platform/windows/powershell';
import { dropDeviceCacheUnder, type DeviceCacheOutcome } from '../platform/linux/deviceCache';
import {
  frame,
  lineReader,
  newNonce,
  proofMatches,
  proofOf,
  toCallerSchema,
  type HelperError,
  type PrepareArg,
  type RegistryEntriesArg,
  type ThumbprintValueArg,
  type ToCaller,
} from './protocol';

/** How to start this program as the elevated helper: the program and the arguments before the helper's own. */
export interface HelperCommand {
  file: string;
  args: string[];
}

export interface ElevationOptions {
  command: HelperCommand;
  platform?: NodeJS.Platform;
  /** Where pkexec and sudo are looked for (PATH); process.env when absent. */
  env?: NodeJS.ProcessEnv;
  /** Windows PowerShell; tests pass a replayer. */
  ps?: PowerShellRunner;
  /** Windows: how long the started helper has to connect back after the UAC prompt was accepted. */
  connectTimeoutMs?: number;
}

/** Whether preparing `drive` needs the elevated helper: every real drive; a folder only on Windows for a real cloud (BitLocker is read). */
export function driveNeedsElevation(drive: DriveInfo, cloud: string, platform: NodeJS.Platform = process.platform): boolean {
  return drive.kind !== 'dir' || (platform === 'win32' && !isLocalRehearsal(cloud));
}

/** An executable named `name` on PATH, by absolute path. */
function onPath(name: string, env: NodeJS.ProcessEnv): string | null {
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (!dir || !path.isAbsolute(dir)) continue;
    const p = path.join(dir, name);
    try {
      accessSync(p, constants.X_OK);
      return p;
    } catch {
      // not here
    }
  }
  return null;
}

/** Linux and macOS: the command that runs a program as root, as a prefix, or null when there is none. */
export function elevationTool(env: NodeJS.ProcessEnv = process.env): { tool: 'pkexec' | 'sudo'; file: string; prefix: string[] } | null {
  const pkexec = onPath('pkexec', env);
  if (pkexec) return { tool: 'pkexec', file: pkexec, prefix: [] };
  const sudo = onPath('sudo', env);
  // -n: never prompt (there may be no terminal to type a password in); -- ends sudo's own options.
  if (sudo) return { tool: 'sudo', file: sudo, prefix: ['-n', '--'] };
  return null;
}

/** Refuses, before anything starts, a front end that cannot ask for elevation at all (no pkexec, no sudo). */
export function assertCanElevate(o: ElevationOptions): void {
  const platform = o.platform ?? process.platform;
  if (platform !== 'win32' && !elevationTool(o.env ?? process.env)) {
    throw new OfflineSeedError({ code: 'app:errors.elevationUnavailable', step: 'drives' });
  }
}

/** Quotes one argument for a Windows command line as CommandLineToArgvW splits it (backslashes doubled before a quote). */
export function windowsArg(a: string): string {
  if (a !== '' && !/[\s"]/.test(a)) return a;
  return `"${a.replace(/(\\*)"/g, '$1$1\\"').replace(/(\\+)$/, '$1$1')}"`;
}

const failure = (code: ErrorCode, params: Record<string, string | number> = {}) => new OfflineSeedError({ code, params, step: 'drives' });

/**
 * Windows: starts the helper elevated. The UAC prompt comes from ShellExecuteEx's "runas" verb; a prompt the user
 * declines fails with ERROR_CANCELLED (1223), read as a number, not as localized text.
 * https://learn.microsoft.com/en-us/windows/win32/api/shellapi/ns-shellapi-shellexecuteinfow (lpVerb "runas")
 * https://learn.microsoft.com/en-us/dotnet/api/system.diagnostics.processstartinfo.verb
 * https://learn.microsoft.com/en-us/dotnet/api/system.diagnostics.processstartinfo.useshellexecute
 * https://learn.microsoft.com/en-us/windows/win32/debug/system-error-codes--1000-1299- (ERROR_CANCELLED)
 */
export const startElevatedScript = `
$psi = New-Object System.Diagnostics.ProcessStartInfo
$psi.FileName = [string]$OfflineSeedInput.file
$psi.Arguments = [string]$OfflineSeedInput.arguments
$psi.Verb = 'runas'
$psi.UseShellExecute = $true
$psi.WindowStyle = [System.Diagnostics.ProcessWindowStyle]::Hidden
try {
  $p = [System.Diagnostics.Process]::Start($psi)
  [pscustomobject]@{ started = $true; declined = $false; pid = $p.Id }
} catch [System.ComponentModel.Win32Exception] {
  if ($_.Exception.NativeErrorCode -eq 1223) { [pscustomobject]@{ started = $false; declined = $true; pid = 0 } } else { throw }
}`;

/** A running, authenticated helper. */
export interface ElevatedHelper {
  prepare(arg: PrepareArg, o: { onPhase?: (phase: 'formatting' | 'encrypting') => void; signal?: AbortSignal }): Promise<PreparedTarget>;
  checkKey(t: PreparedTarget): Promise<boolean>;
  release(t: PreparedTarget): Promise<void>;
  /** Windows AddRegistryEntries: the HKLM value and the parameters file in the agent's scratch folder. */
  registryEntries(arg: RegistryEntriesArg): Promise<{ registryLocation: string; paramsPath: string }>;
  /** The Data Box certificate repair: the HKLM thumbprint value alone. */
  thumbprintValue(arg: ThumbprintValueArg): Promise<{ registryLocation: string }>;
  /** Linux: empties the buffer cache of the FUSE block device mounted at `root` (BLKFLSBUF is root only). */
  flush(root: string): Promise<DeviceCacheOutcome>;
  close(): Promise<void>;
}

/**
 * Starts the elevated helper and waits until it has connected and proved itself. Throws one sentence when
 * elevation is unavailable, declined or fails.
 */
export async function startElevatedHelper(o: ElevationOptions): Promise<ElevatedHelper> {
  const platform = o.platform ?? process.platform;
  assertCanElevate(o);
  // A 0700 folder of this user: the token file (0600), and on Linux the socket (nobody else can reach it).
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'offline-seed-elevation-'));
  await fs.chmod(dir, 0o700).catch(() => undefined);
  const token = randomBytes(32);
  const tokenFile = path.join(dir, 'token');
  await fs.writeFile(tokenFile, token.toString('hex'), { mode: 0o600 });
  // The channel is this machine's own (a named pipe on Windows), whatever `platform` the launch is written for.
  const socketPath = process.platform === 'win32' ? `\\\\.\\pipe\\offline-seed-${randomBytes(16).toString('hex')}` : path.join(dir, 'helper.sock');
  const server = net.createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(socketPath, resolve);
  });
  const cleanup = async () => {
    server.close();
    await fs.rm(dir, { recursive: true, force: true }).catch(() => undefined);
  };

  let child: ChildProcess | null = null;
  try {
    const connected = waitForHelper(server, token);
    const helperArgs = [...o.command.args, '--socket', socketPath, '--token-file', tokenFile];
    let launchFailed: Promise<never>;
    if (platform === 'win32') {
      const out = await runPowerShell(startElevatedScript, { input: { file: o.command.file, arguments: helperArgs.map(windowsArg).join(' ') }, ...(o.ps ? { ps: o.ps } : {}) });
      if (!out.ok) throw failure('app:errors.elevationFailed', { tool: 'UAC', reason: out.error.message });
      const r = out.result as { started?: boolean; declined?: boolean };
      if (r.declined) throw failure('app:errors.elevationDeclined', { tool: 'UAC' });
      const ms = o.connectTimeoutMs ?? 60_000;
      launchFailed = new Promise((_, reject) => setTimeout(() => reject(failure('app:errors.elevationFailed', { tool: 'UAC', reason: `no answer within ${ms / 1000} s` })), ms).unref());
    } else {
      const t = elevationTool(o.env ?? process.env)!;
      child = spawn(t.file, [...t.prefix, o.command.file, ...helperArgs], { stdio: ['ignore', 'ignore', 'pipe'], windowsHide: true });
      let said = '';
      child.stderr?.on('data', (d: Buffer) => (said = (said + d.toString()).slice(-2000)));
      launchFailed = new Promise((_, reject) => {
        child!.once('error', (e) => reject(failure('app:errors.elevationFailed', { tool: t.tool, reason: e.message })));
        child!.once('exit', (code) => {
          // pkexec: 126 = the user dismissed the prompt, 127 = not authorized or failed (pkexec(1), RETURN VALUE).
          if (t.tool === 'pkexec' && code === 126) return reject(failure('app:errors.elevationDeclined', { tool: t.tool }));
          const last = said.trim().split('\n').slice(-1)[0] ?? '';
          reject(failure('app:errors.elevationFailed', { tool: t.tool, reason: `exit ${code ?? 'signal'}${last ? `: ${last}` : ''}` }));
        });
      });
    }
    launchFailed.catch(() => undefined);
    const sock = await Promise.race([connected, launchFailed]);
    // The token has served: nobody needs it any more.
    await fs.rm(tokenFile, { force: true });
    return session(sock, cleanup, child);
  } catch (e) {
    child?.kill();
    await cleanup();
    throw e;
  }
}

/** The first connection that proves it knows the token; any other is closed. */
function waitForHelper(server: net.Server, token: Buffer): Promise<net.Socket> {
  return new Promise((resolve) => {
    server.on('connection', (sock) => {
      const mine = newNonce();
      let stage: 'hello' | 'ready' | 'done' = 'hello';
      const drop = () => sock.destroy();
      const t = setTimeout(drop, 30_000);
      sock.on('error', () => undefined);
      const onData = lineReader(
        toCallerSchema,
        (m) => {
          if (stage === 'hello' && m.type === 'hello') {
            stage = 'ready';
            sock.write(frame({ type: 'auth', nonce: mine, proof: proofOf(token, 'caller', m.nonce) }));
          } else if (stage === 'ready' && m.type === 'ready' && proofMatches(token, 'helper', mine, m.proof)) {
            stage = 'done';
            clearTimeout(t);
            sock.off('data', onData);
            server.close();
            resolve(sock);
          } else drop();
        },
        drop,
      );
      sock.on('data', onData);
    });
  });
}

function session(sock: net.Socket, cleanup: () => Promise<void>, child: ChildProcess | null): ElevatedHelper {
  let nextId = 1;
  const pending = new Map<number, { resolve(v: unknown): void; reject(e: unknown): void; onPhase?: (p: 'formatting' | 'encrypting') => void }>();
  let lost: OfflineSeedError | null = null;
  const loseAll = (why: string) => {
    lost ??= failure('app:errors.helperLost', { reason: why });
    for (const p of pending.values()) p.reject(lost);
    pending.clear();
  };
  sock.on(
    'data',
    lineReader(
      toCallerSchema,
      (m: ToCaller) => {
        if (m.type === 'hello' || m.type === 'ready') return;
        const p = pending.get(m.id);
        if (!p) return;
        if (m.type === 'phase') return p.onPhase?.(m.phase);
        pending.delete(m.id);
        if (m.type === 'done') p.resolve(m.value);
        else p.reject(fromHelperError(m.error));
      },
      (why) => {
        loseAll(why);
        sock.destroy();
      },
    ),
  );
  sock.on('close', () => loseAll('the connection closed'));
  sock.on('error', () => undefined);

  const call = <T>(op: 'prepare' | 'checkKey' | 'release' | 'registryEntries' | 'thumbprintValue' | 'flush', arg: unknown, o: { onPhase?: (p: 'formatting' | 'encrypting') => void; signal?: AbortSignal } = {}): Promise<T> => {
    if (lost) return Promise.reject(lost);
    const id = nextId++;
    return new Promise<T>((resolve, reject) => {
      pending.set(id, { resolve: resolve as (v: unknown) => void, reject, ...(o.onPhase ? { onPhase: o.onPhase } : {}) });
      const onAbort = () => sock.write(frame({ type: 'cancel', id }));
      o.signal?.addEventListener('abort', onAbort, { once: true });
      if (o.signal?.aborted) onAbort();
      sock.write(JSON.stringify({ type: 'call', id, op, arg }) + '\n');
    });
  };

  return {
    prepare: (arg, o) => call<PreparedTarget>('prepare', arg, o),
    checkKey: (t) => call<boolean>('checkKey', t),
    release: (t) => call<void>('release', t),
    registryEntries: (arg) => call<{ registryLocation: string; paramsPath: string }>('registryEntries', arg),
    thumbprintValue: (arg) => call<{ registryLocation: string }>('thumbprintValue', arg),
    flush: (root) => call<DeviceCacheOutcome>('flush', { root }),
    async close() {
      if (!sock.destroyed) {
        sock.end(frame({ type: 'bye' }));
        await new Promise<void>((resolve) => {
          if (child && child.exitCode === null) child.once('exit', () => resolve());
          else sock.once('close', () => resolve());
          setTimeout(resolve, 10_000).unref();
        });
      }
      await cleanup();
    },
  };
}

function fromHelperError(e: HelperError): OfflineSeedError {
  return new OfflineSeedError({ code: e.code as ErrorCode, params: e.params, step: e.step ?? 'drives' });
}

/**
 * The drive operations of an unelevated front end: a drive that needs elevation goes to the helper, started on first
 * use (one prompt for the whole step); the rest runs here. The recovery password of a drive the helper formatted is
 * kept here, in the user's own 0600 file. `close()` ends the helper.
 */
export function elevatedDriveOps(o: ElevationOptions): DriveOps & { close(): Promise<void> } {
  const platform = o.platform ?? process.platform;
  let helper: Promise<ElevatedHelper> | null = null;
  const viaHelper = new WeakSet<PreparedTarget>();
  return {
    async prepare(input) {
      if (!driveNeedsElevation(input.drive, input.cloud, platform)) return prepareDrive(input);
      const { drive, stagingDir, cloud, label, eligibility } = input;
      // Asked of Azure here, before any prompt: the helper does not talk to Azure.
      const jobKeys = input.jobKeys ? await input.jobKeys(drive.serial) : undefined;
      const h = await (helper ??= startElevatedHelper(o));
      const t = await h.prepare({ drive, stagingDir, cloud, label, eligibility, ...(jobKeys ? { jobKeys } : {}) }, { ...(input.onPhase ? { onPhase: input.onPhase } : {}), ...(input.signal ? { signal: input.signal } : {}) });
      if (t.formatted) await writePendingKey(stagingDir, t.driveId, t.bitLockerKey);
      viaHelper.add(t);
      return t;
    },
    async checkKey(t) {
      // The emulated key is a file on the volume, which the helper mounted for this user: read here.
      if (!viaHelper.has(t) || t.bitLocker === 'emulated' || !helper) return checkRecordedKey(t);
      return (await helper).checkKey(t).catch(() => false);
    },
    async release(t) {
      if (!viaHelper.has(t) || !helper) return releaseDrive(t);
      return (await helper).release(t);
    },
    async emptyDeviceCache(root) {
      // Root already (or nothing to empty): done here. Otherwise the helper empties it, started now if this step has
      // not needed it yet (a folder on a volume the user mounted with ntfs-3g); no helper to be had: 'notPossible'.
      const here = await dropDeviceCacheUnder(root);
      if (here !== 'notPossible' || platform === 'win32') return here;
      try {
        return await (await (helper ??= startElevatedHelper(o))).flush(root);
      } catch {
        return 'notPossible';
      }
    },
    async close() {
      const h = helper;
      helper = null;
      if (h) await (await h.catch(() => null))?.close();
    },
  };
}

/** Runs one AddRegistryEntries write in the elevated helper, started for it alone (one UAC prompt), then ends it. */
export async function registryEntriesElevated(o: ElevationOptions, arg: RegistryEntriesArg): Promise<{ registryLocation: string; paramsPath: string }> {
  const h = await startElevatedHelper(o);
  try {
    return await h.registryEntries(arg);
  } finally {
    await h.close();
  }
}

/** Writes the certificate repair's HKLM value in the elevated helper, started for it alone (one UAC prompt), then ends it. */
export async function thumbprintValueElevated(o: ElevationOptions, arg: ThumbprintValueArg): Promise<{ registryLocation: string }> {
  const h = await startElevatedHelper(o);
  try {
    return await h.thumbprintValue(arg);
  } finally {
    await h.close();
  }
}
