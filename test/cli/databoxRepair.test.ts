/**
 * `offline-seed databox repair-certificate` in-process against the local Azure, with Windows replayed: the help names
 * it, a bad thumbprint is a usage error, the repair prints its steps and the documented value, a French server's
 * "access denied" becomes one sentence with exit 1.
 */

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { test } from '../helpers/fixtures';
import type { LocalAzure } from '../helpers/localAzure';
import { runCli } from '../../src/cli/main';
import type { CommandResult, CommandRunner } from '../../src/core/platform/windows/tools';

const fixtures = path.join(__dirname, '../fixtures/windows');
const out = (name: string, code = 0): CommandResult => ({ code, stdout: readFileSync(path.join(fixtures, name), 'utf8'), stderr: '' });
const thumbprint = new X509Certificate(readFileSync(path.join(fixtures, 'certstore/agent-certificate.pem'), 'utf8')).fingerprint.replace(/:/g, '');

let az: LocalAzure;
let dataDir: string;
let work: string;

async function cli(args: string[], windows?: CommandResult[], lang = 'en') {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let o = '';
  let e = '';
  stdout.on('data', (d: Buffer) => (o += d.toString()));
  stderr.on('data', (d: Buffer) => (e += d.toString()));
  const inputs: unknown[] = [];
  const run: CommandRunner = async (_f, _a, input) => {
    inputs.push(input === undefined ? undefined : (JSON.parse(Buffer.from(input, 'base64').toString('utf8')) as unknown));
    const r = windows?.shift();
    if (!r) throw new Error('unexpected Windows call');
    return r;
  };
  const code = await runCli(args, {
    stdout,
    stderr,
    stdin: new PassThrough(),
    cwd: work,
    env: { PATH: process.env.PATH, OFFLINE_SEED_DATA_DIR: dataDir, OFFLINE_SEED_CLOUD: az.profilePath, OFFLINE_SEED_LANG: lang },
    ...(windows ? { windows: run } : {}),
  });
  return { code, stdout: o, stderr: e, inputs };
}

test.beforeAll(async ({ localAzure, tmp }) => {
  az = localAzure;
  dataDir = path.join(tmp, 'data');
  work = path.join(tmp, 'work');
  (await import('node:fs')).mkdirSync(work, { recursive: true });
}, 60_000);

describe('offline-seed databox repair-certificate', () => {
  it('is in the help, and refuses a thumbprint that is not one before anything runs', async () => {
    const help = await cli(['databox', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('offline-seed databox repair-certificate [--thumbprint T] [--folder DIR] [--no-wait] [--browser]');
    const bad = await cli(['databox', 'repair-certificate', '--thumbprint', 'xyz'], []);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('“xyz” is not a certificate thumbprint: give its 40 hexadecimal characters.');
  });

  it('repairs: the steps, the .cer, the value written; then a French server refusing the registry write', async () => {
    expect((await cli(['certgen', 'CreateNewApplication', `SubscriptionId:${az.profile.subscriptionId}`])).code).toBe(0);
    const oid = az.profile.operator.objectId;
    const r = await cli(['databox', 'repair-certificate', '--folder', 'exported'], [out('certstore/list-agent.stdout.txt'), out('certstore/export-agent.stdout.txt'), out('reg/read-missing-key.stdout.txt'), out('reg/set-ok.stdout.txt')]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("  … Finding the agent's certificate in this computer's Personal certificates\n");
    expect(r.stdout).toContain("  … Writing the thumbprint into the agent's registry key\n");
    expect(r.stdout).toContain(`The certificate ${thumbprint} is exported to ${path.join(work, 'exported', 'CB_AzureADCertforOfflineSeeding_11282026.cer')}.`);
    expect(r.stdout).toContain(
      `Repaired: the certificate ${thumbprint} is on AzureOfflineBackup_${oid} and AzureADAppCertThumbprint_${oid} is set in HKLM\\SOFTWARE\\Microsoft\\Windows Azure Backup\\Config\\CloudBackupProvider; configure the agent's offline backup again.`,
    );
    expect(r.inputs[3]).toEqual({ hive: 'LocalMachine', path: 'SOFTWARE\\Microsoft\\Windows Azure Backup\\Config\\CloudBackupProvider', name: `AzureADAppCertThumbprint_${oid}`, data: thumbprint });

    const denied = await cli(['databox', 'repair-certificate', '--json'], [out('certstore/list-agent.stdout.txt'), out('certstore/export-agent.stdout.txt'), out('reg/read-missing-value.stdout.txt'), out('reg/set-access-denied.fr.stdout.txt', 1)], 'fr');
    expect(denied.code).toBe(1);
    expect(denied.stderr).toMatch(/Le certificat est sur AzureOfflineBackup_.+, mais Windows n'a pas écrit la valeur de registre AzureADAppCertThumbprint_.+ \(.*L'accès à la clé de Registre .+ est refusé.*\) : relancez la réparation en tant qu'administrateur\./);
    expect(JSON.parse(denied.stdout)).toMatchObject({ error: { code: 'databox:errors.repair.registryNotWritten' } });
  });
});
