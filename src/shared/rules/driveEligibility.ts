/**
 * Which drives may be prepared for Azure Import/Export: pure, ordered rules returning errors and warnings.
 *
 * Checked when the list is shown and again right before formatting (with the serial re-read), as Etcher's
 * drive-constraints are. Never auto-select a drive from this: it only judges the drive the user chose.
 */

import type { DriveInfo, DriveProblem, DriveProblemName, Eligibility } from '../model/drive';

export { driveBuses, type DriveBus, type DriveInfo, type DriveProblem, type DriveProblemName, type DriveVolume, type Eligibility } from '../model/drive';

export interface EligibilityContext {
  /** The staging location (absolute). */
  stagingDir: string;
  /** The backup sources (absolute), when known on this machine. */
  sourcePaths: string[];
  /** Size of the largest single file to ship: a drive smaller than this cannot hold even one pack. */
  largestFileBytes: number;
  /** Whether this (copy) machine is a virtual machine. */
  copyMachineVirtual: boolean;
  /** Whether the backed-up (source) machine is a virtual machine; null when not known. */
  sourceMachineVirtual: boolean | null;
  /** Windows paths compare case-insensitively. */
  windows?: boolean;
}

/** The documented limit for Azure Backup offline seeding drives: 10 TB. */
export const maxDriveBytes = 10 * 1000 ** 4;
/** At most this many drives in one import job. */
export const maxDrivesPerJob = 10;

type Rule = (d: DriveInfo, c: EligibilityContext, all: DriveInfo[] | undefined) => Omit<DriveProblem, 'key'> | null;

function norm(p: string, windows: boolean): string {
  let s = p.replace(/\\/g, '/');
  if (s.length > 1) s = s.replace(/\/+$/, '');
  return windows ? s.toLowerCase() : s;
}

/** Whether `inner` is `outer` or lies below it. */
export function pathWithin(inner: string, outer: string, windows = false): boolean {
  const a = norm(inner, windows);
  const b = norm(outer, windows);
  if (b === '/' || /^[a-z]:$/i.test(b)) return a === b || a.startsWith(b.endsWith('/') ? b : b + '/');
  return a === b || a.startsWith(b + '/');
}

/** The most specific mount point (over all drives) that holds `p`: the volume a path lives on. */
function holderOf(p: string, drives: DriveInfo[] | undefined, d: DriveInfo, windows: boolean): boolean {
  const mounts = (x: DriveInfo) => (x.kind === 'dir' ? [x.device] : x.volumes.flatMap((v) => v.mountPoints));
  const own = mounts(d).filter((m) => pathWithin(p, m, windows));
  if (own.length === 0) return false;
  if (!drives) return true;
  const best = Math.max(...own.map((m) => norm(m, windows).length));
  return !drives.some((o) => o !== d && mounts(o).some((m) => pathWithin(p, m, windows) && norm(m, windows).length > best));
}

/** The rules, in the order their reasons are shown. */
export const eligibilityRules: Array<[DriveProblemName, Rule]> = [
  ['systemDisk', (d) => (d.isSystem || d.isBoot ? { level: 'error', name: 'systemDisk', params: {} } : null)],
  ['holdsStaging', (d, c, all) => (holderOf(c.stagingDir, all, d, Boolean(c.windows)) || (d.kind === 'dir' && pathWithin(d.device, c.stagingDir, Boolean(c.windows))) ? { level: 'error', name: 'holdsStaging', params: { path: c.stagingDir } } : null)],
  ['holdsSource', (d, c, all) => {
    // A drive that holds a source, or a folder drive inside one (the copy would write into the source).
    const s = c.sourcePaths.find((p) => holderOf(p, all, d, Boolean(c.windows)) || (d.kind === 'dir' && pathWithin(d.device, p, Boolean(c.windows))));
    return s ? { level: 'error', name: 'holdsSource', params: { path: s } } : null;
  }],
  ['readOnly', (d) => (d.readOnly && !d.sanPolicy ? { level: 'error', name: 'readOnly', params: {} } : null)],
  ['nvme', (d) => (d.bus === 'NVMe' ? { level: 'error', name: 'nvme', params: {} } : null)],
  ['tooLarge', (d) => (d.sizeBytes > maxDriveBytes ? { level: 'error', name: 'tooLarge', params: { size: d.sizeBytes, max: maxDriveBytes } } : null)],
  ['tooSmall', (d, c) => (d.sizeBytes < c.largestFileBytes ? { level: 'error', name: 'tooSmall', params: { size: d.sizeBytes, needed: c.largestFileBytes } } : null)],
  ['vmOnVm', (_d, c) => (c.copyMachineVirtual && c.sourceMachineVirtual === true ? { level: 'error', name: 'vmOnVm', params: {} } : null)],
  ['sanPolicy', (d) => (d.sanPolicy ? { level: 'warning', name: 'sanPolicy', params: {} } : null)],
  ['usb', (d) => (d.bus === 'USB' ? { level: 'warning', name: 'usb', params: {} } : null)],
  ['noSerial', (d) => (d.kind === 'disk' && !d.serial ? { level: 'warning', name: 'noSerial', params: {} } : null)],
  ['hasData', (d) => {
    const v = d.kind === 'dir' ? [] : d.volumes.filter((x) => x.fsType || x.mountPoints.length > 0);
    return v.length > 0 ? { level: 'warning', name: 'hasData', params: { count: v.length } } : null;
  }],
];

/**
 * Judges one drive. `all` (every enumerated drive) lets a path be attributed to the volume that really holds it
 * when mount points nest (`/` and `/mnt/usb`).
 */
export function checkDrive(d: DriveInfo, c: EligibilityContext, all?: DriveInfo[]): Eligibility {
  const found = eligibilityRules.map(([, r]) => r(d, c, all)).filter((p): p is Omit<DriveProblem, 'key'> => p !== null);
  const withKey = found.map((p): DriveProblem => ({ ...p, key: `drives:eligibility.${p.name}` }));
  const errors = withKey.filter((p) => p.level === 'error');
  return { eligible: errors.length === 0, errors, warnings: withKey.filter((p) => p.level === 'warning'), hidden: d.isSystem || d.isBoot };
}

/** Judges every drive against the full list. */
export function checkDrives(all: DriveInfo[], c: EligibilityContext): Array<{ drive: DriveInfo; eligibility: Eligibility }> {
  return all.map((drive) => ({ drive, eligibility: checkDrive(drive, c, all) }));
}
