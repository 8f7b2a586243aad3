/** Small HTTP helpers shared by the emulator's ARM, Azure AD, Graph and control routes. */

import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';

export interface Request {
  method: string;
  url: URL;
  /** Path without a trailing slash. */
  path: string;
  headers: IncomingMessage['headers'];
  body: Buffer;
}

export interface Reply {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
  /** Raw text body (HTML, XML); `body` is ignored when set. */
  text?: string;
}

export function json(status: number, body: unknown, headers?: Record<string, string>): Reply {
  return { status, body, headers };
}

/** ARM's error body `{error:{code,message,target,details}}`. */
export function armError(status: number, code: string, message: string, target?: string, details?: Array<{ code: string; target?: string; message: string }>): Reply {
  return json(status, { error: { code, message, ...(target === undefined ? {} : { target }), ...(details ? { details } : {}) } });
}

/** Graph's error body with its innerError block. */
export function graphError(status: number, code: string, message: string): Reply {
  return json(status, { error: { code, message, innerError: { date: new Date().toISOString(), 'request-id': randomUUID(), 'client-request-id': randomUUID() } } });
}

export async function readRequest(req: IncomingMessage, base: string): Promise<Request> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const url = new URL(req.url ?? '/', base);
  return { method: (req.method ?? 'GET').toUpperCase(), url, path: url.pathname.replace(/\/+$/, '') || '/', headers: req.headers, body: Buffer.concat(chunks) };
}

/** Writes `reply`; `now` (the emulator's clock, moved by `advance`) becomes the Date header clients read the time from. */
export function send(res: ServerResponse, reply: Reply, now?: number): void {
  const headers: Record<string, string> = {
    'x-ms-request-id': randomUUID(),
    ...(now === undefined ? {} : { date: new Date(now).toUTCString() }),
    ...(reply.headers ?? {}),
  };
  if (reply.text !== undefined) {
    res.writeHead(reply.status, { 'content-type': 'text/plain; charset=utf-8', ...headers });
    res.end(reply.text);
  } else if (reply.body === undefined) {
    res.writeHead(reply.status, headers);
    res.end();
  } else {
    res.writeHead(reply.status, { 'content-type': 'application/json; charset=utf-8', ...headers });
    res.end(JSON.stringify(reply.body));
  }
}

/** The JSON body, or undefined when empty; throws SyntaxError when malformed. */
export function jsonBody(req: Request): unknown {
  if (req.body.length === 0) return undefined;
  return JSON.parse(req.body.toString('utf8')) as unknown;
}

export function formBody(req: Request): URLSearchParams {
  return new URLSearchParams(req.body.toString('utf8'));
}

export function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}
