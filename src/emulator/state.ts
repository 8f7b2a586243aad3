/** The local Azure's persistent state (DIR/state.json): tenant, jobs, apps, principals, role assignments, keys, clock. */

import { promises as fs } from 'node:fs';
import path from 'node:path';
import { randomBytes, randomUUID } from 'node:crypto';
import { replaceFile } from './files';
import type { DataBoxRestrictions, StoredDataBoxJob } from './dataBoxJobs';

export interface KeyCredential {
  keyId: string;
  type: string;
  usage: string;
  /** Base64 DER of the certificate. */
  key: string;
  customKeyIdentifier: string | null;
  displayName: string | null;
  startDateTime: string;
  endDateTime: string;
  /** Hex thumbprints of the DER, for matching client assertions. */
  sha1: string;
  sha256: string;
}

export interface Application {
  id: string;
  appId: string;
  displayName: string;
  createdDateTime: string;
  signInAudience: string;
  owners: string[];
  keyCredentials: KeyCredential[];
}

export interface ServicePrincipal {
  id: string;
  appId: string;
  displayName: string;
}

export interface RoleAssignment {
  id: string;
  name: string;
  scope: string;
  roleDefinitionId: string;
  principalId: string;
  principalType: string;
  createdOn: string;
}

/** A job as stored: the 2021-01-01 JobResponse plus the emulator's bookkeeping (all times on the emulator clock, ms). */
export interface StoredJob {
  resourceGroup: string;
  /** When the job was first created: the 14-day Creating expiry counts from here, whatever PUT/PATCH follow. */
  createdAtMs?: number;
  /** When the job went to Shipping: the drives' 14-day arrival window counts from here. */
  shippedAtMs?: number;
  /** State files written before createdAtMs/shippedAtMs existed: the last PUT/PATCH. */
  touchedAt?: number;
  /** What the datacenter found when the drives arrived, shown as the clock moves on (lifecycle.ts). */
  receipt?: Receipt;
  body: JobResource;
}

/** The outcome of one drive, recorded at receipt and shown when the clock reaches its end of processing. */
export interface DriveOutcome {
  driveId: string;
  /** Completed or CompletedMoreInfo. */
  state: string;
  copyStatus: string;
  bytesSucceeded: number;
  errorLogUri?: string;
  verboseLogUri?: string;
  manifestUri?: string;
}

export interface Receipt {
  receivedAtMs: number;
  /** Completed (no errors) or Closed (errors, or drives never received). */
  endsAs: 'Completed' | 'Closed';
  /** The received drives, in the order the datacenter processes them. */
  drives: DriveOutcome[];
  /** The package the drives go back in (PackageInformation), shown once they are shipped back. */
  returnPackage: { carrierName: string; trackingNumber: string; driveCount: number; shipDate: string };
}

export interface JobResource {
  id: string;
  name: string;
  type: string;
  location: string;
  tags?: Record<string, string>;
  systemData: Record<string, string>;
  identity: { type: string };
  properties: JobProperties;
}

export interface JobProperties {
  storageAccountId?: string;
  jobType?: string;
  state: string;
  cancelRequested: boolean;
  driveList?: Drive[];
  returnAddress?: Record<string, string>;
  returnShipping?: Record<string, string>;
  deliveryPackage?: Record<string, string | number>;
  returnPackage?: Record<string, string | number>;
  shippingInformation?: Record<string, string>;
  diagnosticsPath?: string;
  logLevel?: string;
  backupDriveManifest?: boolean;
  percentComplete?: number;
  provisioningState: string;
  encryptionKey: Record<string, string>;
  [key: string]: unknown;
}

export interface Drive {
  driveId: string;
  bitLockerKey: string;
  manifestFile: string;
  manifestHash: string;
  driveHeaderHash?: string;
  state: string;
  copyStatus?: string;
  percentComplete?: number;
  bytesSucceeded?: number;
  verboseLogUri?: string;
  errorLogUri?: string;
  manifestUri?: string;
}

export interface EmulatorState {
  version: 1;
  tenantId: string;
  subscriptionId: string;
  resourceGroup: string;
  location: string;
  storageAccountName: string;
  /** Base64 storage account keys (key1, key2). */
  storageAccountKeys: [string, string];
  publicClientId: string;
  operator: { objectId: string; userPrincipalName: string; displayName: string };
  /** Emulator clock = real time + this offset (ms). */
  clockOffsetMs: number;
  /** Port used last time, tried first on restart so profile URLs stay stable. */
  lastPort?: number;
  /** Azurite's port last time, so blob URLs stored in jobs (copy logs) stay valid after a restart. */
  lastBlobPort?: number;
  registeredProviders: string[];
  /** Registrations asked for and not finished yet: namespace → when asked (emulator clock ms) and GETs answered since. */
  registering?: Record<string, { sinceMs: number; polls: number }>;
  jobs: StoredJob[];
  applications: Application[];
  servicePrincipals: ServicePrincipal[];
  roleAssignments: RoleAssignment[];
  /** Microsoft.DataBox orders (dataBoxJobs.ts); absent in states written before Data Box existed. */
  dataBoxJobs?: StoredDataBoxJob[];
  /** The rehearsal's own control (not Azure's): what Microsoft.DataBox refuses this subscription (dataBoxJobs.ts). */
  dataBoxRestrictions?: DataBoxRestrictions;
}

const ownerRole = '8e3af657-a8ff-443c-a75c-2fe8c4bcb635';

function freshState(): EmulatorState {
  const subscriptionId = randomUUID();
  const operatorId = randomUUID();
  const scope = `/subscriptions/${subscriptionId}`;
  const name = randomUUID();
  return {
    version: 1,
    tenantId: randomUUID(),
    subscriptionId,
    resourceGroup: 'offline-seed-rg',
    location: 'westeurope',
    storageAccountName: `seed${randomBytes(5).toString('hex')}`,
    storageAccountKeys: [randomBytes(64).toString('base64'), randomBytes(64).toString('base64')],
    publicClientId: randomUUID(),
    operator: { objectId: operatorId, userPrincipalName: 'operator@offlineseed.local', displayName: 'Backup Operator' },
    clockOffsetMs: 0,
    registeredProviders: ['Microsoft.Storage', 'Microsoft.Authorization'],
    jobs: [],
    applications: [],
    servicePrincipals: [],
    roleAssignments: [
      {
        id: `${scope}/providers/Microsoft.Authorization/roleAssignments/${name}`,
        name,
        scope,
        roleDefinitionId: `${scope}/providers/Microsoft.Authorization/roleDefinitions/${ownerRole}`,
        principalId: operatorId,
        principalType: 'User',
        createdOn: new Date().toISOString(),
      },
    ],
  };
}

/** Holds the state in memory and writes it atomically (mode 0600: it holds BitLocker and account keys) after each change. */
export class StateStore {
  private writing: Promise<void> = Promise.resolve();

  private constructor(
    readonly file: string,
    public state: EmulatorState,
  ) {}

  static async open(stateDir: string): Promise<StateStore> {
    const file = path.join(stateDir, 'state.json');
    let state: EmulatorState;
    try {
      state = JSON.parse(await fs.readFile(file, 'utf8')) as EmulatorState;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      state = freshState();
    }
    const store = new StateStore(file, state);
    await store.save();
    return store;
  }

  /** Emulator clock in ms. */
  now(): number {
    return Date.now() + this.state.clockOffsetMs;
  }

  /** Serialised writes: each save snapshots the state after all earlier saves landed. */
  save(): Promise<void> {
    const next = this.writing.then(() => replaceFile(this.file, JSON.stringify(this.state, null, 2), 0o600));
    this.writing = next.catch(() => undefined);
    return next;
  }
}
