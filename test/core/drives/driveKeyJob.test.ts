/**
 * Re-identifying a drive from the import job, against the local Azure through the real
 * @azure/arm-storageimportexport client (listBitLockerKeys): a folder drive whose journal was deleted after its job
 * was created keeps the job's key, and a drive the job holds another key for stops the run.
 */

import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { test } from '../../helpers/fixtures';
import type { LocalAzure } from '../../helpers/localAzure';
import { preparedDrive, writeLocalSession } from '../../helpers/session';
import { readSession } from '../../../src/core/session/sessionFile';
import { connectWorkflowAzure } from '../../../src/core/identity/connect';
import { createImportJobs } from '../../../src/core/importJob/importJob';
import { generateRecoveryPassword, writeBitLockerMarker } from '../../../src/core/drives/emulatedBitLocker';
import { identifyDriveKey } from '../../../src/core/drives/driveKey';
import { jobKeysFor } from '../../../src/core/usecases/drives';

let az: LocalAzure;
let root: string;

test.beforeAll(async ({ localAzure, tmp }) => {
  az = localAzure;
  root = tmp;
}, 120_000);

describe('a drive re-identified from its import job', () => {
  it('keeps the key listBitLockerKeys returns when the drive opens with it, and stops when it does not', async () => {
    const staging = await fs.mkdtemp(path.join(root, 'stg-'));
    const folder = await fs.mkdtemp(path.join(root, 'drive-'));
    const jobName = `rekey-${randomBytes(3).toString('hex')}`;
    await writeLocalSession(staging, az, { jobName, container: 'seed' });
    const dataDir = path.join(root, 'data');
    const azure = await connectWorkflowAzure({ cloud: az.profilePath, subscriptionId: az.profile.subscriptionId, storageAccount: az.profile.storageAccount.name, dataDir });
    const key = generateRecoveryPassword();
    const serial = `SN${randomBytes(3).toString('hex').toUpperCase()}`;
    const session0 = (await readSession(staging))!;
    await createImportJobs(azure, { session: session0, stagingDir: staging, drives: [preparedDrive(serial, key)], storageAccount: await azure.storageAccountInfo() });

    // The drive carries the job's key; this staging location has no journal for it (deleted).
    await writeBitLockerMarker(folder, serial, key);
    const session = (await readSession(staging))!;
    const jobKeys = jobKeysFor({ dataDir, lang: 'en', cloud: az.profilePath }, session);
    expect(await jobKeys(serial)).toEqual([{ job: jobName, key }]);
    expect(await jobKeys('NOT-IN-ANY-JOB')).toEqual([]);
    expect(await identifyDriveKey({ stagingDir: staging, driveId: serial, drive: `dir:${folder}`, root: folder, jobKeys })).toEqual({ key, source: 'job' });

    // Another key on the drive: the job's key would not open it.
    await writeBitLockerMarker(folder, serial, generateRecoveryPassword());
    await expect(identifyDriveKey({ stagingDir: staging, driveId: serial, drive: `dir:${folder}`, root: folder, jobKeys })).rejects.toMatchObject({ code: 'drives:errors.keyDisagrees', params: { job: jobName, driveId: serial } });
  });
});
