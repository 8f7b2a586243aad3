/** What every command gets: language, output mode, the cloud choice, terminal streams and a progress bar. */

import path from 'node:path';
import type { Progress } from '../shared/progress';
import { OfflineSeedError } from '../shared/errors';
import { translate, type Key } from '../shared/i18n';
import type { Language } from '../shared/i18n/languages';
import { formatBytes, formatDuration, formatPercent, formatSpeed } from '../shared/i18n/format';
import { redact } from '../shared/redact';
import { jsonForTerminal, terminalSafe } from '../shared/rules/text';
import { ensureAppDataDir } from '../core/platform/appDataDir';
import type { UseCaseEnv } from '../core/usecases/env';
import type { HelperCommand } from '../core/elevation/client';
import type { CommandRunner } from '../core/platform/windows/tools';

export interface CliIO {
  stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stderr: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** How this command starts itself as the elevated helper (the process entry sets it; tests may leave it out). */
  elevation?: HelperCommand;
  /** Windows programs (powershell.exe); tests give a replayer of recorded Windows output, which runs as Windows. */
  windows?: CommandRunner;
}

export interface CliContext {
  lang: Language;
  json: boolean;
  /** `--cloud` or OFFLINE_SEED_CLOUD: a public cloud name or a local profile path. */
  cloud: string | undefined;
  io: CliIO;
  /** Whether questions may be asked (stdin is a terminal and --json is off). */
  interactive: boolean;
  t(key: Key, params?: Record<string, unknown>): string;
  /** A line on stdout (suppressed in --json mode); secrets redacted, control characters shown as escapes. */
  say(line?: string): void;
  /** A line on stderr, always. */
  warn(line: string): void;
  /** The machine-readable result in --json mode (one JSON document on stdout). */
  result(value: unknown): void;
  /** Draws or updates the progress bar on stderr; `end()` finishes it. */
  progress(p: Progress): void;
  endProgress(): void;
  /** Asks a question on the terminal; only when `interactive`. */
  ask(question: string): Promise<string>;
}

export function createCliContext(io: CliIO, opts: { lang: Language; json: boolean; cloud: string | undefined }): CliContext {
  const interactive = Boolean(io.stdin.isTTY) && !opts.json;
  let barShown = false;
  let lastLinePrint = 0;
  let lastPhase = '';
  const t = (key: Key, params?: Record<string, unknown>) => translate(opts.lang, key, params);
  const ctx: CliContext = {
    ...opts,
    io,
    interactive,
    t,
    say(line = '') {
      if (!opts.json) io.stdout.write(terminalSafe(redact(line)) + '\n');
    },
    warn(line) {
      if (barShown) ctx.endProgress();
      io.stderr.write(terminalSafe(redact(line)) + '\n');
    },
    result(value) {
      if (opts.json) io.stdout.write(jsonForTerminal(value, 2) + '\n');
    },
    progress(p) {
      if (opts.json) return;
      const line = renderProgressLine(p, opts.lang, t, io.stderr.columns ?? 100);
      if (io.stderr.isTTY) {
        io.stderr.write(`\r\x1b[2K${line}`);
        barShown = true;
      } else {
        // Not a terminal (CI, a pipe): one plain line on each phase change and every 5 seconds.
        const now = Date.now();
        if (p.phase !== lastPhase || now - lastLinePrint > 5000) {
          io.stderr.write(line + '\n');
          lastLinePrint = now;
        }
      }
      lastPhase = p.phase;
    },
    endProgress() {
      if (barShown) io.stderr.write('\n');
      barShown = false;
    },
    async ask(question) {
      const { createInterface } = await import('node:readline/promises');
      const rl = createInterface({ input: io.stdin, output: io.stderr, terminal: Boolean(io.stdin.isTTY) });
      // Ctrl+C at a question ends the command with one sentence (exit 130), not a stack trace or a hang.
      const stop = new AbortController();
      rl.once('SIGINT', () => stop.abort());
      try {
        return (await rl.question(question, { signal: stop.signal })).trim();
      } catch (e) {
        if (stop.signal.aborted) {
          io.stderr.write('\n');
          throw new OfflineSeedError({ code: 'cli:errors.interrupted', exitCode: 130 });
        }
        throw e;
      } finally {
        rl.close();
      }
    },
  };
  return ctx;
}

/** `[██████░░░░] 60%  1.2 GB / 2.0 GB  85 MB/s  ETA 10 s  Compressing  file.bin` fitted to `width`. */
export function renderProgressLine(
  p: Progress,
  lang: Language,
  t: (key: Key, params?: Record<string, unknown>) => string,
  width: number,
): string {
  const fraction = p.bytesTotal > 0 ? Math.min(1, p.bytesDone / p.bytesTotal) : 0;
  const barWidth = 20;
  const filled = Math.round(fraction * barWidth);
  const bar = `[${'█'.repeat(filled)}${'░'.repeat(barWidth - filled)}]`;
  const parts = [
    bar,
    formatPercent(fraction, lang).padStart(5),
    `${formatBytes(p.bytesDone, lang)} / ${formatBytes(p.bytesTotal, lang)}`,
    formatSpeed(p.bytesPerSecond, lang),
    `${t('cli:progress.eta')} ${formatDuration(p.etaSeconds, lang)}`,
    t(`cli:phases.${p.phase}`),
  ];
  let line = parts.join('  ');
  // A file name from a source or a drive: it may hold anything, and this line goes to the terminal as it is.
  if (p.current) line += `  ${terminalSafe(p.current)}`;
  return line.length > width - 1 ? line.slice(0, Math.max(10, width - 2)) + '…' : line;
}

/** The warning every sign-in of the command gives when its token cache cannot be protected by the OS. */
export function cacheUnprotectedWarning(ctx: CliContext): (file: string) => void {
  return (file) => ctx.warn(ctx.t('azure:signIn.cacheUnprotected', { file }));
}

/**
 * The use cases' view of this run: the data folder and environment, --cloud over the session's cloud, sign-in
 * messages on stderr, and --work-dir (the session folder of a staging location the backup agent wrote) when given.
 */
export function useCaseEnv(ctx: CliContext, o: { workDir?: string | undefined } = {}): UseCaseEnv {
  return {
    dataDir: ensureAppDataDir(ctx.io.env),
    env: ctx.io.env,
    cloud: ctx.cloud,
    lang: ctx.lang,
    onDeviceCode: (m) => ctx.warn(m),
    onCacheUnprotected: cacheUnprotectedWarning(ctx),
    ...(o.workDir ? { workDir: path.resolve(ctx.io.cwd, o.workDir) } : {}),
  };
}
