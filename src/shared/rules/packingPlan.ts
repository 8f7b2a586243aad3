/** How the shippable files spread over drives: first-fit decreasing, at most ten drives per import job. */

import { maxDrivesPerJob } from './driveEligibility';

export interface PlanFile {
  relPath: string;
  size: number;
}

export interface PlannedDrive {
  /** Usable bytes assumed for this drive. */
  capacity: number;
  /** Whether the drive was chosen (false: an extra drive of the last chosen size the staging still needs). */
  chosen: boolean;
  files: PlanFile[];
  used: number;
}

export interface PackingPlan {
  drives: PlannedDrive[];
  /** Drives needed in all (chosen plus extra). */
  driveCount: number;
  /** Import jobs needed (ten drives per job). */
  jobCount: number;
  totalBytes: number;
  /** Files larger than every drive: no plan can place them. */
  unplaceable: PlanFile[];
}

/** NTFS allocation unit: every file takes whole clusters. */
export const clusterBytes = 4096;
/** Room kept free on each drive for the manifest's XML header, the marker and directories (bytes). */
export const driveReserveBytes = 256 * 1024;
/** Bytes a file may take besides its clusters: its manifest entry and its NTFS file record (1 KiB). */
const manifestPerFile = 400 + 1024;
const manifestPerBlock = 120;

/** Space a file takes on an NTFS drive, including its manifest entry. */
export function spaceOnDrive(size: number): number {
  const clusters = Math.ceil(size / clusterBytes) * clusterBytes;
  return clusters + manifestPerFile + Math.ceil(size / (4 * 1024 * 1024)) * manifestPerBlock;
}

/** Usable bytes of a volume with `freeBytes` free (statfs of a formatted drive, or a `dir:` folder's volume). */
export function usableBytes(freeBytes: number): number {
  return Math.max(0, Math.floor(freeBytes * 0.995) - driveReserveBytes);
}

/**
 * Places the files, largest first, on the first drive with room. `capacities` are the chosen drives' usable
 * bytes in the user's order; when they are not enough, extra drives of the last chosen capacity are added
 * (the staging needs that many more). Files equal in size keep their listed order.
 */
export function planPacking(files: PlanFile[], capacities: number[]): PackingPlan {
  const drives: PlannedDrive[] = capacities.map((capacity) => ({ capacity, chosen: true, files: [], used: 0 }));
  const extraCapacity = capacities.length > 0 ? capacities[capacities.length - 1]! : 0;
  const unplaceable: PlanFile[] = [];
  const order = files.map((f, i) => ({ f, i })).sort((a, b) => b.f.size - a.f.size || a.i - b.i);
  for (const { f } of order) {
    const need = spaceOnDrive(f.size);
    let target = drives.find((d) => d.capacity - d.used >= need);
    if (!target) {
      if (extraCapacity >= need) {
        target = { capacity: extraCapacity, chosen: false, files: [], used: 0 };
        drives.push(target);
      } else {
        unplaceable.push(f);
        continue;
      }
    }
    target.files.push(f);
    target.used += need;
  }
  const used = drives.filter((d) => d.chosen || d.files.length > 0);
  return {
    drives: used,
    driveCount: used.filter((d) => d.files.length > 0).length,
    jobCount: Math.max(1, Math.ceil(used.filter((d) => d.files.length > 0).length / maxDrivesPerJob)),
    totalBytes: files.reduce((n, f) => n + f.size, 0),
    unplaceable,
  };
}
