/**
 * Azurite (blob service) as a child process of the local Azure, over HTTPS with the emulator's certificate.
 *
 * The process runs azuriteWatchdog.cjs (Azurite's blob service plus the messages it answers). How it is started is
 * the launcher's business: a Node child here (the command, the host, the tests), an Electron utility process in the
 * app, where `process.execPath` is the app itself and cannot run a script (src/main/azuriteUtility.ts).
 */

import { spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { promises as fs } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { TlsMaterial } from './tls';

/** A started Azurite process, whatever started it. */
export interface AzuriteProcess {
  /** Its process id while it runs. */
  readonly pid: number | undefined;
  /** Messages from azuriteWatchdog.cjs: `{ type: 'ready', port }` or `{ type: 'failed', message }`. */
  onMessage(listener: (message: unknown) => void): void;
  /** 'shutdown' (close cleanly, then exit). */
  send(message: 'shutdown'): void;
  /** Resolves when the process has ended. */
  readonly exited: Promise<void>;
  /** The end of what it wrote on stderr, for the error when it does not start. */
  stderrTail(): string;
  /** Ends it at once. */
  kill(): void;
  /** Lets this process end without waiting for Azurite (which then ends with it). */
  detach(): void;
}

/** Starts azuriteWatchdog.cjs with Azurite's command line `args` and environment `env`. */
export type AzuriteLauncher = (o: { args: string[]; env: NodeJS.ProcessEnv }) => AzuriteProcess;

export interface RunningAzurite {
  port: number;
  pid: number | undefined;
  /** Asks Azurite to close (it saves its metadata), waits for it to end; ends it after 10 s if it has not. */
  stop(): Promise<void>;
}

/** A port that was free a moment ago (Azurite needs a number on its command line). */
export function freePort(preferred = 0): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', (e) => (preferred ? freePort(0).then(resolve, reject) : reject(e)));
    s.listen(preferred, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

/** Keeps the last `max` characters written to a stream. */
export function tail(stream: NodeJS.ReadableStream | null | undefined, max = 2000): () => string {
  let text = '';
  stream?.on('data', (d: Buffer | string) => (text = (text + d.toString()).slice(-max)));
  return () => text;
}

/**
 * A Node child running the watchdog beside this module (src/emulator, or out/<bundle> where the build copies it).
 * Not in Electron: there `process.execPath` is the app, which would start a second app instead of Node.
 */
export const nodeAzuriteLauncher: AzuriteLauncher = ({ args, env }) => {
  if (process.versions.electron) throw new Error('In the Electron app, Azurite runs in a utility process: pass its launcher.');
  const entry = fileURLToPath(new URL('./azuriteWatchdog.cjs', import.meta.url));
  const child = spawn(process.execPath, [entry, ...args], { env, stdio: ['ignore', 'ignore', 'pipe', 'ipc'], windowsHide: true });
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
  child.once('error', () => undefined);
  return {
    get pid() {
      return child.exitCode === null && child.signalCode === null ? child.pid : undefined;
    },
    onMessage: (listener) => child.on('message', listener),
    send(message) {
      if (child.connected) child.send(message);
    },
    exited,
    stderrTail: tail(child.stderr),
    kill: () => void child.kill('SIGKILL'),
    detach() {
      child.unref();
      child.channel?.unref();
      (child.stderr as unknown as { unref?: () => void } | null)?.unref?.();
    },
  };
};

/** Resolves with the port once the process says it listens, or with why it did not start. */
function whenReady(p: AzuriteProcess, timeoutMs: number): Promise<{ port: number } | { error: string }> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve({ error: 'Azurite did not start listening' }), timeoutMs);
    p.onMessage((m) => {
      const msg = m as { type?: unknown; port?: unknown; message?: unknown } | null;
      if (msg?.type === 'ready' && typeof msg.port === 'number') {
        clearTimeout(timer);
        resolve({ port: msg.port });
      } else if (msg?.type === 'failed') {
        clearTimeout(timer);
        resolve({ error: String(msg.message) });
      }
    });
    void p.exited.then(() => {
      clearTimeout(timer);
      // Its stderr may still be arriving.
      setTimeout(() => resolve({ error: p.stderrTail().trim() || 'Azurite ended before listening' }), 50);
    });
  });
}

export async function startAzurite(o: {
  stateDir: string;
  tls: TlsMaterial;
  accountName: string;
  accountKey: string;
  preferredPort?: number;
  launch?: AzuriteLauncher;
}): Promise<RunningAzurite> {
  const launch = o.launch ?? nodeAzuriteLauncher;
  const location = path.join(o.stateDir, 'azurite');
  await fs.mkdir(location, { recursive: true });
  let lastError = '';
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort(attempt === 0 ? (o.preferredPort ?? 0) : 0);
    const child = launch({
      args: ['--silent', '--disableTelemetry', '--location', location, '--blobHost', '127.0.0.1', '--blobPort', String(port), '--skipApiVersionCheck', '--loose', '--cert', o.tls.certFile, '--key', o.tls.keyFile],
      env: { ...process.env, AZURITE_ACCOUNTS: `${o.accountName}:${o.accountKey}` },
    });
    const ready = await whenReady(child, 20_000);
    if ('port' in ready) {
      child.detach();
      let stopping: Promise<void> | undefined;
      const stop = () =>
        (stopping ??= (async () => {
          child.send('shutdown');
          const timer = setTimeout(() => child.kill(), 10_000);
          await child.exited;
          clearTimeout(timer);
        })());
      return { port: ready.port, pid: child.pid, stop };
    }
    child.kill();
    await child.exited;
    lastError = ready.error;
  }
  throw new Error(`Azurite could not start: ${lastError}`);
}
