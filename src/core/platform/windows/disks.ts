/** Windows drive enumeration: Get-Disk, Get-PhysicalDisk, Get-Partition, Get-Volume, Get-BitLockerVolume as JSON. */

import type { DriveBus, DriveInfo, DriveVolume } from '../../../shared/rules/driveEligibility';
import { busFromName } from '../bus';
import { asArray, runPowerShell, type PowerShellRunner } from './powershell';

/**
 * Enum values are turned into their names ("$(...)"): language-neutral, and the same JSON from Windows PowerShell
 * 5.1 (which serializes enums as numbers) and 7. Get-BitLockerVolume fails on a server without the BitLocker
 * feature: that part is skipped (SilentlyContinue) rather than failing the list.
 * https://learn.microsoft.com/en-us/powershell/module/storage/get-disk
 * https://learn.microsoft.com/en-us/powershell/module/storage/get-physicaldisk
 * https://learn.microsoft.com/en-us/powershell/module/storage/get-partition
 * https://learn.microsoft.com/en-us/powershell/module/storage/get-volume
 * https://learn.microsoft.com/en-us/powershell/module/bitlocker/get-bitlockervolume
 */
export const enumerateScript = `
$disks = @(Get-Disk | ForEach-Object { [pscustomobject]@{ Number = $_.Number; FriendlyName = $_.FriendlyName; SerialNumber = "$($_.SerialNumber)".Trim(); Size = $_.Size; BusType = "$($_.BusType)"; IsSystem = $_.IsSystem; IsBoot = $_.IsBoot; IsReadOnly = $_.IsReadOnly; IsOffline = $_.IsOffline; PartitionStyle = "$($_.PartitionStyle)" } })
$physical = @(Get-PhysicalDisk | ForEach-Object { [pscustomobject]@{ DeviceId = "$($_.DeviceId)"; MediaType = "$($_.MediaType)"; BusType = "$($_.BusType)" } })
$partitions = @(Get-Partition | ForEach-Object { [pscustomobject]@{ DiskNumber = $_.DiskNumber; PartitionNumber = $_.PartitionNumber; DriveLetter = "$($_.DriveLetter)".Trim([char]0).Trim(); Size = $_.Size; Type = "$($_.Type)"; AccessPaths = @($_.AccessPaths) } })
$volumes = @(Get-Volume | ForEach-Object { [pscustomobject]@{ DriveLetter = "$($_.DriveLetter)".Trim([char]0).Trim(); FileSystem = "$($_.FileSystem)"; FileSystemLabel = $_.FileSystemLabel; Size = $_.Size; SizeRemaining = $_.SizeRemaining; Path = $_.Path } })
$bitlocker = @(Get-BitLockerVolume -ErrorAction SilentlyContinue | ForEach-Object { [pscustomobject]@{ MountPoint = $_.MountPoint; ProtectionStatus = "$($_.ProtectionStatus)"; VolumeStatus = "$($_.VolumeStatus)" } })
[pscustomobject]@{ disks = $disks; physical = $physical; partitions = $partitions; volumes = $volumes; bitlocker = $bitlocker }
`;

interface WinDisk {
  Number: number;
  FriendlyName: string | null;
  SerialNumber: string | null;
  Size: number;
  BusType: string;
  IsSystem: boolean;
  IsBoot: boolean;
  IsReadOnly: boolean;
  IsOffline?: boolean;
}
interface WinPhysical {
  DeviceId: string;
  MediaType: string;
  BusType?: string;
}
interface WinPartition {
  DiskNumber: number;
  PartitionNumber: number;
  DriveLetter: string;
  Size: number;
  Type?: string;
  AccessPaths?: string[] | string | null;
}
interface WinVolume {
  DriveLetter: string;
  FileSystem: string;
  FileSystemLabel: string | null;
  Size: number;
  SizeRemaining?: number;
  Path: string;
}
interface WinBitLocker {
  MountPoint: string;
  ProtectionStatus: string;
  VolumeStatus?: string;
}

const busOf = (b: string): DriveBus => busFromName(b) ?? 'Unknown';

/** Reads `enumerateScript`'s result (the object, or its JSON text). */
export function parseWindowsDrives(result: unknown): DriveInfo[] {
  const doc = (typeof result === 'string' ? JSON.parse(result.replace(/^\uFEFF/, '')) : (result ?? {})) as { disks?: unknown; physical?: unknown; partitions?: unknown; volumes?: unknown; bitlocker?: unknown };
  const physical = asArray(doc.physical as WinPhysical[]);
  const partitions = asArray(doc.partitions as WinPartition[]);
  const volumes = asArray(doc.volumes as WinVolume[]);
  const bitlocker = asArray(doc.bitlocker as WinBitLocker[]);
  return asArray(doc.disks as WinDisk[]).map((d) => {
    const ph = physical.find((p) => p.DeviceId === String(d.Number));
    const parts = partitions.filter((p) => p.DiskNumber === d.Number && p.Type !== 'Reserved');
    const vols: DriveVolume[] = parts.map((p) => {
      const paths = asArray(p.AccessPaths);
      const v = volumes.find((x) => (p.DriveLetter && x.DriveLetter === p.DriveLetter) || paths.includes(x.Path));
      const letter = p.DriveLetter ? `${p.DriveLetter}:` : null;
      const bl = letter ? bitlocker.find((b) => b.MountPoint.toUpperCase() === letter.toUpperCase()) : undefined;
      return {
        mountPoints: [...(letter ? [letter] : []), ...paths.filter((x) => !x.startsWith('\\\\?\\') && !/^[A-Z]:\\$/i.test(x))],
        fsType: v?.FileSystem ? v.FileSystem : null,
        label: v?.FileSystemLabel || null,
        sizeBytes: p.Size,
        bitLocker: bl ? (bl.ProtectionStatus === 'On' ? 'on' : bl.ProtectionStatus === 'Off' ? 'off' : 'unknown') : 'unknown',
      };
    });
    const media = ph?.MediaType === 'HDD' ? 'HDD' : ph?.MediaType === 'SSD' ? 'SSD' : 'Unknown';
    const letter = vols.flatMap((v) => v.mountPoints).find((m) => /^[A-Z]:$/i.test(m));
    return {
      id: letter ? letter.slice(0, 1).toUpperCase() : `\\\\.\\PHYSICALDRIVE${d.Number}`,
      kind: 'disk',
      device: `\\\\.\\PHYSICALDRIVE${d.Number}`,
      model: (d.FriendlyName ?? '').trim(),
      serial: (d.SerialNumber ?? '').trim(),
      sizeBytes: d.Size,
      bus: busOf(d.BusType || ph?.BusType || ''),
      media,
      isSystem: d.IsSystem,
      isBoot: d.IsBoot,
      readOnly: d.IsReadOnly,
      ...(d.IsOffline || d.IsReadOnly ? { sanPolicy: true } : {}),
      removable: busOf(d.BusType) === 'USB',
      volumes: vols,
      diskNumber: d.Number,
    } satisfies DriveInfo;
  });
}

export async function listWindowsDrives(ps?: PowerShellRunner): Promise<DriveInfo[]> {
  const r = await runPowerShell(enumerateScript, { ps });
  if (!r.ok) throw new Error(`Get-Disk failed: ${r.error.message}`);
  return parseWindowsDrives(r.result);
}
