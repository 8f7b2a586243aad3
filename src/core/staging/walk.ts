/**
 * Walks a source folder in a stable order (folders before their contents, names sorted), never following links.
 * Uses synchronous lstat (metadata comes from the kernel's caches in microseconds; a thread-pool round trip per
 * entry made large trees slow). `Walker` hands out entries one at a time, so callers decide how many to take
 * before they let the event loop run; its memory is the folders still to visit plus one folder's names.
 */

import fsSync, { type Stats } from 'node:fs';
import path from 'node:path';
import { setImmediate as yieldToLoop } from 'node:timers/promises';

export type WalkItem =
  | { kind: 'dir' | 'file' | 'link'; rel: string; abs: string; stat: Stats }
  | { kind: 'special'; rel: string; abs: string; stat: Stats }
  | { kind: 'unreadable'; rel: string; abs: string; error: NodeJS.ErrnoException };

/** A file whose metadata was not read (`Walker` with `lazyFiles`): whoever opens it looks at it then. */
export type LazyFile = { kind: 'fileName'; rel: string; abs: string };

export class Walker {
  private readonly stack: string[] = [];
  private names: string[] = [];
  private types: Array<fsSync.Dirent> | null = null;
  private nameAt = 0;
  private dirRel = '';
  private dirAbs = '';
  private subdirs: string[] = [];
  private started = false;

  /**
   * With `lazyFiles`, regular files come out as `fileName` items without an lstat (the folder listing tells
   * their type), which saves a system call and a Stats object per file on the walking thread.
   */
  constructor(
    private readonly root: string,
    private readonly lazyFiles = false,
  ) {}

  /** The next entry, or null when the walk is over. The root itself comes first, with rel ''. */
  next(): WalkItem | LazyFile | null {
    if (!this.started) {
      this.started = true;
      this.stack.push('');
      return { kind: 'dir', rel: '', abs: this.root, stat: fsSync.lstatSync(this.root) };
    }
    for (;;) {
      if (this.nameAt < this.names.length) {
        const type = this.types?.[this.nameAt];
        const name = this.names[this.nameAt++]!;
        const rel = this.dirRel ? `${this.dirRel}/${name}` : name;
        const abs = this.dirAbs.endsWith(path.sep) ? this.dirAbs + name : this.dirAbs + path.sep + name;
        if (type?.isFile()) return { kind: 'fileName', rel, abs };
        let st: Stats;
        try {
          st = fsSync.lstatSync(abs);
        } catch (e) {
          return { kind: 'unreadable', rel, abs, error: e as NodeJS.ErrnoException };
        }
        if (st.isDirectory()) {
          this.subdirs.push(rel);
          return { kind: 'dir', rel, abs, stat: st };
        }
        if (st.isFile()) return { kind: 'file', rel, abs, stat: st };
        if (st.isSymbolicLink()) return { kind: 'link', rel, abs, stat: st };
        return { kind: 'special', rel, abs, stat: st };
      }
      // This folder is listed: its subfolders are visited next, in name order.
      for (let i = this.subdirs.length - 1; i >= 0; i--) this.stack.push(this.subdirs[i]!);
      this.subdirs = [];
      this.names = [];
      this.types = null;
      this.nameAt = 0;
      const rel = this.stack.pop();
      if (rel === undefined) return null;
      this.dirRel = rel;
      this.dirAbs = rel ? path.join(this.root, ...rel.split('/')) : this.root;
      try {
        if (this.lazyFiles) {
          this.types = fsSync.readdirSync(this.dirAbs, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
          this.names = this.types.map((d) => d.name);
        } else this.names = fsSync.readdirSync(this.dirAbs).sort();
      } catch (e) {
        return { kind: 'unreadable', rel, abs: this.dirAbs, error: e as NodeJS.ErrnoException };
      }
    }
  }
}

/** Every entry of `root` (the root itself first, with rel ''), yielding to the event loop every few hundred. */
export async function* walkSource(root: string): AsyncGenerator<WalkItem> {
  const w = new Walker(root);
  let n = 0;
  for (let item = w.next(); item; item = w.next()) {
    yield item as WalkItem;
    if (++n % 256 === 0) await yieldToLoop();
  }
}

/** Entries measured between two turns of the event loop. */
const measureBurst = 4096;

/**
 * The regular files under `root` (links not followed, special files left out) and their bytes: what a walk would
 * count, for less. The folder listings say which entries are folders and files, so only files are stat'ed (an entry
 * whose type the file system does not report is stat'ed to learn it), and names are not sorted (only sums come out).
 * Unreadable entries are left out, as the walk reports them instead of counting them. Yields to the event loop every
 * few thousand entries.
 */
export async function measureTree(root: string): Promise<{ bytes: number; files: number }> {
  const n = { bytes: 0, files: 0 };
  const dirs = [root];
  let seen = 0;
  const stat = (abs: string) => fsSync.lstatSync(abs, { throwIfNoEntry: false });
  const count = (st: Stats | undefined) => {
    if (!st?.isFile()) return;
    n.bytes += st.size;
    n.files++;
  };
  for (let dir = dirs.pop(); dir !== undefined; dir = dirs.pop()) {
    let entries: fsSync.Dirent[];
    try {
      entries = fsSync.readdirSync(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    const prefix = dir.endsWith(path.sep) ? dir : dir + path.sep;
    for (const e of entries) {
      const abs = prefix + e.name;
      try {
        if (e.isDirectory()) dirs.push(abs);
        else if (e.isFile()) count(stat(abs));
        else if (!e.isSymbolicLink() && !e.isFIFO() && !e.isSocket() && !e.isCharacterDevice() && !e.isBlockDevice()) {
          // Type unknown: ask.
          const st = stat(abs);
          if (st?.isDirectory()) dirs.push(abs);
          else count(st);
        }
      } catch {
        // Unreadable: the walk reports it.
      }
      if (++seen % measureBurst === 0) await yieldToLoop();
    }
  }
  return n;
}
