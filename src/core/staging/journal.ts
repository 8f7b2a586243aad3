/**
 * The resume journal: one line per finished file (`.work/journal.jsonl`), appended in batches. A later run
 * takes a file over without reading it again when its signature is unchanged and all its chunks are stored.
 */

import { promises as fs } from 'node:fs';
import type { IndexEntry } from './indexFile';

interface JournalLine {
  e: IndexEntry;
  sig: string;
}

/** Lines are written in groups of this many. */
const batchLines = 64;

export class ResumeJournal {
  private lines: string[] = [];
  private chain: Promise<void> = Promise.resolve();
  private failure: unknown = null;

  private constructor(
    private readonly handle: fs.FileHandle,
    private readonly prior: Map<string, JournalLine>,
  ) {}

  /** Reads what an interrupted run finished (keeping the files whose chunks are all stored) and opens the journal for appending. */
  static async open(file: string, stored: (id: string) => boolean): Promise<ResumeJournal> {
    const prior = new Map<string, JournalLine>();
    const text = await fs.readFile(file, 'utf8').catch(() => '');
    for (const line of text.split('\n')) {
      if (!line) continue;
      let parsed: JournalLine;
      try {
        parsed = JSON.parse(line) as JournalLine;
      } catch {
        // The last line of a killed run may be cut short; that file is simply read again.
        continue;
      }
      if ((parsed.e.chunks ?? []).every(stored)) prior.set(`${parsed.e.s}\0${parsed.e.p}`, parsed);
    }
    return new ResumeJournal(await fs.open(file, 'a'), prior);
  }

  /** The entry an earlier run recorded for this file, if the file still has the same signature. */
  take(s: number, rel: string, sig: string): IndexEntry | undefined {
    const prior = this.prior.get(`${s}\0${rel}`);
    return prior && prior.sig === sig ? prior.e : undefined;
  }

  record(entry: IndexEntry, sig: string): void {
    this.lines.push(JSON.stringify({ e: entry, sig } satisfies JournalLine) + '\n');
    if (this.lines.length >= batchLines) void this.flush();
  }

  /** Appends the recorded lines; resolves when they are written. A write error is thrown by `close`. */
  flush(): Promise<void> {
    const text = this.lines.join('');
    this.lines = [];
    if (text) {
      this.chain = this.chain.then(() =>
        this.handle.write(text).then(
          () => undefined,
          (e: unknown) => {
            this.failure ??= e;
          },
        ),
      );
    }
    return this.chain;
  }

  get error(): unknown {
    return this.failure;
  }

  async close(): Promise<void> {
    await this.flush();
    await this.handle.close().catch(() => undefined);
  }
}
