/**
 * The renderer's only way to reach core: the preload's `window.offlineSeed` in Electron, or the
 * WebSocket of src/host (same contract, per-run token) when served to a browser.
 */

import type { AppErrorData, ErrorParams, ErrorRef } from '../shared/errors';
import type { Key } from '../shared/i18n';
import i18n from './i18n';
import type { EventName, EventPayload, RequestArg, RequestName, RequestResult } from '../shared/contract';

export interface Bridge {
  invoke<K extends RequestName>(name: K, arg: RequestArg<K>): Promise<RequestResult<K>>;
  subscribe<E extends EventName>(name: E, listener: (payload: EventPayload<E>) => void): () => void;
  /** 'electron' or 'host'. */
  readonly kind: 'electron' | 'host';
  onConnectionChange(listener: (state: ConnectionState) => void): () => void;
}

export type ConnectionState = 'connecting' | 'open' | 'lost' | 'noToken';

/** What the preload exposes (see src/preload/index.ts). */
export interface PreloadApi {
  request(name: string, arg: unknown): Promise<{ ok: true; result: unknown } | { ok: false; error: AppErrorData | ErrorRef }>;
  subscribe(name: string, listener: (payload: unknown) => void): () => void;
}

declare global {
  interface Window {
    offlineSeed?: PreloadApi;
  }
}

/** A failed request, carrying the `{code, message, step, detail}` shape for display. */
export class BridgeError extends Error {
  constructor(readonly data: AppErrorData) {
    super(data.message);
    this.name = 'BridgeError';
  }
}

/** An error the page itself meets (connection lost, a request the preload refused), in the page's language. */
export function pageError(code: Key, params: ErrorParams = {}): BridgeError {
  return new BridgeError({ code, message: i18n.t(code, params) });
}

function electronBridge(api: PreloadApi): Bridge {
  return {
    kind: 'electron',
    async invoke(name, arg) {
      const reply = await api.request(name, arg);
      if (!reply.ok) throw 'message' in reply.error ? new BridgeError(reply.error) : pageError(reply.error.code, reply.error.params);
      return reply.result as never;
    },
    subscribe(name, listener) {
      return api.subscribe(name, listener as (p: unknown) => void);
    },
    onConnectionChange(listener) {
      listener('open');
      return () => undefined;
    },
  };
}

type Pending = { resolve: (v: unknown) => void; reject: (e: unknown) => void };

function hostBridge(): Bridge {
  const token = new URLSearchParams(location.search).get('token');
  const listeners = new Map<string, Set<(p: unknown) => void>>();
  const connListeners = new Set<(s: ConnectionState) => void>();
  const pending = new Map<number, Pending>();
  let state: ConnectionState = token ? 'connecting' : 'noToken';
  let nextId = 1;
  const setState = (s: ConnectionState) => {
    state = s;
    for (const l of connListeners) l(s);
  };
  const opened: Promise<WebSocket> = new Promise((resolve, reject) => {
    if (!token) {
      reject(pageError('app:connection.noToken'));
      return;
    }
    const ws = new WebSocket(`ws://${location.host}/ws?token=${encodeURIComponent(token)}`);
    ws.addEventListener('open', () => {
      setState('open');
      resolve(ws);
    });
    ws.addEventListener('close', () => {
      setState('lost');
      for (const p of pending.values()) p.reject(pageError('app:connection.lost'));
      pending.clear();
      reject(pageError('app:connection.lost'));
    });
    ws.addEventListener('message', (ev) => {
      let msg: { type?: string; id?: number; ok?: boolean; result?: unknown; error?: AppErrorData; name?: string; payload?: unknown };
      try {
        msg = JSON.parse(String(ev.data));
      } catch {
        return;
      }
      if (msg.type === 'reply' && typeof msg.id === 'number') {
        const p = pending.get(msg.id);
        pending.delete(msg.id);
        if (!p) return;
        if (msg.ok) p.resolve(msg.result);
        else p.reject(msg.error ? new BridgeError(msg.error) : pageError('app:errors.unexpected', { step: '—' }));
      } else if (msg.type === 'event' && typeof msg.name === 'string') {
        for (const l of listeners.get(msg.name) ?? []) l(msg.payload);
      }
    });
  });
  opened.catch(() => undefined);
  return {
    kind: 'host',
    async invoke(name, arg) {
      const ws = await opened;
      const id = nextId++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
        ws.send(JSON.stringify({ type: 'request', id, name, arg }));
      });
    },
    subscribe(name, listener) {
      let set = listeners.get(name);
      if (!set) listeners.set(name, (set = new Set()));
      set.add(listener as (p: unknown) => void);
      return () => set.delete(listener as (p: unknown) => void);
    },
    onConnectionChange(listener) {
      connListeners.add(listener);
      listener(state);
      return () => connListeners.delete(listener);
    },
  };
}

let bridge: Bridge | null = null;

export function getBridge(): Bridge {
  if (!bridge) bridge = window.offlineSeed ? electronBridge(window.offlineSeed) : hostBridge();
  return bridge;
}
