/** The `offline-seed` command: global flags, then one of the commands in ./commands. */

import { commands } from './commands';
import { createCliContext, type CliIO } from './context';
import { parseArgs, stringFlag, boolFlag } from './args';
import { OfflineSeedError } from '../shared/errors';
import { localizeError, translate, type Key } from '../shared/i18n';
import { isLanguage, languageFromLocale, languages, type Language } from '../shared/i18n/languages';
import { version } from '../core/version';
import { jsonForTerminal, terminalSafe } from '../shared/rules/text';

const globalFlags = {
  help: { type: 'boolean' },
  version: { type: 'boolean' },
  json: { type: 'boolean' },
  lang: { type: 'string' },
  cloud: { type: 'string' },
} as const;

/** Splits global flags (anywhere before the command name) from the command and its own arguments. */
function splitGlobal(argv: string[]): { global: string[]; command: string | undefined; rest: string[] } {
  const global: string[] = [];
  let i = 0;
  for (; i < argv.length; i++) {
    const a = argv[i]!;
    if (!a.startsWith('--')) break;
    global.push(a);
    const name = a.slice(2).split('=')[0]!;
    if (!a.includes('=') && (name === 'lang' || name === 'cloud') && argv[i + 1] !== undefined) global.push(argv[++i]!);
  }
  return { global, command: argv[i], rest: argv.slice(i + 1) };
}

/** Pulls the global flags out of a command's own arguments too (`offline-seed status --json`). */
function extractGlobal(rest: string[]): { found: string[]; rest: string[] } {
  const found: string[] = [];
  const left: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i]!;
    const name = a.startsWith('--') ? a.slice(2).split('=')[0]! : '';
    if (name === 'json' || name === 'help') found.push(a);
    else if ((name === 'lang' || name === 'cloud') && name.length > 0) {
      found.push(a);
      if (!a.includes('=') && rest[i + 1] !== undefined) found.push(rest[++i]!);
    } else left.push(a);
  }
  return { found, rest: left };
}

function helpText(lang: Language): string {
  const t = (k: Key, p?: Record<string, unknown>) => translate(lang, k, p);
  const lines = [
    `offline-seed ${version} — ${t('app:tagline')}`,
    '',
    t('cli:help.usage'),
    '  offline-seed [--cloud <cloud>] [--json] [--lang <lang>] <command> [arguments]',
    '',
    t('cli:help.commands'),
  ];
  const width = Math.max(...commands.map((c) => c.name.length), 8);
  for (const c of commands) {
    lines.push(`  ${c.name.padEnd(width)}  ${t(c.summaryKey)}`);
    for (const u of c.usage) lines.push(`  ${' '.repeat(width)}    ${u}`);
  }
  if (commands.length === 0) lines.push(`  ${t('cli:help.noCommands')}`);
  lines.push(
    '',
    t('cli:help.globalOptions'),
    `  --cloud <AzureCloud|AzureUSGovernment|AzureChinaCloud|cloud.json>  ${t('cli:help.cloud')}`,
    `  --json                 ${t('cli:help.json')}`,
    `  --lang <${languages.join('|')}>  ${t('cli:help.lang')}`,
    `  --help                 ${t('cli:help.help')}`,
    `  --version              ${t('cli:help.version')}`,
    '',
    t('cli:help.exitCodes'),
  );
  return lines.join('\n') + '\n';
}

export async function runCli(argv: string[], io: CliIO): Promise<number> {
  const envLang = languageFromLocale(io.env.OFFLINE_SEED_LANG || io.env.LC_ALL || io.env.LC_MESSAGES || io.env.LANG);
  let lang: Language = envLang;
  let json = false;
  try {
    const split = splitGlobal(argv);
    const extracted = extractGlobal(split.rest);
    const g = parseArgs([...split.global, ...extracted.found], globalFlags);
    const langFlag = stringFlag(g, 'lang');
    if (langFlag !== undefined) {
      if (!isLanguage(langFlag)) {
        throw new OfflineSeedError({
          code: 'cli:errors.badLanguage',
          params: { lang: langFlag, list: languages.join(', ') },
          exitCode: 2,
        });
      }
      lang = langFlag;
    }
    json = boolFlag(g, 'json');
    const cloud = stringFlag(g, 'cloud') ?? io.env.OFFLINE_SEED_CLOUD;
    const ctx = createCliContext(io, { lang, json, cloud: cloud || undefined });

    if (boolFlag(g, 'version')) {
      if (json) ctx.result({ name: 'offline-seed', version });
      else io.stdout.write(`offline-seed ${version}\n`);
      return 0;
    }
    if (split.command === undefined || (boolFlag(g, 'help') && split.command === undefined)) {
      io.stdout.write(helpText(lang));
      return split.command === undefined && !boolFlag(g, 'help') ? 2 : 0;
    }
    if (split.command === 'help') {
      io.stdout.write(helpText(lang));
      return 0;
    }
    const entry = commands.find((c) => c.name === split.command);
    if (!entry) {
      throw new OfflineSeedError({
        code: 'cli:errors.unknownCommand',
        params: { command: split.command },
        exitCode: 2,
      });
    }
    if (boolFlag(g, 'help')) {
      io.stdout.write(
        [`${entry.name} — ${ctx.t(entry.summaryKey)}`, '', ctx.t('cli:help.usage'), ...entry.usage.map((u) => `  ${u}`)].join('\n') + '\n',
      );
      return 0;
    }
    const command = await entry.load();
    return await command.run(ctx, extracted.rest);
  } catch (e) {
    const err = localizeError(e, lang);
    if (json) io.stdout.write(jsonForTerminal({ error: err }, 2) + '\n');
    io.stderr.write(`${translate(lang, 'cli:errorPrefix')} ${terminalSafe(err.message)}\n`);
    return e instanceof OfflineSeedError ? e.exitCode : 1;
  }
}
