/** Azurite (blob service) as a child process of the local Azure, over HTTPS with the emulator's certificate. */

import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import net from 'node:net';
import path from 'node:path';
import tls from 'node:tls';
import { promises as fs } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { TlsMaterial } from './tls';

export interface RunningAzurite {
  port: number;
  child: ChildProcess;
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

function azuriteMain(): string {
  const require = createRequire(import.meta.url);
  return path.join(path.dirname(require.resolve('azurite/package.json')), 'dist', 'src', 'blob', 'main.js');
}

/** Preload that ends Azurite when the IPC channel to its parent closes. */
const watchdog = fileURLToPath(new URL('./azuriteWatchdog.cjs', import.meta.url));

function probe(port: number, ca: string): Promise<boolean> {
  return new Promise((resolve) => {
    const s = tls.connect({ host: '127.0.0.1', port, ca, servername: 'localhost' }, () => {
      s.end();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

export async function startAzurite(o: { stateDir: string; tls: TlsMaterial; accountName: string; accountKey: string; preferredPort?: number }): Promise<RunningAzurite> {
  const location = path.join(o.stateDir, 'azurite');
  await fs.mkdir(location, { recursive: true });
  let lastError = '';
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort(attempt === 0 ? (o.preferredPort ?? 0) : 0);
    const child = spawn(
      process.execPath,
      ['--require', watchdog, azuriteMain(), '--silent', '--disableTelemetry', '--location', location, '--blobHost', '127.0.0.1', '--blobPort', String(port), '--skipApiVersionCheck', '--loose', '--cert', o.tls.certFile, '--key', o.tls.keyFile],
      { env: { ...process.env, AZURITE_ACCOUNTS: `${o.accountName}:${o.accountKey}` }, stdio: ['ignore', 'ignore', 'pipe', 'ipc'], windowsHide: true },
    );
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-2000)));
    let exited = false;
    child.once('exit', () => (exited = true));
    const deadline = Date.now() + 15000;
    while (!exited && Date.now() < deadline) {
      if (await probe(port, o.tls.caPem)) {
        const stop = () =>
          new Promise<void>((resolve) => {
            if (exited || child.exitCode !== null) return resolve();
            // Referenced again while stopping, so the process waits for Azurite to exit.
            child.ref();
            child.once('exit', () => resolve());
            child.kill('SIGTERM');
            setTimeout(() => child.kill('SIGKILL'), 3000).unref();
          });
        child.unref();
        child.channel?.unref();
        (child.stderr as unknown as { unref?: () => void } | null)?.unref?.();
        return { port, child, stop };
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    child.kill('SIGKILL');
    lastError = stderr.trim() || 'Azurite did not start listening';
  }
  throw new Error(`Azurite could not start: ${lastError}`);
}
