/** Linux drive enumeration from `lsblk --json -O -b` (systeminformation's diskLayout() is blind to loops and VMs). */

import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import type { DriveBus, DriveInfo, DriveVolume } from '../../../shared/rules/driveEligibility';
import { busFromName } from '../bus';
import { run } from '../exec';

interface LsblkDevice {
  name: string;
  path?: string;
  type?: string;
  size?: number | string | null;
  serial?: string | null;
  model?: string | null;
  tran?: string | null;
  ro?: boolean | string | null;
  rm?: boolean | string | null;
  hotplug?: boolean | string | null;
  rota?: boolean | string | null;
  mountpoint?: string | null;
  mountpoints?: Array<string | null> | null;
  fstype?: string | null;
  label?: string | null;
  subsystems?: string | null;
  children?: LsblkDevice[];
}

const systemMounts = new Set(['/', '/boot', '/boot/efi', '/usr', '/var', '[SWAP]']);

const flag = (v: unknown) => v === true || v === '1' || v === 1;

function mountsOf(d: LsblkDevice): string[] {
  const all = [...(d.mountpoints ?? []), d.mountpoint ?? null].filter((m): m is string => typeof m === 'string' && m.length > 0);
  return [...new Set(all)];
}

function busOf(d: LsblkDevice): DriveBus {
  const named = busFromName(d.tran);
  if (named) return named;
  const subs = d.subsystems ?? '';
  if (d.type === 'loop' || /virtio|xen|vmbus/.test(subs)) return 'Virtual';
  if (/nvme/.test(subs)) return 'NVMe';
  if (/usb/.test(subs)) return 'USB';
  return 'Unknown';
}

/** A stable id for a loop device: its backing file's path and inode (loops have no hardware serial). */
export function loopSerial(name: string): string | null {
  try {
    const file = readFileSync(`/sys/block/${name}/loop/backing_file`, 'utf8').trim();
    const ino = statSync(file).ino;
    return 'LOOP-' + createHash('sha256').update(`${file}:${ino}`).digest('hex').slice(0, 12).toUpperCase();
  } catch {
    return null;
  }
}

/** Turns `lsblk --json -O -b` output into drives (disks and loops; no zram, optical or empty devices). */
export function parseLsblk(json: string, serialOfLoop: (name: string) => string | null = () => null): DriveInfo[] {
  const doc = JSON.parse(json) as { blockdevices?: LsblkDevice[] };
  const out: DriveInfo[] = [];
  for (const d of doc.blockdevices ?? []) {
    const size = Number(d.size ?? 0);
    if ((d.type !== 'disk' && d.type !== 'loop') || size <= 0 || d.name.startsWith('zram')) continue;
    const parts = d.children?.filter((c) => c.type === 'part' || c.type === 'crypt' || c.type === 'lvm') ?? [];
    const volumeOf = (v: LsblkDevice): DriveVolume => ({ mountPoints: mountsOf(v), fsType: v.fstype ?? null, label: v.label ?? null, sizeBytes: v.size == null ? null : Number(v.size) });
    const volumes = parts.length > 0 ? parts.map(volumeOf) : d.fstype || mountsOf(d).length > 0 ? [volumeOf(d)] : [];
    const everyMount = [...mountsOf(d), ...(d.children ?? []).flatMap((c) => [...mountsOf(c), ...(c.children ?? []).flatMap(mountsOf)])];
    const device = d.path ?? `/dev/${d.name}`;
    const serial = (d.serial ?? '').trim() || (d.type === 'loop' ? (serialOfLoop(d.name) ?? '') : '');
    out.push({
      id: device,
      kind: d.type === 'loop' ? 'loop' : 'disk',
      device,
      model: (d.model ?? '').trim() || (d.type === 'loop' ? 'Loop device' : ''),
      serial,
      sizeBytes: size,
      bus: busOf(d),
      media: d.type === 'loop' ? 'Unknown' : flag(d.rota) ? 'HDD' : 'SSD',
      isSystem: everyMount.some((m) => systemMounts.has(m)),
      isBoot: everyMount.some((m) => m === '/boot' || m === '/boot/efi'),
      readOnly: flag(d.ro),
      removable: flag(d.rm) || flag(d.hotplug),
      volumes,
    });
  }
  return out;
}

/** Runs lsblk and parses it. */
export async function listLinuxDrives(): Promise<DriveInfo[]> {
  const r = await run('lsblk', ['--json', '-O', '-b']);
  return parseLsblk(r.stdout, loopSerial);
}
