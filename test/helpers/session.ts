/**
 * Sessions and drive journals for tests (no test runner imported: Vitest and Playwright both use these):
 * a session file, one on the local Azure, a drive's DriveInfo journal, a prepared drive.
 */

import { randomBytes, randomUUID } from 'node:crypto';
import { writeSession } from '../../src/core/session/sessionFile';
import type { PreparedDrive } from '../../src/core/formats/journal';
import type { LocalCloudProfile } from '../../src/shared/cloud';
import type { Session } from '../../src/shared/session/index';

export const testBitLockerKey = '238810-662376-448998-450120-652806-203390-606320-483076';

/** A staged session (`offline-seed.json`) of job `seedjob` in account acct1, container backups; `o` replaces any field. */
export function sessionFixture(o: Partial<Session> = {}): Session {
  const now = new Date().toISOString();
  return {
    formatVersion: 1,
    sessionId: randomUUID(),
    createdAt: now,
    updatedAt: now,
    cloud: 'AzureCloud',
    subscriptionId: randomUUID(),
    resourceGroup: 'rg',
    storageAccount: 'acct1',
    container: 'backups',
    importJobName: 'seedjob',
    sources: [],
    state: 'staged',
    ...o,
  };
}

/** Writes offline-seed.json in `dir` for the local Azure of `az` (its subscription, resource group and storage account). */
export async function writeLocalSession(
  dir: string,
  az: { profile: LocalCloudProfile; profilePath: string },
  o: { jobName: string; container: string; state?: Session['state']; sources?: Session['sources'] },
): Promise<void> {
  await writeSession(
    dir,
    sessionFixture({
      cloud: az.profilePath,
      subscriptionId: az.profile.subscriptionId,
      resourceGroup: az.profile.resourceGroup,
      storageAccount: az.profile.storageAccount.name,
      container: o.container,
      importJobName: o.jobName,
      sources: o.sources ?? [{ path: '/src', name: 'src' }],
      state: o.state ?? 'copied',
    }),
  );
}

/** A `<journal>_DriveInfo_<serial>.xml` document as the drives step writes it. */
export function driveInfoXml(driveId: string, manifestHash = randomBytes(16).toString('hex').toUpperCase(), key = testBitLockerKey): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<Drive>\n  <DriveId>${driveId}</DriveId>\n  <BitLockerKey>${key}</BitLockerKey>\n  <ManifestFile>\\DriveManifest.xml</ManifestFile>\n  <ManifestHash>${manifestHash}</ManifestHash>\n</Drive>\n`;
}

/** A drive as its journal gives it to the import job (no file behind it). */
export function preparedDrive(driveId: string, bitLockerKey = testBitLockerKey): PreparedDrive {
  return { driveId, bitLockerKey, manifestFile: '\\DriveManifest.xml', manifestHash: randomBytes(16).toString('hex').toUpperCase(), driveInfoFile: '' };
}
