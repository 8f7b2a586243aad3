/**
 * The one way core runs Windows PowerShell: the script runs as one unit, any error ends it before the next
 * statement with a non-zero exit, and success is exit 0 together with the complete JSON result.
 *
 * Why not a script piped to stdin (`-Command` with a dash): PowerShell then reads stdin like an interactive prompt, one line at a
 * time; a `throw` ends only its own line, the following lines still run, and the exit code is the last line's.
 * `-EncodedCommand` hands the whole script over at once (Base64 of UTF-16LE), and the wrapper below puts it in a
 * try/catch with $ErrorActionPreference = 'Stop', so a failing guard exits 1 and no later statement runs.
 * https://learn.microsoft.com/en-us/powershell/module/microsoft.powershell.core/about/about_powershell_exe?view=powershell-5.1
 * https://learn.microsoft.com/en-us/powershell/module/microsoft.powershell.core/about/about_try_catch_finally?view=powershell-5.1
 * https://learn.microsoft.com/en-us/powershell/module/microsoft.powershell.core/about/about_preference_variables?view=powershell-5.1
 */

import { powershellExe, runCommand, type CommandResult, type CommandRunner } from './tools';

/** Runs one complete script (already wrapped) with optional stdin; tests pass a replayer of recorded output. */
export type PowerShellRunner = (script: string, input?: string) => Promise<CommandResult>;

/** The longest command line CreateProcess accepts is 32,767 characters. */
const maxCommandLine = 32_000;

/** `powershell.exe` arguments for a script: no profile, no prompt, this process's execution policy only. */
export function powershellArgs(script: string): string[] {
  const encoded = Buffer.from(script, 'utf16le').toString('base64');
  if (encoded.length > maxCommandLine) throw new Error(`A PowerShell script of ${script.length} characters does not fit on a command line.`);
  // https://learn.microsoft.com/en-us/powershell/module/microsoft.powershell.core/about/about_powershell_exe?view=powershell-5.1
  return ['-NoLogo', '-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-EncodedCommand', encoded];
}

export function powershellWith(run: CommandRunner = runCommand): PowerShellRunner {
  return (script, input) => run(powershellExe(), powershellArgs(script), input);
}

/** Windows PowerShell 5.1 at its absolute path, hidden, stdin closed. */
export const powershell: PowerShellRunner = powershellWith();

export const resultMarker = 'OFFLINESEED-RESULT ';
export const errorMarker = 'OFFLINESEED-ERROR ';

/**
 * Wraps `body` so it runs as one unit. The body's output objects become `result`; the body reads its stdin
 * input (JSON, sent Base64 so the console code page cannot touch it) from `$OfflineSeedInput`. The JSON lines are
 * escaped to ASCII so French or German messages arrive intact whatever the OEM code page, and output is UTF-8.
 */
export function wrapScript(body: string): string {
  return `$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
$WarningPreference = 'SilentlyContinue'
$InformationPreference = 'SilentlyContinue'
function ConvertTo-OfflineSeedAscii([string]$s) { [regex]::Replace($s, '[^\\x20-\\x7e]', { param($m) '\\u{0:x4}' -f [int][char]$m.Value }) }
try {
  [Console]::OutputEncoding = New-Object System.Text.UTF8Encoding $false
  $OfflineSeedInput = $null
  if ([Console]::IsInputRedirected) {
    $offlineSeedRaw = [Console]::In.ReadToEnd().Trim()
    if ($offlineSeedRaw) { $OfflineSeedInput = [System.Text.Encoding]::UTF8.GetString([Convert]::FromBase64String($offlineSeedRaw)) | ConvertFrom-Json }
  }
  $offlineSeedResult = & {
${body}
  }
  $offlineSeedJson = ConvertTo-Json -InputObject ([pscustomobject]@{ complete = $true; result = $offlineSeedResult }) -Depth 8 -Compress
  [Console]::Out.WriteLine('${resultMarker}' + (ConvertTo-OfflineSeedAscii $offlineSeedJson))
  exit 0
} catch {
  $offlineSeedError = [pscustomobject]@{ message = "$($_.Exception.Message)"; errorId = "$($_.FullyQualifiedErrorId)"; category = "$($_.CategoryInfo.Category)" }
  [Console]::Out.WriteLine('${errorMarker}' + (ConvertTo-OfflineSeedAscii (ConvertTo-Json -InputObject $offlineSeedError -Compress)))
  exit 1
}
`;
}

export interface PowerShellError {
  /** The exception's message, in the server's language (PowerShell localizes it). */
  message: string;
  /** FullyQualifiedErrorId: language-neutral (e.g. "MI RESULT 2,Clear-Disk"); a thrown string gives its text. */
  errorId: string;
  category: string;
}

export type PowerShellOutcome = { ok: true; result: unknown } | { ok: false; exitCode: number; error: PowerShellError };

function lastMarked(stdout: string, marker: string): unknown {
  const line = stdout
    .split(/\r?\n/)
    .reverse()
    .find((l) => l.startsWith(marker));
  if (line === undefined) return undefined;
  try {
    return JSON.parse(line.slice(marker.length)) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * What PowerShell wrote to stderr when it failed outside the wrapper (the script did not parse, the host did not
 * start). With redirected streams Windows PowerShell may serialize them as CLIXML ("#< CLIXML"); the error
 * strings are read out of it.
 */
export function stderrText(stderr: string): string {
  const s = stderr.replace(/^\uFEFF/, '');
  if (!s.startsWith('#< CLIXML')) return s;
  const parts = [...s.matchAll(/<S S="Error">([\s\S]*?)<\/S>/g)].map((m) =>
    m[1]!
      .replace(/_x([0-9A-F]{4})_/gi, (_, h: string) => String.fromCharCode(Number.parseInt(h, 16)))
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&apos;/g, "'")
      .replace(/&amp;/g, '&'),
  );
  return parts.join('');
}

/** The first non-empty line of `text`. */
export function firstLine(text: string): string {
  return (
    text
      .split(/\r?\n/)
      .map((l) => l.trim())
      .find((l) => l) ?? ''
  );
}

/** Success is exit 0 AND a complete result line; anything else is a failure carrying PowerShell's own words. */
export function interpret(r: CommandResult): PowerShellOutcome {
  const done = lastMarked(r.stdout, resultMarker) as { complete?: unknown; result?: unknown } | undefined;
  if (r.code === 0 && done && typeof done === 'object' && done.complete === true) return { ok: true, result: done.result ?? null };
  const e = lastMarked(r.stdout, errorMarker) as Partial<PowerShellError> | undefined;
  if (e && typeof e === 'object' && typeof e.message === 'string') {
    return { ok: false, exitCode: r.code === 0 ? 1 : r.code, error: { message: e.message, errorId: String(e.errorId ?? ''), category: String(e.category ?? '') } };
  }
  const said = firstLine(stderrText(r.stderr));
  const message = r.code === 0 ? `PowerShell exited without a complete result${said ? `: ${said}` : '.'}` : said || `PowerShell exited with code ${r.code}.`;
  return { ok: false, exitCode: r.code === 0 ? 1 : r.code, error: { message, errorId: '', category: '' } };
}

/**
 * Runs `body` as one unit. `input` (JSON-serializable) reaches the script on stdin as `$OfflineSeedInput`:
 * recovery passwords and key material never appear on a command line.
 */
export async function runPowerShell(body: string, opts: { ps?: PowerShellRunner; input?: unknown } = {}): Promise<PowerShellOutcome> {
  const ps = opts.ps ?? powershell;
  const input = opts.input === undefined ? undefined : Buffer.from(JSON.stringify(opts.input), 'utf8').toString('base64');
  return interpret(await ps(wrapScript(body), input));
}

/** Quotes a value for a single-quoted PowerShell string. */
export function psQuote(s: string): string {
  return `'${s.replace(/['\u2018\u2019\u201a\u201b]/g, "''")}'`;
}

/** ConvertTo-Json writes a single object for one-element arrays; this undoes that. */
export function asArray<T>(v: T | T[] | null | undefined): T[] {
  return v == null ? [] : Array.isArray(v) ? v : [v];
}
