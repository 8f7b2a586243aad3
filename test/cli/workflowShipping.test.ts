/**
 * `diskprep u:` (the shipping command diskprep hands over to) against the local Azure: flags for scripts,
 * questions on a terminal as DiskPrep asks them, wrong answers asked again, confirmation by the localized
 * "yes", a refusal that sends nothing, and the choice among several jobs of one staging location.
 */

import { test } from '../helpers/fixtures';
import { preparedDrive, writeLocalSession } from '../helpers/session';
import { sampleShippingDetails, shippingFlags } from '../helpers/shipping';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { type LocalAzure } from '../helpers/localAzure';
import { createCliContext } from '../../src/cli/context';
import shippingCommand from '../../src/cli/commands/diskprepShipping';
import { readSession } from '../../src/core/session/sessionFile';
import { connectWorkflowAzure, type ConnectedWorkflow } from '../../src/core/identity/connect';
import { createImportJobs } from '../../src/core/importJob/importJob';
import { localizeError } from '../../src/shared/i18n';
import type { Language } from '../../src/shared/i18n/languages';

let az: LocalAzure;
let azure: ConnectedWorkflow;
let root: string;

async function stagingWithJobs(base: string, driveCounts: number[]): Promise<string> {
  const dir = mkdtempSync(path.join(root, 'ship-'));
  await writeLocalSession(dir, az, { jobName: base, container: 'ship' });
  const total = driveCounts.reduce((a, b) => a + b, 0);
  const drives = Array.from({ length: total }, (_, i) => preparedDrive(`${base.toUpperCase().replace(/-/g, '')}${i}`));
  await createImportJobs(azure, { session: (await readSession(dir))!, stagingDir: dir, drives, storageAccount: await azure.storageAccountInfo() });
  return dir;
}

/** Runs the command in-process; on a "terminal" the answers are typed one by one as each question appears. */
async function run(argv: string[], opts: { lang?: Language; answers?: string[] } = {}) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const stdin = new PassThrough() as PassThrough & { isTTY?: boolean };
  let out = '';
  let err = '';
  stdout.on('data', (d: Buffer) => (out += d.toString()));
  const answers = [...(opts.answers ?? [])];
  stderr.on('data', (d: Buffer) => {
    err += d.toString();
    // readline writes each question on the output stream (stderr here): answer it.
    if (/: $/.test(d.toString()) && answers.length > 0) setImmediate(() => stdin.write(`${answers.shift()}\n`));
  });
  if (opts.answers) stdin.isTTY = true;
  const env = { ...process.env, OFFLINE_SEED_DATA_DIR: path.join(root, 'data') };
  const ctx = createCliContext({ stdout, stderr, stdin, env, cwd: process.cwd() }, { lang: opts.lang ?? 'en', json: false, cloud: az.profilePath });
  let code: number;
  try {
    code = await shippingCommand.run(ctx, argv);
  } catch (e) {
    err += localizeError(e, opts.lang ?? 'en').message;
    code = (e as { exitCode?: number }).exitCode ?? 1;
  }
  return { code, stdout: out, stderr: err, answersLeft: answers.length };
}

/** The sample details as flags, with flags of `extra` replaced (an empty value leaves the flag out). */
const flags = (tracking: string, extra: Record<string, string> = {}) => {
  const f = shippingFlags(sampleShippingDetails({ trackingNumber: tracking }));
  for (const [k, v] of Object.entries(extra)) {
    const i = f.indexOf(`--${k}`);
    if (v === '') f.splice(i, 2);
    else f[i + 1] = v;
  }
  return f;
};

async function stateOf(job: string) {
  return (await azure.importExport.jobs.get(job, az.profile.resourceGroup)).properties?.state;
}

test.beforeAll(async ({ localAzure, tmp }) => {
  az = localAzure;
  root = tmp;
  azure = await connectWorkflowAzure({ cloud: az.profilePath, subscriptionId: az.profile.subscriptionId, dataDir: path.join(root, 'admin-data') });
}, 120_000);

describe('diskprep u: with flags', () => {
  it('sends the details, says where they are stored, and writes the packing slip', async () => {
    const dir = await stagingWithJobs('ship-flags', [2]);
    const r = await run(['u:', `s:${dir}`, ...flags(`FLAGS${Date.now()}`), '--yes']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('Import job ship-flags is now Shipping');
    expect(r.stdout).toContain(`The shipping details are stored in ${path.join(dir, 'shipping', 'ship-flags.json')}`);
    expect(existsSync(path.join(dir, 'shipping', 'ship-flags-packing-slip.pdf'))).toBe(true);
    expect(await stateOf('ship-flags')).toBe('Shipping');
    expect((await readSession(dir))!.workflow?.jobs?.[0]?.shipping?.trackingNumber).toMatch(/^FLAGS/);
  });

  it('refuses a missing detail or a wrong postal code with one clear sentence, and sends nothing', async () => {
    const dir = await stagingWithJobs('ship-bad', [2]);
    const missing = await run(['u:', `s:${dir}`, ...flags(`BAD${Date.now()}`, { tracking: '' }), '--yes']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('The shipping detail --tracking is missing');
    const wrong = await run(['u:', `s:${dir}`, ...flags(`BAD${Date.now()}`, { 'return-postal-code': '9805' }), '--yes']);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('The postal code “9805” is not valid in US (for example 98052)');
    const noYes = await run(['u:', `s:${dir}`, ...flags(`BAD${Date.now()}`)]);
    expect(noYes.code).toBe(2);
    expect(noYes.stderr).toContain('--yes is missing');
    expect(await stateOf('ship-bad')).toBe('Creating');
    expect(existsSync(path.join(dir, 'shipping', 'ship-bad.json'))).toBe(false);
  });

  it('refuses escape sequences, bidi overrides and a 100,000-character name, printing none of them raw, and sends nothing', async () => {
    const dir = await stagingWithJobs('ship-text', [2]);
    const escape = await run(['u:', `s:${dir}`, ...flags(`TXT${Date.now()}`, { 'return-name': 'Contoso\u001b[2J\u001b[31m', 'return-city': 'Red\u202emond' }), '--yes']);
    expect(escape.code).toBe(2);
    expect(escape.stderr).toContain('The field “Return recipient” contains a control character (U+001B); type the value again without it.');
    expect(escape.stderr).toContain('The field “City” contains a control character (U+202E)');
    // eslint-disable-next-line no-control-regex -- nothing the operator typed may act on the terminal
    expect(escape.stderr + escape.stdout).not.toMatch(/[\u001b\u202e]/);
    const long = await run(['u:', `s:${dir}`, ...flags(`TXT${Date.now()}`, { 'return-name': 'x'.repeat(100_000) }), '--yes']);
    expect(long.code).toBe(2);
    expect(long.stderr).toContain('The field “Return recipient” is 100000 characters long; Offline Seed accepts at most 200.');
    expect(long.stderr.length).toBeLessThan(2000);
    const count = await run(['u:', `s:${dir}`, ...flags(`TXT${Date.now()}`, { 'drive-count': 'abc' }), '--yes']);
    expect(count.code).toBe(2);
    expect(count.stderr).toContain('The number of drives “abc” is not a whole number from 1 to 10');
    expect(count.stderr).not.toContain('NaN');
    expect(await stateOf('ship-text')).toBe('Creating');
    expect(existsSync(path.join(dir, 'shipping', 'ship-text.json'))).toBe(false);
  });
});

describe('diskprep u: on a terminal', () => {
  it('asks each detail, asks a wrong one again, and sends after the localized yes', async () => {
    const dir = await stagingWithJobs('ship-ask', [2]);
    const tracking = `ASK${Date.now()}`;
    const answers = ['FedEx', tracking, new Date().toISOString().slice(0, 10), '2', 'Jeanne Martin', '1 rue de la Paix', '', 'Paris', '', '750', 'France', '+33 1 23 45 67 89', 'jeanne@contoso.fr', 'DHL', 'ACC12345',
      // the postal code again, then the confirmation
      '75002', 'oui'];
    const r = await run(['u:', `s:${dir}`], { lang: 'fr', answers });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('Le code postal « 750 » n');
    expect(r.stderr).toContain('Tapez oui pour envoyer');
    expect(r.stdout).toContain('Vérifiez les informations');
    expect(r.answersLeft).toBe(0);
    const stored = JSON.parse(readFileSync(path.join(dir, 'shipping', 'ship-ask.json'), 'utf8')) as { returnAddress: { postalCode: string; countryOrRegion: string } };
    expect(stored.returnAddress).toMatchObject({ postalCode: '75002', countryOrRegion: 'FR' });
    expect(await stateOf('ship-ask')).toBe('Shipping');
  });

  it('sends nothing when the confirmation is not the localized yes', async () => {
    const dir = await stagingWithJobs('ship-no', [2]);
    const r = await run(['u:', `s:${dir}`, ...flags(`NO${Date.now()}`)], { answers: ['yes please'] });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('Nothing was sent to Azure');
    expect(await stateOf('ship-no')).toBe('Creating');
  });

  it('lists the jobs of a staging location with several, and ships the one chosen', async () => {
    const dir = await stagingWithJobs('ship-two', [10, 1]);
    const r = await run(['u:', `s:${dir}`, ...flags(`TWO${Date.now()}`, { 'drive-count': '1' }), '--yes'], { answers: ['2'] });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('1. ship-two-1 — Creating, 10 drives');
    expect(r.stdout).toContain('2. ship-two-2 — Creating, 1 drive');
    expect(await stateOf('ship-two-2')).toBe('Shipping');
    expect(await stateOf('ship-two-1')).toBe('Creating');
  });

  // Last: it moves the local Azure's clock 45 days (Creating jobs of the other tests would expire).
  it('says up front when the job is past shipping, without asking anything', async () => {
    const dir = await stagingWithJobs('ship-late', [2]);
    expect((await run(['u:', `s:${dir}`, ...flags(`LATE${Date.now()}`), '--yes'])).code).toBe(0);
    await az.advanceDays(45);
    expect(await stateOf('ship-late')).toBe('Closed');
    const r = await run(['u:', `s:${dir}`], { answers: ['should not be asked'] });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('The import job ship-late is in the state “Closed”; shipping details can be changed only in “Creating” or “Shipping”.');
    expect(r.answersLeft).toBe(1);
  });
});
