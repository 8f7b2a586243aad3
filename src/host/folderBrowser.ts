/**
 * The browser host's folder browser: a browser cannot show the system's folder dialog for a server, so the page asks
 * the host for the folders of one folder at a time.
 *
 * What it may list is fixed on the server, never by the client: starting places (home, temporary files, mounted
 * media; drive letters on Windows) and the folders under them that this process may read and enter, minus the app's
 * own data folder (tokens, private keys). A path from the client must be absolute; it is checked against the starting
 * places as written (so nothing outside is ever looked at), then again with its symbolic links resolved (so a link
 * cannot lead out). Links inside a listing are shown only when they stay inside. Every refusal is one sentence.
 */

import { constants, promises as fs, type Dirent } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FolderListing } from '../shared/contract/folders';
import { OfflineSeedError } from '../shared/errors';

export interface FolderBrowserOptions {
  /** Starting places; by default home, the temporary folder and mounted media (those that exist). */
  roots?: string[];
  /** Folders never listed nor entered (the app's data folder). */
  hidden?: string[];
  /** At most this many folders per listing (the rest: `truncated`). */
  maxEntries?: number;
  platform?: NodeJS.Platform;
}

/** The default starting places for this platform, before checking that they exist. */
export function defaultFolderRoots(platform: NodeJS.Platform = process.platform): string[] {
  const common = [os.homedir(), os.tmpdir()];
  if (platform === 'win32') return [...common, ...'CDEFGHIJKLMNOPQRSTUVWXYZ'.split('').map((l) => `${l}:\\`)];
  if (platform === 'darwin') return [...common, '/Volumes'];
  return [...common, '/media', '/mnt', '/run/media', '/srv'];
}

const refuse = (name: 'folderNotAbsolute' | 'folderNotAllowed' | 'folderNotFound' | 'notAFolder', folder: string) =>
  new OfflineSeedError({ code: `app:errors.${name}`, params: { path: folder.slice(0, 300) } });

function inside(p: string, root: string, caseless: boolean): boolean {
  const a = caseless ? p.toLowerCase() : p;
  const b = caseless ? root.toLowerCase() : root;
  return a === b || a.startsWith(b.endsWith(path.sep) ? b : b + path.sep);
}

async function realDir(p: string): Promise<string | null> {
  try {
    const real = await fs.realpath(p);
    return (await fs.stat(real)).isDirectory() ? real : null;
  } catch {
    return null;
  }
}

async function readable(p: string): Promise<boolean> {
  try {
    await fs.access(p, constants.R_OK | constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export function createFolderBrowser(o: FolderBrowserOptions = {}) {
  const platform = o.platform ?? process.platform;
  const caseless = platform === 'win32' || platform === 'darwin';
  const maxEntries = o.maxEntries ?? 1000;
  let resolved: Promise<{ roots: string[]; hidden: string[] }> | null = null;
  // The places are resolved once (their links too), on first use: a missing one is simply not offered.
  const places = () =>
    (resolved ??= (async () => {
      const roots: string[] = [];
      for (const r of o.roots ?? defaultFolderRoots(platform)) {
        const real = path.isAbsolute(r) ? await realDir(r) : null;
        if (real && !roots.some((x) => inside(real, x, caseless)) && (await readable(real))) {
          // A starting place inside another one adds nothing; one that contains others replaces them.
          for (let i = roots.length - 1; i >= 0; i--) if (inside(roots[i]!, real, caseless)) roots.splice(i, 1);
          roots.push(real);
        }
      }
      const hidden: string[] = [];
      for (const h of o.hidden ?? []) hidden.push(path.resolve(h), (await realDir(h)) ?? path.resolve(h));
      return { roots, hidden };
    })());

  const allowed = (p: string, roots: string[], hidden: string[]) => roots.some((r) => inside(p, r, caseless)) && !hidden.some((h) => inside(p, h, caseless));

  return {
    async list(given?: string): Promise<FolderListing> {
      const { roots, hidden } = await places();
      if (given === undefined || given === '') {
        return { path: '', parent: null, folders: roots.map((r) => ({ name: r, path: r })), roots, truncated: false };
      }
      if (given.includes('\0') || !path.isAbsolute(given) || (platform !== 'win32' && !given.startsWith('/'))) throw refuse('folderNotAbsolute', given);
      // As written first (`..` folded): a path outside the starting places is refused before anything is looked at.
      const asWritten = path.resolve(given);
      if (!allowed(asWritten, roots, hidden)) throw refuse('folderNotAllowed', given);
      let real: string;
      try {
        real = await fs.realpath(asWritten);
      } catch {
        throw refuse('folderNotFound', given);
      }
      // Then with its links resolved: a link inside that points outside is refused the same way.
      if (!allowed(real, roots, hidden)) throw refuse('folderNotAllowed', given);
      if (!(await fs.stat(real).then((s) => s.isDirectory(), () => false))) throw refuse('notAFolder', given);
      let entries: Dirent[];
      try {
        entries = await fs.readdir(real, { withFileTypes: true });
      } catch {
        throw refuse('folderNotFound', given);
      }
      const folders: FolderListing['folders'] = [];
      let truncated = false;
      for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
        if (e.name.startsWith('.') || !(e.isDirectory() || e.isSymbolicLink())) continue;
        const full = path.join(real, e.name);
        const target = e.isSymbolicLink() ? await realDir(full) : full;
        if (!target || !allowed(target, roots, hidden) || !(await readable(target))) continue;
        if (folders.length >= maxEntries) {
          truncated = true;
          break;
        }
        folders.push({ name: e.name, path: full });
      }
      const atRoot = roots.some((r) => (caseless ? r.toLowerCase() === real.toLowerCase() : r === real));
      return { path: real, parent: atRoot ? null : path.dirname(real), folders, roots, truncated };
    },
  };
}

export type FolderBrowser = ReturnType<typeof createFolderBrowser>;
