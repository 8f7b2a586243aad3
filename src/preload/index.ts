/**
 * The only bridge from the page to main: `window.offlineSeed` with two named functions.
 *
 * `request(name, arg)` accepts only the contract's request names; `subscribe(name, listener)` only its event
 * names and returns an unsubscribe function. Validation of the argument happens again in main. The names come from
 * main through process.argv (src/shared/contract/channels.ts), so this sandboxed script bundles no schema library.
 */

import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { ipcChannel, ipcEventChannel, namesFromArguments } from '../shared/contract/channels';
import type { ErrorRef } from '../shared/errors';

const requestSet = namesFromArguments(process.argv, 'requests');
const eventSet = namesFromArguments(process.argv, 'events');
const listeners = new Map<string, Set<(payload: unknown) => void>>();

ipcRenderer.on(ipcEventChannel, (_e: IpcRendererEvent, name: string, payload: unknown) => {
  for (const l of listeners.get(name) ?? []) l(payload);
});

contextBridge.exposeInMainWorld('offlineSeed', {
  request(name: string, arg: unknown) {
    if (!requestSet.has(name)) {
      const error: ErrorRef = { code: 'app:errors.unknownRequest', params: { name: String(name).slice(0, 80) } };
      return Promise.resolve({ ok: false, error });
    }
    return ipcRenderer.invoke(ipcChannel(name), arg);
  },
  subscribe(name: string, listener: (payload: unknown) => void) {
    if (!eventSet.has(name) || typeof listener !== 'function') return () => undefined;
    let set = listeners.get(name);
    if (!set) listeners.set(name, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
    };
  },
});
