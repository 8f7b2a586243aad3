/**
 * The command table. Each entry is loaded only when its command runs, so `--help` stays fast.
 *
 * A domain adds its command here: `summaryKey` is a key of its own i18n namespace, `usage` the literal syntax.
 */

import type { CliContext } from '../context';
import type { Key } from '../../shared/i18n';
import { shippingInputs } from '../../shared/rules/shippingForm';

export interface CliCommand {
  /** Runs the command with the arguments after its name; returns the exit code. */
  run(ctx: CliContext, argv: string[]): Promise<number>;
}

export interface CliCommandEntry {
  name: string;
  summaryKey: Key;
  usage: string[];
  load(): Promise<CliCommand>;
}

export const commands: CliCommandEntry[] = [
  {
    name: 'stage',
    summaryKey: 'staging:commands.stage',
    usage: [
      'offline-seed stage --source DIR [--source DIR...] s:<staging> --job NAME --subscription ID',
      '                   --resource-group RG --storage-account NAME --container NAME [p:<publishsettings>]',
      '                   [--pack-size 1GiB] [--skip-unreadable]',
    ],
    load: async () => (await import('./stage')).default,
  },
  {
    name: 'restore',
    summaryKey: 'staging:commands.restore',
    usage: ['offline-seed restore --from s:<staging>|cloud [s:<staging>] --to DIR'],
    load: async () => (await import('./restore')).default,
  },
  {
    name: 'status',
    summaryKey: 'workflow:commands.status',
    usage: ['offline-seed status [s:<staging>] [--job NAME --resource-group RG --subscription ID] [--watch] [--json]'],
    load: async () => (await import('./status')).default,
  },
  {
    name: 'verify',
    summaryKey: 'workflow:commands.verify',
    usage: ['offline-seed verify s:<staging> [--job NAME]'],
    load: async () => (await import('./verify')).default,
  },
  {
    name: 'diskprep',
    summaryKey: 'drives:commands.diskprep',
    usage: [
      'offline-seed diskprep s:<staging> [p:<publishsettings>] [--drive E|/dev/sdX|dir:<folder> ...] [--yes] [--work-dir DIR]',
      'offline-seed diskprep s:<staging> --list',
      // A staging location the backup agent wrote, the first time: the import job's identity (p: fills the subscription) and its blobs.
      'offline-seed diskprep s:<agent staging> [p:<publishsettings>] --job NAME --subscription ID --resource-group RG --storage-account NAME --container NAME',
      '    [--tenant ID] [--blob-prefix PREFIX/] [--blob-type auto|block|page] [--import-disposition rename|no-overwrite|overwrite] [--work-dir DIR] [--drive ...] [--yes]',
      `offline-seed diskprep u: [s:<staging>] [p:<publishsettings>] [--job NAME] [--work-dir DIR] [--yes] ${shippingInputs.map((i) => `${i.optional ? '[' : ''}--${i.flag} V${i.optional ? ']' : ''}`).join(' ')}`,
    ],
    load: async () => (await import('./diskprep')).default,
  },
  {
    name: 'databox',
    summaryKey: 'databox:commands.databox',
    usage: [
      'offline-seed databox order --job NAME --size-tb N --contact NAME --phone P --email E [--email E...] --street S --city C',
      '                    --postal-code Z --country CC [--company C] [--storage-account ID] [--resource-group RG]',
      '                    [--subscription ID] [--passkey-file FILE] [--register] [--check-only]',
      'offline-seed databox status|credentials|logs|cancel|delete --job NAME [--resource-group RG] [--watch] [--interval S] [--reason R]',
      'offline-seed databox unlock --job NAME --tool FILE',
      'offline-seed databox check --disk DIR [--after] [--need-bytes N]',
      'offline-seed databox ship --job NAME --carrier C --tracking T',
      'offline-seed databox mitigate --job NAME --action MoveToCleanUpDevice|Resume|Restart|ReachOutToOperation',
      'offline-seed databox repair-certificate [--thumbprint T] [--folder DIR] [--no-wait] [--browser]',
    ],
    load: async () => (await import('./databox')).default,
  },
  {
    name: 'demo',
    summaryKey: 'workflow:commands.demo',
    usage: ['offline-seed demo [--drives N] [--keep]', 'offline-seed demo --route databox [--keep]'],
    load: async () => (await import('./demo')).default,
  },
  {
    name: 'emulator',
    summaryKey: 'emulator:commands.emulator',
    usage: [
      'offline-seed emulator start --state DIR',
      'offline-seed emulator receive --job NAME --drive PATH [--drive PATH...] [--cloud DIR/cloud.json | --state DIR]',
      'offline-seed emulator advance --days N [--cloud DIR/cloud.json | --state DIR]',
    ],
    load: async () => (await import('./emulator')).default,
  },
  {
    name: 'certgen',
    summaryKey: 'certificate:commands.certgen',
    usage: [
      'offline-seed certgen CreateNewApplication SubscriptionId:<id> [storageaccountname:<name>] [--recreate] [--no-wait] [--browser]',
      'offline-seed certgen AddRegistryEntries SubscriptionId:<id> xmlfilepath:<file> storageaccountname:<name>',
    ],
    load: async () => (await import('./certgen')).default,
  },
];
