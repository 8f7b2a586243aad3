/** Shared fixtures of the workflow tests: a session on the local Azure, a drive's DriveInfo journal, shipping details. */

import { randomBytes, randomUUID } from 'node:crypto';
import { writeSession } from '../../src/core/session/sessionFile';
import type { LocalCloudProfile } from '../../src/shared/cloud';
import type { ShippingDetails } from '../../src/shared/model/shipping';
import type { SessionState } from '../../src/shared/session/index';

export const testBitLockerKey = '238810-662376-448998-450120-652806-203390-606320-483076';

/** Writes offline-seed.json in `dir` for the local Azure of `profilePath`. */
export async function writeLocalSession(
  dir: string,
  az: { profile: LocalCloudProfile; profilePath: string },
  o: { jobName: string; container: string; state?: SessionState; sources?: Array<{ path: string; name: string }> },
): Promise<void> {
  const now = new Date().toISOString();
  await writeSession(dir, {
    formatVersion: 1,
    sessionId: randomUUID(),
    createdAt: now,
    updatedAt: now,
    cloud: az.profilePath,
    subscriptionId: az.profile.subscriptionId,
    resourceGroup: az.profile.resourceGroup,
    storageAccount: az.profile.storageAccount.name,
    container: o.container,
    importJobName: o.jobName,
    sources: o.sources ?? [{ path: '/src', name: 'src' }],
    state: o.state ?? 'copied',
  });
}

/** A `<journal>_DriveInfo_<serial>.xml` document as the drives step writes it. */
export function driveInfoXml(driveId: string, manifestHash = randomBytes(16).toString('hex').toUpperCase(), key = testBitLockerKey): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<Drive>\n  <DriveId>${driveId}</DriveId>\n  <BitLockerKey>${key}</BitLockerKey>\n  <ManifestFile>\\DriveManifest.xml</ManifestFile>\n  <ManifestHash>${manifestHash}</ManifestHash>\n</Drive>\n`;
}

/** Valid shipping details for a US return address. */
export function usShipping(trackingNumber: string, driveCount: number, carrierName = 'FedEx'): ShippingDetails {
  return {
    carrierName,
    trackingNumber,
    shipDate: new Date().toISOString().slice(0, 10),
    driveCount,
    returnAddress: {
      recipientName: 'Contoso Backup',
      streetAddress1: '1 Microsoft Way',
      city: 'Redmond',
      stateOrProvince: 'WA',
      postalCode: '98052',
      countryOrRegion: 'USA',
      phone: '+1 425 555 0100',
      email: 'backup@contoso.com',
    },
    returnShipping: { carrierName: 'FedEx', carrierAccountNumber: '123456789' },
  };
}
