/** The command line that does what a wizard button just did, shown so it can be run or scripted. */

import { useTranslation } from 'react-i18next';
import type { EquivalentCommand as Command } from '../../../shared/model/rehearsal';
import { CopyButton } from '../../components/ui';

/** Quotes a word for a POSIX shell or PowerShell when it holds anything but safe characters. */
function quote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'"'"'`)}'`;
}

export function formatCommand(c: Command, windows: boolean): string {
  const vars = Object.entries(c.env);
  const args = c.argv.map(quote).join(' ');
  if (vars.length === 0) return args;
  return windows
    ? `${vars.map(([k, v]) => `$env:${k} = '${v.replace(/'/g, "''")}'`).join('; ')}; ${args}`
    : `${vars.map(([k, v]) => `${k}=${quote(v)}`).join(' ')} ${args}`;
}

export function EquivalentCommand({ commands }: { commands: Command[] }) {
  const { t } = useTranslation(['workflow', 'app']);
  const windows = navigator.userAgent.includes('Windows');
  const text = commands.map((c) => formatCommand(c, windows)).join('\n');
  return (
    <div className="command-block">
      <p className="field-hint">{t('pages.monitor.command')}</p>
      <pre className="mono command" data-testid="equivalent-command">
        {text}
      </pre>
      <CopyButton text={() => text} label={t('pages.common.copyCommand')} copiedLabel={t('pages.common.copied')} />
    </div>
  );
}
