/**
 * Command-line arguments in both styles the documented tools use.
 *
 * `--flag value`, `--flag=value` and boolean `--flag`, plus DiskPrep/CertGen-style `key:value` tokens
 * (`s:D:\staging`, `p:file.publishsettings`, `u:`, `SubscriptionId:<id>`), whose keys are case-insensitive.
 */

import { OfflineSeedError } from '../shared/errors';
import type { KeyUnder } from '../shared/i18n';

export type FlagType = 'string' | 'boolean';

export interface FlagSpec {
  type: FlagType;
  /** May be given more than once (e.g. `--source`, `--drive`). */
  multiple?: boolean;
}

export type FlagSpecs = Record<string, FlagSpec>;

export interface ParsedArgs {
  /** Flags by name; repeated flags as arrays. */
  flags: Record<string, string | boolean | string[]>;
  /** `key:value` tokens, keys lower-cased. */
  keys: Record<string, string>;
  /** Everything else, in order. */
  positional: string[];
}

function usage(name: KeyUnder<'cli:errors'>, option: string): OfflineSeedError {
  return new OfflineSeedError({ code: `cli:errors.${name}`, params: { option }, exitCode: 2 });
}

/** A `key:value` token: a name of letters followed by a colon. A lone drive letter path like `C:\x` is not one. */
const keyToken = /^([A-Za-z][A-Za-z0-9]*):(.*)$/s;

export function parseArgs(argv: string[], specs: FlagSpecs, opts: { keyTokens?: string[] } = {}): ParsedArgs {
  const allowedKeys = new Set((opts.keyTokens ?? []).map((k) => k.toLowerCase()));
  const out: ParsedArgs = { flags: {}, keys: {}, positional: [] };
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i]!;
    if (token === '--') {
      out.positional.push(...argv.slice(i + 1));
      break;
    }
    if (token.startsWith('--')) {
      const eq = token.indexOf('=');
      const name = eq === -1 ? token.slice(2) : token.slice(2, eq);
      const spec = specs[name];
      if (!spec) throw usage('unknownOption', `--${name}`);
      let value: string | boolean;
      if (spec.type === 'boolean') {
        if (eq !== -1) throw usage('optionTakesNoValue', `--${name}`);
        value = true;
      } else if (eq !== -1) {
        value = token.slice(eq + 1);
      } else {
        const next = argv[i + 1];
        if (next === undefined || next.startsWith('--')) throw usage('optionNeedsValue', `--${name}`);
        value = next;
        i++;
      }
      if (spec.multiple) {
        const prev = out.flags[name];
        out.flags[name] = [...(Array.isArray(prev) ? prev : []), String(value)];
      } else {
        if (name in out.flags) throw usage('optionTwice', `--${name}`);
        out.flags[name] = value;
      }
      continue;
    }
    const m = keyToken.exec(token);
    if (m && allowedKeys.has(m[1]!.toLowerCase())) {
      const key = m[1]!.toLowerCase();
      if (key in out.keys) throw usage('optionTwice', `${m[1]}:`);
      out.keys[key] = m[2] ?? '';
      continue;
    }
    out.positional.push(token);
  }
  return out;
}

export function stringFlag(args: ParsedArgs, name: string): string | undefined {
  const v = args.flags[name];
  return typeof v === 'string' ? v : undefined;
}

export function listFlag(args: ParsedArgs, name: string): string[] {
  const v = args.flags[name];
  return Array.isArray(v) ? v : typeof v === 'string' ? [v] : [];
}

export function boolFlag(args: ParsedArgs, name: string): boolean {
  return args.flags[name] === true;
}
