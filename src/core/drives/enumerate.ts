/** The drives of this machine (Linux: lsblk; Windows: Get-Disk and friends), whether it is a VM, and a watcher. */

import si from 'systeminformation';
import type { DriveInfo } from '../../shared/rules/driveEligibility';
import { listLinuxDrives } from '../platform/linux/lsblk';

/** Every disk and loop device (Linux) or disk (Windows). Other platforms: none. */
export async function listDrives(platform: NodeJS.Platform = process.platform): Promise<DriveInfo[]> {
  if (platform === 'linux') return listLinuxDrives();
  if (platform === 'win32') return (await import('../platform/windows/disks')).listWindowsDrives();
  return [];
}

/** Whether this machine is a virtual machine (systeminformation's system().virtual). */
export async function isVirtualMachine(): Promise<boolean> {
  try {
    return (await si.system()).virtual === true;
  } catch {
    return false;
  }
}

function signature(list: DriveInfo[]): string {
  return JSON.stringify(list.map((d) => [d.id, d.serial, d.sizeBytes, d.readOnly, d.volumes.map((v) => v.mountPoints.join('|'))]));
}

/**
 * Polls the drive list every `intervalMs` and calls `onChange` when drives come, go or change (mounts included).
 * Returns a stop function. The first list is reported at once.
 */
export function watchDrives(onChange: (drives: DriveInfo[]) => void, opts: { intervalMs?: number; list?: () => Promise<DriveInfo[]> } = {}): () => void {
  const list = opts.list ?? (() => listDrives());
  let last = '';
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const tick = async () => {
    try {
      const drives = await list();
      const sig = signature(drives);
      if (!stopped && sig !== last) {
        last = sig;
        onChange(drives);
      }
    } catch {
      // a failed poll is retried on the next tick
    }
    if (!stopped) timer = setTimeout(() => void tick(), opts.intervalMs ?? 2000);
  };
  void tick();
  return () => {
    stopped = true;
    if (timer) clearTimeout(timer);
  };
}
