/**
 * Preloaded (`--require`) into the Node child that stands in for an Electron utility process (test/electron/standin.ts).
 * It gives the script what Electron 45 gives it, and takes away what Electron does not:
 *   - `process.parentPort` (an EventEmitter): 'message' events carry `{ data, ports: [] }`, messages arriving before a
 *     listener are queued until one is added, `postMessage(message)` reaches the parent's 'message' event;
 *   - `process.type === 'utility'`;
 *   - no `process.send`, no 'message' or 'disconnect' events on `process` (a utility process is not told when its
 *     parent is gone). `process.channel` and `process.connected` stay, unlike in Electron: Node's own IPC reads
 *     `process.channel` before delivering each message from the parent (without it every message is dropped) and
 *     `process.connected` before sending one;
 *   - the process does not end when it has nothing left to do (electron/electron issue 47228): it ends with
 *     process.exit(), a kill, or its parent's exit.
 */
'use strict';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- a CommonJS preload
const { EventEmitter } = require('node:events');

const send = process.send.bind(process);
const queue = [];
const parentPort = new EventEmitter();
parentPort.postMessage = (message) => send(message);
parentPort.on('newListener', (name) => {
  if (name !== 'message') return;
  setImmediate(() => {
    while (queue.length > 0 && parentPort.listenerCount('message') > 0) parentPort.emit('message', { data: queue.shift(), ports: [] });
  });
});

const emit = process.emit;
process.emit = function (name, ...args) {
  if (name === 'message') {
    if (parentPort.listenerCount('message') > 0) parentPort.emit('message', { data: args[0], ports: [] });
    else queue.push(args[0]);
    return true;
  }
  if (name === 'disconnect') return false;
  return emit.call(this, name, ...args);
};
// A 'message' listener keeps Node's IPC channel referenced: the process stays up like a utility process does.
process.on('message', () => undefined);

delete process.send;
delete process.disconnect;
Object.defineProperty(process, 'parentPort', { enumerable: true, writable: false, value: parentPort });
process.type = 'utility';
