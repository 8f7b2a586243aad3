/**
 * The resume journal is the index of the interrupted run itself (`.work/index.partial`, written a block at a
 * time, in walk order). A new run renames it to `.work/index.prev` and reads it alongside its own walk: a
 * file whose line comes next there, with the same signature and chunks only in sealed packs, is taken over
 * without reading it again. So resume state costs one block in memory, whatever the number of files.
 */

import { promises as fs } from 'node:fs';
import path from 'node:path';
import { fileRangeReader, parseLine, readIndexLines, type ChunkRefTuple, type HeaderLine, type PackLine } from './indexFile';

export const partialIndexName = 'index.partial';
const prevName = 'index.prev';
/** How far ahead a line is looked for when the walk and the earlier run disagree (a file removed meanwhile). */
const lookahead = 16;

interface Pending {
  text: string;
  t: string;
  key: string;
}

export class ResumeJournal {
  private lines: AsyncGenerator<string> | null = null;
  private handle: fs.FileHandle | null = null;
  private buffered: Pending[] = [];
  private exhausted = false;
  private header: HeaderLine | null = null;

  private constructor(private readonly file: string | null) {}

  /** Takes over what a killed run left (the longer of its index and the one it was resuming from). */
  static async open(workDir: string): Promise<ResumeJournal> {
    const partial = path.join(workDir, partialIndexName);
    const prev = path.join(workDir, prevName);
    const size = (f: string) => fs.stat(f).then((s) => s.size, () => -1);
    const [ps, vs] = await Promise.all([size(partial), size(prev)]);
    if (ps < 0 && vs < 0) return new ResumeJournal(null);
    if (ps > vs) await fs.rename(partial, prev);
    else if (ps >= 0) await fs.rm(partial, { force: true });
    return new ResumeJournal(prev);
  }

  private async reader(): Promise<AsyncGenerator<string>> {
    this.handle ??= await fs.open(this.file!, 'r');
    const { size } = await this.handle.stat();
    return readIndexLines(fileRangeReader(this.handle), size, false);
  }

  /** The pack records of the earlier run (one pass over it). */
  async *packs(): AsyncGenerator<PackLine> {
    if (!this.file) return;
    for await (const text of await this.reader()) {
      if (text.startsWith('{"t":"p"')) yield parseLine(text) as PackLine;
    }
  }

  /** Starts the pass over the earlier run's entries; `chunkParams` must be the same for any to be taken over. */
  async start(header: HeaderLine): Promise<void> {
    if (!this.file) return;
    this.lines = await this.reader();
    const first = await this.lines.next();
    if (first.done) return this.stop();
    try {
      this.header = parseLine(first.value) as HeaderLine;
    } catch {
      return this.stop();
    }
    const a = this.header.chunkParams;
    const b = header.chunkParams;
    const sameSources = JSON.stringify(this.header.sources) === JSON.stringify(header.sources);
    if (this.header.t !== 'h' || a.min !== b.min || a.avg !== b.avg || a.max !== b.max || !sameSources) this.stop();
  }

  private stop(): void {
    this.exhausted = true;
    this.buffered = [];
  }

  /** Whether `fill` must run before the next `take` (the buffered lines ran low). */
  get wantsMore(): boolean {
    return !this.exhausted && this.buffered.length < lookahead;
  }

  /** Reads the next entry lines (async); call when `wantsMore`. */
  async fill(): Promise<void> {
    if (!this.lines) return this.stop();
    while (!this.exhausted && this.buffered.length < lookahead * 64) {
      const r = await this.lines.next().catch(() => ({ done: true as const, value: undefined }));
      if (r.done) {
        this.exhausted = true;
        break;
      }
      const text = r.value;
      const t = text.slice(6, 7);
      if (t !== 'd' && t !== 'l' && t !== 'f') continue;
      // The key is read without parsing the whole line: `{"t":"x","s":N,"p":"…"` is how the writer starts each entry.
      const m = /^\{"t":"[dlf]","s":(\d+),"p":("(?:[^"\\]|\\.)*")/.exec(text);
      if (!m) continue;
      this.buffered.push({ text, t, key: `${m[1]}\0${JSON.parse(m[2]!) as string}` });
    }
  }

  /** Whether the earlier run has a line for this entry close ahead (then the file is worth an lstat). */
  has(s: number, rel: string): boolean {
    const key = `${s}\0${rel}`;
    const n = Math.min(lookahead, this.buffered.length);
    for (let i = 0; i < n; i++) if (this.buffered[i]!.key === key) return true;
    return false;
  }

  /**
   * The earlier run's line for this entry if it can be taken over as it is: a file with the same signature,
   * all of whose chunks are in sealed packs. Lines of entries the walk no longer meets are passed over.
   */
  take(s: number, rel: string, sig: string | null, sealed: (pack: number) => boolean): string | undefined {
    const key = `${s}\0${rel}`;
    const n = Math.min(lookahead, this.buffered.length);
    let at = -1;
    for (let i = 0; i < n; i++) {
      if (this.buffered[i]!.key === key) {
        at = i;
        break;
      }
    }
    if (at < 0) return undefined;
    const hit = this.buffered[at]!;
    this.buffered.splice(0, at + 1);
    if (sig === null || hit.t !== 'f') return undefined;
    let line;
    try {
      line = parseLine(hit.text);
    } catch {
      return undefined;
    }
    if (line.t !== 'f' || line.sig !== sig || line.n !== undefined) return undefined;
    return line.c.every((r: ChunkRefTuple) => sealed(r[1])) ? hit.text : undefined;
  }

  /** Removes the earlier run's index (once the new one is complete). */
  async close(remove: boolean): Promise<void> {
    await this.lines?.return(undefined).catch(() => undefined);
    await this.handle?.close().catch(() => undefined);
    this.handle = null;
    if (remove && this.file) await fs.rm(this.file, { force: true });
  }
}
