/**
 * The agent's certificate repair from the wizard's Backup agent page, in Chromium against the built-in local Azure,
 * with Windows replayed from recorded PowerShell output (Windows cannot run here): a computer with two candidate
 * certificates is told to choose, then the button exports the agent's certificate, adds it to the operator's
 * AzureOfflineBackup application (checked in Graph) and writes the documented registry value, its steps shown.
 */

import { mkdtempSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { X509Certificate } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from './fixtures';
import { startLocalRehearsal } from '../src/core/azure/localRehearsal';
import { startEmulator } from '../src/emulator';
import type { CommandResult, CommandRunner } from '../src/core/platform/windows/tools';
import { operatorToken, httpsRequest } from '../test/helpers/localAzure';

const fixtures = path.resolve('test/fixtures/windows');
const out = (name: string, code = 0): CommandResult => ({ code, stdout: readFileSync(path.join(fixtures, name), 'utf8'), stderr: '' });
const thumbprint = new X509Certificate(readFileSync(path.join(fixtures, 'certstore/agent-certificate.pem'), 'utf8')).fingerprint.replace(/:/g, '');

let dir: string;
test.beforeAll(() => {
  dir = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'offline-seed-e2e-repair-')));
});
test.afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('the Backup agent page repairs the agent certificate, with its steps, and says when it cannot', async ({ page, openStep, host }) => {
  test.setTimeout(120_000);
  const nav = page.getByRole('navigation', { name: 'Wizard steps' });
  await openStep('signIn');
  await page.getByLabel('Cloud', { exact: true }).selectOption({ label: 'Local rehearsal (built-in local Azure)' });
  await expect(page.getByText(/^The local Azure is running/)).toBeVisible({ timeout: 30_000 });
  const azure = await startLocalRehearsal(dir, startEmulator);
  await page.getByRole('button', { name: 'Sign in with a code' }).click();
  await expect(page.getByText(/^Signed in as .+ \(operator\)\.$/)).toBeVisible({ timeout: 30_000 });
  await page.getByRole('radio', { name: /Data Box: disks Microsoft ships to you/ }).check();

  // The agent's wizard made AzureOfflineBackup_<user id> with a first certificate (as CertGen does here).
  const created = await host.runtime.handle('certificate.create', { cloud: azure.profilePath, subscriptionId: azure.profile.subscriptionId, folder: path.join(dir, 'certgen') });
  expect(created).toMatchObject({ ok: true, result: { outcome: 'created' } });

  // Windows, replayed: the answers the server gives, in order.
  const answers: CommandResult[] = [];
  const inputs: unknown[] = [];
  const run: CommandRunner = async (_f, _a, input) => {
    inputs.push(input === undefined ? undefined : (JSON.parse(Buffer.from(input, 'base64').toString('utf8')) as unknown));
    const r = answers.shift();
    if (!r) throw new Error('unexpected Windows call');
    return r;
  };
  host.runtime.ctx.windows = { run };

  await nav.getByRole('button', { name: /Backup agent/ }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Backup agent');

  // Two candidates: the page says so and names both; nothing reaches Azure or the registry.
  answers.push(out('certstore/list-two.stdout.txt'));
  await page.getByRole('button', { name: 'Repair the certificate' }).click();
  await expect(page.getByText(/^This computer holds several CB_AzureADCertforOfflineSeeding_ certificates \(9A3F0C1E2B4D5F60718293A4B5C6D7E8F9012345 .+0B1C2D3E4F5061728394A5B6C7D8E9F001122334 .+\): give the thumbprint/)).toBeVisible({ timeout: 30_000 });
  expect(answers).toHaveLength(0);

  // The agent's certificate: exported, uploaded, the value written; each step shown done.
  answers.push(out('certstore/list-agent.stdout.txt'), out('certstore/export-agent.stdout.txt'), out('reg/read-missing-key.stdout.txt'), out('reg/set-ok.stdout.txt'));
  await page.getByLabel('Certificate thumbprint (only when there are several)').fill(thumbprint.toLowerCase());
  await page.getByRole('button', { name: 'Repair the certificate' }).click();
  const oid = azure.profile.operator.objectId;
  await expect(
    page.getByText(`Repaired: the certificate ${thumbprint} is on AzureOfflineBackup_${oid} and AzureADAppCertThumbprint_${oid} is set in HKLM\\SOFTWARE\\Microsoft\\Windows Azure Backup\\Config\\CloudBackupProvider; configure the agent's offline backup again.`),
  ).toBeVisible({ timeout: 30_000 });
  const steps = page.getByRole('list', { name: 'Repair steps' });
  await expect(steps.getByRole('listitem')).toHaveCount(4);
  await expect(steps.getByRole('listitem').filter({ hasText: 'done' })).toHaveCount(4);
  expect(inputs.at(-1)).toEqual({ hive: 'LocalMachine', path: 'SOFTWARE\\Microsoft\\Windows Azure Backup\\Config\\CloudBackupProvider', name: `AzureADAppCertThumbprint_${oid}`, data: thumbprint });

  // Graph: the application holds the agent's certificate beside its first one.
  const token = await operatorToken(azure.profile, 'https://graph.microsoft.com/.default');
  const apps = (await httpsRequest(azure.profile.caCertificate, `${azure.profile.endpoints.graph}/v1.0/me/ownedObjects/microsoft.graph.application`, { headers: { authorization: `Bearer ${token}` } })).json() as {
    value: Array<{ displayName: string; keyCredentials: Array<{ customKeyIdentifier: string }> }>;
  };
  const app = apps.value.find((a) => a.displayName === `AzureOfflineBackup_${oid}`)!;
  expect(app.keyCredentials).toHaveLength(2);
  expect(app.keyCredentials.map((k) => Buffer.from(k.customKeyIdentifier, 'base64').toString('hex').toUpperCase())).toContain(thumbprint);
});
