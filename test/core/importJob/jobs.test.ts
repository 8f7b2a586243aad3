/**
 * Import job creation, shipping and monitoring against the local Azure, through the real
 * @azure/arm-storageimportexport client over TLS: idempotent creation, the -1/-2 split, the datacenter address,
 * shipping with the stored details, a duplicate tracking number refused by Offline Seed before the call, one package
 * per split job, keys without the recovery-password checksum refused, rehearsal datacenters marked, and the two-week
 * expiry.
 */

import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { test } from '../../helpers/fixtures';
import type { LocalAzure } from '../../helpers/localAzure';
import { readSession } from '../../../src/core/session/sessionFile';
import { preparedDrive, writeLocalSession } from '../../helpers/session';
import { sampleShippingDetails } from '../../helpers/shipping';
import { connectWorkflowAzure, type ConnectedWorkflow } from '../../../src/core/identity/connect';
import { createImportJobs } from '../../../src/core/importJob/importJob';
import { getJobStatus } from '../../../src/core/monitor/monitor';
import { submitShipping } from '../../../src/core/shipping/shipping';
import type { PreparedDrive } from '../../../src/core/formats/journal';
import { localizeError } from '../../../src/shared/i18n/index';
import { generateRecoveryPassword } from '../../../src/core/drives/emulatedBitLocker';
import { pdfText } from '../../helpers/pdf';
import type { Session } from '../../../src/shared/session/index';

let az: LocalAzure;
let azure: ConnectedWorkflow;
let root: string;

function drive(i: number): PreparedDrive {
  return preparedDrive(`SN${i}${randomBytes(3).toString('hex').toUpperCase()}`, generateRecoveryPassword());
}

async function stagingWith(jobName: string): Promise<{ dir: string; session: Session }> {
  const dir = mkdtempSync(path.join(root, 'jobs-'));
  await writeLocalSession(dir, az, { jobName, container: 'seed' });
  return { dir, session: (await readSession(dir))! };
}

const shipping = (trackingNumber: string, driveCount: number) => sampleShippingDetails({ trackingNumber, driveCount });

test.beforeAll(async ({ localAzure, tmp }) => {
  az = localAzure;
  root = tmp;
  azure = await connectWorkflowAzure({ cloud: az.profilePath, subscriptionId: az.profile.subscriptionId, storageAccount: az.profile.storageAccount.name, dataDir: path.join(root, 'data') });
}, 120_000);

describe('import jobs on the local Azure', () => {
  it('creates the job once, reuses it on a rerun, and shows the datacenter address and carriers', async () => {
    const { dir, session } = await stagingWith('seed-once');
    const drives = [drive(1), drive(2)];
    const storageAccount = await azure.storageAccountInfo();
    const first = await createImportJobs(azure, { session, stagingDir: dir, drives, storageAccount });
    expect(first).toHaveLength(1);
    expect(first[0]).toMatchObject({ name: 'seed-once', created: true, state: 'Creating', driveIds: drives.map((d) => d.driveId) });
    expect(first[0]!.shipTo?.streetAddress1).toBeTruthy();
    // West Europe has no public Import/Export address: the local Azure's profile lists it as a rehearsal datacenter.
    expect(first[0]!.location).toBe('westeurope');
    expect(first[0]!.shipTo?.rehearsal).toBe(true);
    expect(first[0]!.supportedCarriers).toEqual(['FedEx', 'DHL']);
    const again = await createImportJobs(azure, { session, stagingDir: dir, drives, storageAccount });
    expect(again[0]).toMatchObject({ name: 'seed-once', created: false });
    const list = [];
    for await (const j of azure.importExport.jobs.listByResourceGroup(session.resourceGroup)) if (j.name === 'seed-once') list.push(j);
    expect(list).toHaveLength(1);
    expect((await readSession(dir))!.workflow?.jobs?.map((j) => j.name)).toEqual(['seed-once']);
    // The BitLocker keys went to Azure but never come back in a response.
    expect(JSON.stringify(await azure.importExport.jobs.get('seed-once', session.resourceGroup))).not.toContain(drives[0]!.bitLockerKey);
  });

  it('shows the alternate location when the job location sends its drives elsewhere', async () => {
    const { dir, session } = await stagingWith('seed-east');
    const sa = await azure.storageAccountInfo();
    const [job] = await createImportJobs(azure, { session, stagingDir: dir, drives: [drive(1)], storageAccount: { ...sa, location: 'East US' } });
    expect(job!.location).toBe('East US');
    expect(job!.alternateLocation).toBe('East US 2');
    expect(job!.shipTo).toMatchObject({ city: 'Boydton', stateOrProvince: 'VA' });
    // East US 2's address is the one in Microsoft's API examples: not a rehearsal datacenter.
    expect(job!.shipTo?.rehearsal).toBeUndefined();
    expect(job!.supportedCarriers).toEqual(['FedEx']);
  });

  it('creates no job when a recorded key lacks the recovery-password checksum', async () => {
    const { dir, session } = await stagingWith('seed-badkey');
    const good = drive(1);
    // Eight groups of six digits, but 111111 is not a multiple of 11: such a key unlocks no BitLocker volume.
    const bad = { ...drive(2), bitLockerKey: '111111-222222-333333-444444-555555-666666-777777-888888', driveInfoFile: 'seed_DriveInfo_X.xml' };
    const e = await createImportJobs(azure, { session, stagingDir: dir, drives: [good, bad], storageAccount: await azure.storageAccountInfo() }).catch((x: unknown) => x);
    const shown = localizeError(e, 'en');
    expect(shown.code).toBe('workflow:errors.recoveryPasswordInvalid');
    expect(shown.message).toContain(bad.driveId);
    expect(shown.message).not.toContain(bad.bitLockerKey);
    expect(await azure.importExport.jobs.get('seed-badkey', session.resourceGroup).catch((x: { statusCode?: number }) => x.statusCode)).toBe(404);
    expect((await readSession(dir))!.workflow?.jobs ?? []).toEqual([]);
  });

  it('splits more than ten drives into -1 and -2 jobs', async () => {
    const { dir, session } = await stagingWith('seed-many');
    const jobs = await createImportJobs(azure, { session, stagingDir: dir, drives: Array.from({ length: 12 }, (_, i) => drive(i)), storageAccount: await azure.storageAccountInfo() });
    expect(jobs.map((j) => [j.name, j.driveIds.length])).toEqual([
      ['seed-many-1', 10],
      ['seed-many-2', 2],
    ]);
    // Each job of the split ships in its own package, and its packing slip says so.
    const session2 = (await readSession(dir))!;
    const tracking = `TRKM${Date.now()}`;
    const r = await submitShipping(azure, { stagingDir: dir, session: session2, jobName: 'seed-many-1', details: shipping(tracking, 10), lang: 'en' });
    const slip = (await pdfText(readFileSync(r.packingSlip))).replace(/\s+/g, ' ');
    expect(slip).toContain('Only the drives of import job seed-many-1 go in this package; import jobs seed-many-2 ship in their own packages');
    // The second job cannot reuse the first one's tracking number: it is another package.
    const again = await submitShipping(azure, { stagingDir: dir, session: session2, jobName: 'seed-many-2', details: shipping(tracking, 2), lang: 'en' }).catch((x: unknown) => x);
    expect(localizeError(again, 'en').code).toBe('workflow:errors.trackingNumberInUse');
    const r2 = await submitShipping(azure, { stagingDir: dir, session: session2, jobName: 'seed-many-2', details: shipping(`${tracking}B`, 2), lang: 'en' });
    expect(r2.job.state).toBe('Shipping');
  });

  it('ships a job, stores the details and the packing slip, and refuses the same tracking number for another job', async () => {
    const a = await stagingWith('seed-ship-a');
    const b = await stagingWith('seed-ship-b');
    const storageAccount = await azure.storageAccountInfo();
    await createImportJobs(azure, { session: a.session, stagingDir: a.dir, drives: [drive(1)], storageAccount });
    await createImportJobs(azure, { session: b.session, stagingDir: b.dir, drives: [drive(2)], storageAccount });
    const tracking = `TRK${Date.now()}`;
    const r = await submitShipping(azure, { stagingDir: a.dir, session: a.session, jobName: 'seed-ship-a', details: shipping(tracking, 1), lang: 'en' });
    expect(r.job.state).toBe('Shipping');
    expect(r.file).toBe(path.join(a.dir, 'shipping', 'seed-ship-a.json'));
    const stored = JSON.parse(readFileSync(r.file, 'utf8')) as Record<string, Record<string, unknown>>;
    expect(stored.deliveryPackage).toMatchObject({ carrierName: 'FedEx', trackingNumber: tracking, driveCount: 1 });
    expect(readFileSync(r.packingSlip).subarray(0, 5).toString()).toBe('%PDF-');
    const st = await getJobStatus(azure, { jobName: 'seed-ship-a', resourceGroup: a.session.resourceGroup });
    expect(st.state).toBe('Shipping');
    expect(st.deadline?.kind).toBe('reachDatacenter');

    const dup = await submitShipping(azure, { stagingDir: b.dir, session: b.session, jobName: 'seed-ship-b', details: shipping(tracking, 1), lang: 'en' }).catch((e: unknown) => e);
    const shown = localizeError(dup, 'en');
    expect(shown.code).toBe('workflow:errors.trackingNumberInUse');
    expect(shown.message).toContain('seed-ship-a');
    // Offline Seed's own check, said as such: the local Azure itself would have taken the PATCH.
    expect(shown.message).toContain('Offline Seed does not send');
    expect(existsSync(path.join(b.dir, 'shipping', 'seed-ship-b.json'))).toBe(false);
    expect((await getJobStatus(azure, { jobName: 'seed-ship-b', resourceGroup: b.session.resourceGroup })).state).toBe('Creating');
  });

  it('reports a cancelled job as cancelled, not as a finished import, though Azure shows it Completed', async () => {
    const { dir, session } = await stagingWith('seed-cancel');
    await createImportJobs(azure, { session, stagingDir: dir, drives: [drive(1)], storageAccount: await azure.storageAccountInfo() });
    await azure.importExport.jobs.update('seed-cancel', session.resourceGroup, { cancelRequested: true });
    const st = await getJobStatus(azure, { jobName: 'seed-cancel', resourceGroup: session.resourceGroup });
    expect(st).toMatchObject({ state: 'Completed', cancelRequested: true, outcome: 'cancelled', terminal: true });
  });

  it('says plainly when the two weeks in Creating have passed and the job is gone', async () => {
    const { dir, session } = await stagingWith('seed-expire');
    await createImportJobs(azure, { session, stagingDir: dir, drives: [drive(1)], storageAccount: await azure.storageAccountInfo() });
    const before = await getJobStatus(azure, { jobName: 'seed-expire', resourceGroup: session.resourceGroup });
    expect(before.deadline).toMatchObject({ kind: 'enterShipping', status: 'ok' });
    await az.advanceDays(15);
    // The job is recorded in the staging location, so Azure not finding it means it expired, not a typo.
    const gone = await getJobStatus(azure, { jobName: 'seed-expire', resourceGroup: session.resourceGroup, recorded: true }).catch((e: unknown) => e);
    const shown = localizeError(gone, 'fr');
    expect(shown.code).toBe('workflow:errors.jobNotFound');
    expect(shown.message).toContain('deux semaines');
  });
});
