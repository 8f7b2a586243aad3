/**
 * The entry point of the Azurite process: starts Azurite's blob service with the command line it was given, tells
 * its parent when it listens, closes it cleanly when asked (so Azurite writes its metadata), and ends it when the
 * parent is gone.
 *
 * It runs in two kinds of process, with the same messages:
 *   - a Node child started by src/emulator/azurite.ts (the command, the host, the tests): Node's IPC channel;
 *     the parent going away closes the channel ('disconnect').
 *   - an Electron utility process started by the app (src/main/azuriteUtility.ts): `process.parentPort`. A utility
 *     process is not told when its parent is gone and does not exit when it has nothing left to do (electron/electron
 *     issue 47228), so the parent sends 'ping' every OFFLINE_SEED_AZURITE_HEARTBEAT_MS and this process stops after
 *     three missed beats, and it always ends with process.exit().
 *
 * Messages (ours): parent → child 'shutdown' | 'ping'; child → parent { type: 'ready', port } | { type: 'failed', message }.
 * The Electron build bundles this file with Azurite into out/azurite/azurite.cjs (scripts/build.mjs); elsewhere it
 * loads Azurite from node_modules.
 */
'use strict';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- a CommonJS entry point
const { BlobServerFactory } = require('azurite/dist/src/blob/BlobServerFactory');

const parentPort = process.parentPort;
/** @param {unknown} message */
function send(message) {
  if (parentPort) parentPort.postMessage(message);
  else if (process.connected && process.send) process.send(message);
}

/** @type {{ close(): Promise<void>, start(): Promise<void>, getHttpServerAddress(): string } | undefined} */
let server;
let started = false;
let stopRequested = false;
let stopping = false;

/** Closes Azurite (it saves its metadata on close), then exits; a close that hangs is cut after 10 s. */
function stop() {
  stopRequested = true;
  // Asked while still starting: stopped as soon as the start is over.
  if (!started || stopping) return;
  stopping = true;
  setTimeout(() => process.exit(0), 10_000).unref();
  Promise.resolve(server?.close())
    .catch(() => undefined)
    .finally(() => process.exit(0));
}

/** @param {unknown} message */
function onMessage(message) {
  if (message === 'shutdown') stop();
  else if (message === 'ping') lastBeat = Date.now();
}

let lastBeat = Date.now();
if (parentPort) {
  parentPort.on('message', (event) => onMessage(event.data));
  const beat = Number(process.env.OFFLINE_SEED_AZURITE_HEARTBEAT_MS);
  if (beat > 0) {
    setInterval(() => {
      if (Date.now() - lastBeat > 3 * beat) stop();
    }, beat);
  }
} else {
  process.on('message', onMessage);
  process.on('disconnect', stop);
  // The channel alone must not keep this process alive: it ends through stop() or with its parent.
  if (process.channel) process.channel.unref();
}
delete process.env.OFFLINE_SEED_AZURITE_HEARTBEAT_MS;

(async () => {
  // Azurite reads its options from process.argv: [execPath, this file, ...Azurite's own arguments].
  server = await new BlobServerFactory().createServer();
  await server.start();
  started = true;
  const port = Number(new URL(server.getHttpServerAddress()).port);
  send({ type: 'ready', port });
  if (stopRequested) stop();
})().catch((e) => {
  send({ type: 'failed', message: String((e && e.message) || e).slice(0, 500) });
  process.stderr.write(`Azurite could not start: ${(e && e.message) || e}\n`, () => process.exit(1));
});
