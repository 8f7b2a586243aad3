/**
 * The agent's certificate repair (Microsoft's workaround for "the agent cannot add a second certificate") against the
 * local Azure over TLS, with Windows replayed from recorded PowerShell output: the certificate exported from
 * LocalMachine\My ends up on the operator's AzureOfflineBackup application next to its first one, and the registry
 * write is the documented value. Then each failure, with its one sentence and nothing changed that should not be.
 */

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { test } from '../../helpers/fixtures';
import type { LocalAzure } from '../../helpers/localAzure';
import { cloudFromProfile } from '../../../src/core/azure/clouds';
import { operatorCredential } from '../../../src/core/azure/operator';
import { GraphRest } from '../../../src/core/azure/graph';
import { createNewApplication, type CertGenEnv } from '../../../src/core/certs/createApplication';
import { isKeyOf } from '../../../src/core/certs/manual';
import { repairAgentCertificate, type RepairEnv } from '../../../src/core/databox/certificateRepair';
import type { CommandResult, CommandRunner } from '../../../src/core/platform/windows/tools';
import { OfflineSeedError } from '../../../src/shared/errors';
import { translate } from '../../../src/shared/i18n/translate';

const fixtures = path.join(__dirname, '../../fixtures/windows');
const out = (name: string, code = 0): CommandResult => ({ code, stdout: readFileSync(path.join(fixtures, name), 'utf8'), stderr: '' });
/** The agent's CurrentUserId as Windows returns it, for the Azure user `id` (the recorded sample's id replaced). */
const agentUser = (id: string): CommandResult => ({ code: 0, stdout: out('reg/read-current-user.stdout.txt').stdout.replace('6f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0', id), stderr: '' });
const agentPem = readFileSync(path.join(fixtures, 'certstore/agent-certificate.pem'), 'utf8');
const agentThumbprint = new X509Certificate(agentPem).fingerprint.replace(/:/g, '');

/** A Windows that answers with the recorded outputs, in order; it keeps each script and its stdin input. */
function replay(...results: CommandResult[]) {
  const calls: Array<{ script: string; input?: Record<string, unknown> }> = [];
  const run: CommandRunner = async (_file, args, input) => {
    calls.push({
      script: Buffer.from(args[args.indexOf('-EncodedCommand') + 1]!, 'base64').toString('utf16le'),
      ...(input !== undefined ? { input: JSON.parse(Buffer.from(input, 'base64').toString('utf8')) as Record<string, unknown> } : {}),
    });
    const r = results.shift();
    if (!r) throw new Error('unexpected Windows call');
    return r;
  };
  return { run, calls, left: () => results.length };
}

let az: LocalAzure;
let base: CertGenEnv;
let graph: GraphRest;

async function failure(p: Promise<unknown>): Promise<OfflineSeedError> {
  return p.then(
    () => {
      throw new Error('expected a failure');
    },
    (e: unknown) => e as OfflineSeedError,
  );
}

const keysOf = async () => {
  const me = await graph.me();
  const app = (await graph.ownedApplications(`AzureOfflineBackup_${me.id}`))[0];
  return app ? ((await graph.getApplication(app.id))?.keyCredentials ?? []) : [];
};

test.beforeAll(async ({ localAzure, tmp }) => {
  az = localAzure;
  const cloud = cloudFromProfile(az.profile);
  const dataDir = path.join(tmp, 'data');
  base = { cloud, operator: operatorCredential({ cloud, dataDir, onDeviceCode: () => undefined }), dataDir, cwd: path.join(tmp, 'out') };
  graph = new GraphRest(cloud, base.operator);
}, 60_000);

describe('the agent certificate repair, Windows replayed, against the local Azure', () => {
  it('says which application is missing before anything is written in the registry', async () => {
    const w = replay(out('certstore/list-agent.stdout.txt'), out('certstore/export-agent.stdout.txt'), out('reg/read-missing-key.stdout.txt'));
    const e = await failure(repairAgentCertificate({ ...base, platform: 'win32', run: w.run }));
    expect(e.code).toBe('databox:errors.repair.applicationNotFound');
    expect(translate('en', e.code, e.params)).toBe(
      `The application AzureOfflineBackup_${az.profile.operator.objectId} is not among the applications you own: sign in with the account the agent's offline backup wizard used.`,
    );
    expect(w.left()).toBe(0);
    expect(w.calls.some((c) => c.script.includes('SetValue'))).toBe(false);
  });

  it('adds the exported certificate to the application beside its first one and writes AzureADAppCertThumbprint_<user id>', async () => {
    // The agent's application with its first certificate (the one the agent could not add a second to).
    const created = await createNewApplication(base, { subscriptionId: az.profile.subscriptionId });
    expect(created.outcome).toBe('created');
    const first = (await keysOf()).map((k) => k.keyId);
    expect(first).toHaveLength(1);

    const w = replay(out('certstore/list-agent.stdout.txt'), out('certstore/export-agent.stdout.txt'), agentUser(az.profile.operator.objectId), out('reg/set-ok.stdout.txt'));
    const phases: string[] = [];
    const r = await repairAgentCertificate({ ...base, platform: 'win32', run: w.run }, { onPhase: (p) => phases.push(p) });
    expect(phases).toEqual(['certificate', 'application', 'upload', 'registry']);
    const oid = az.profile.operator.objectId;
    expect(r).toMatchObject({ outcome: 'repaired', upload: 'uploaded', thumbprint: agentThumbprint, application: `AzureOfflineBackup_${oid}`, valueName: `AzureADAppCertThumbprint_${oid}` });

    // The application holds the agent's public key, and still its first one.
    const keys = await keysOf();
    expect(keys.map((k) => k.keyId)).toEqual(expect.arrayContaining(first));
    expect(keys.filter((k) => isKeyOf(k, agentThumbprint))).toHaveLength(1);
    // The .cer is the certificate Windows exported, without any private key.
    const cer = readFileSync(r.cerPath);
    expect(new X509Certificate(cer).fingerprint.replace(/:/g, '')).toBe(agentThumbprint);
    expect(cer.toString('latin1')).not.toMatch(/PRIVATE KEY/);

    // The Windows side: the documented listing, the export by thumbprint, then exactly the documented value.
    expect(w.calls[0]!.script).toContain("Get-ChildItem -Path Cert:\\LocalMachine\\My | Where-Object { $_.Subject -like 'CN=CB_AzureADCertforOfflineSeeding_*' }");
    expect(w.calls[1]).toMatchObject({ input: { thumbprint: agentThumbprint } });
    expect(w.calls[1]!.script).toContain("Get-Item -LiteralPath ('Cert:\\LocalMachine\\My\\' + [string]$OfflineSeedInput.thumbprint)");
    // The agent's own user id first (the documented CurrentUserId), then the documented value.
    expect(w.calls[2]!.input).toEqual({ hive: 'LocalMachine', path: 'SOFTWARE\\Microsoft\\Windows Azure Backup\\DbgSettings\\OnlineBackup', name: 'CurrentUserId' });
    expect(w.calls[3]!.input).toEqual({ hive: 'LocalMachine', path: 'SOFTWARE\\Microsoft\\Windows Azure Backup\\Config\\CloudBackupProvider', name: `AzureADAppCertThumbprint_${oid}`, data: agentThumbprint });
    expect(w.calls[3]!.script).toContain('[Microsoft.Win32.RegistryValueKind]::String');

    // Run again: the key is already there, nothing is added twice; the value is written again.
    const again = replay(out('certstore/list-agent.stdout.txt'), out('certstore/export-agent.stdout.txt'), out('reg/read-missing-value.stdout.txt'), out('reg/set-ok.stdout.txt'));
    expect(await repairAgentCertificate({ ...base, platform: 'win32', run: again.run })).toMatchObject({ outcome: 'repaired', upload: 'already' });
    expect((await keysOf()).filter((k) => isKeyOf(k, agentThumbprint))).toHaveLength(1);
  });

  it('names a missing certificate, several candidates, a bad or vanished thumbprint, each in one sentence', async () => {
    const none = await failure(repairAgentCertificate({ ...base, platform: 'win32', run: replay(out('certstore/list-empty.stdout.txt')).run }));
    expect(translate('en', none.code, none.params)).toMatch(/^No CB_AzureADCertforOfflineSeeding_ certificate is in this computer's Personal certificates \(LocalMachine\\My\): run the agent's offline backup wizard/);

    const two = await failure(repairAgentCertificate({ ...base, platform: 'win32', run: replay(out('certstore/list-two.stdout.txt')).run }));
    expect(two.code).toBe('databox:errors.repair.severalCertificates');
    expect(translate('fr', two.code, two.params)).toContain('9A3F0C1E2B4D5F60718293A4B5C6D7E8F9012345');
    expect(translate('fr', two.code, two.params)).toContain('0B1C2D3E4F5061728394A5B6C7D8E9F001122334');

    const bad = await failure(repairAgentCertificate({ ...base, platform: 'win32', run: replay().run }, { thumbprint: 'not-a-thumbprint' }));
    expect(bad).toMatchObject({ code: 'databox:errors.repair.badThumbprint', exitCode: 2 });

    // Listed, then gone before the export: Windows says so in French; the code, not the words, is read.
    for (const lang of ['fr', 'de', 'en']) {
      const w = replay(out('certstore/list-agent.stdout.txt'), out(`certstore/export-missing.${lang}.stdout.txt`, 1));
      const gone = await failure(repairAgentCertificate({ ...base, platform: 'win32', run: w.run }, { thumbprint: agentThumbprint.toLowerCase() }));
      expect(gone.code).toBe('databox:errors.repair.chosenNotFound');
      expect(gone.params.thumbprint).toBe(agentThumbprint);
    }
    const otherChosen = await failure(repairAgentCertificate({ ...base, platform: 'win32', run: replay(out('certstore/list-agent.stdout.txt')).run }, { thumbprint: '0B1C2D3E4F5061728394A5B6C7D8E9F001122334' }));
    expect(otherChosen.code).toBe('databox:errors.repair.chosenNotFound');

    const linux = await failure(repairAgentCertificate({ ...base, platform: 'linux' }));
    expect(linux).toMatchObject({ code: 'databox:errors.repair.windowsOnly', exitCode: 2 });
  });

  it('says when the registry write is refused (French, German) or the administrator prompt is declined', async () => {
    for (const lang of ['fr', 'de']) {
      const w = replay(out('certstore/list-agent.stdout.txt'), out('certstore/export-agent.stdout.txt'), out('reg/read-missing-key.stdout.txt'), out(`reg/set-access-denied.${lang}.stdout.txt`, 1));
      const e = await failure(repairAgentCertificate({ ...base, platform: 'win32', run: w.run }));
      expect(e.code).toBe('databox:errors.repair.registryNotWritten');
      expect(e.params).toMatchObject({ valueName: `AzureADAppCertThumbprint_${az.profile.operator.objectId}` });
      // Windows' own words, in the server's language, inside the sentence in the user's.
      expect(String(e.params.reason)).toMatch(lang === 'fr' ? /est refus/ : /wurde verweigert/);
      expect(translate('en', e.code, e.params)).toMatch(/^The certificate is on AzureOfflineBackup_.+, but Windows did not write the registry value AzureADAppCertThumbprint_.+ \(.+\): run the repair again as an administrator\.$/);
    }
    const w = replay(out('certstore/list-agent.stdout.txt'), out('certstore/export-agent.stdout.txt'), out('reg/read-missing-key.stdout.txt'));
    const env: RepairEnv = {
      ...base,
      platform: 'win32',
      run: w.run,
      elevatedValue: async () => {
        throw new OfflineSeedError({ code: 'app:errors.elevationDeclined', params: { tool: 'UAC' } });
      },
    };
    const declined = await failure(repairAgentCertificate(env));
    expect(declined.code).toBe('databox:errors.repair.registryDeclined');
    expect(translate('de', declined.code, declined.params)).toContain('Administratorrechte abgelehnt');
  });

  it('refuses to repair for another account than the one the agent signed in with, before Azure or the registry change', async () => {
    const before = (await keysOf()).map((k) => k.keyId);
    const w = replay(out('certstore/list-agent.stdout.txt'), out('certstore/export-agent.stdout.txt'), out('reg/read-current-user.stdout.txt'));
    const e = await failure(repairAgentCertificate({ ...base, platform: 'win32', run: w.run }));
    expect(e.code).toBe('databox:errors.repair.otherUser');
    expect(translate('en', e.code, e.params)).toBe(
      `The backup agent on this server signed in as Azure user 6f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0, not as ${az.profile.operator.userPrincipalName}: sign in to Offline Seed with the account the agent's offline backup wizard used.`,
    );
    expect(w.left()).toBe(0);
    expect((await keysOf()).map((k) => k.keyId)).toEqual(before);
  });

  it('says when Azure refuses the upload, names the .cer to upload in the portal, and adds nothing', async () => {
    await createNewApplication(base, { subscriptionId: az.profile.subscriptionId, replace: true });
    const before = (await keysOf()).map((k) => k.keyId);
    az.setFaults({ rate: 1, statuses: [403], target: 'graphWrites' });
    try {
      const w = replay(out('certstore/list-agent.stdout.txt'), out('certstore/export-agent.stdout.txt'), out('reg/read-missing-key.stdout.txt'));
      const e = await failure(repairAgentCertificate({ ...base, platform: 'win32', run: w.run }));
      expect(e.code).toBe('databox:errors.repair.uploadRefused');
      expect(translate('en', e.code, e.params)).toMatch(/^Azure refused to add the certificate to AzureOfflineBackup_.+ \(.+\): upload .+CB_AzureADCertforOfflineSeeding_11282026\.cer in the portal under Certificates & secrets, then run the repair again\.$/);
      expect(w.left()).toBe(0);
    } finally {
      az.setFaults(null);
    }
    expect((await keysOf()).map((k) => k.keyId)).toEqual(before);
  });
});
