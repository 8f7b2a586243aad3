/**
 * Windows preparation: Clear-Disk, Initialize-Disk, New-Partition and Format-Volume, run by `runPowerShell` as one
 * unit, after guards that stop the whole script (exit 1, nothing erased) when the disk is not the confirmed one.
 */

import { OfflineSeedError } from '../../../shared/errors';
import { runPowerShell, psQuote, type PowerShellRunner } from './powershell';

export { psQuote } from './powershell';

/** Texts the guards throw; the adapter recognizes them in the error message. */
export const guardSerial = 'OFFLINESEED_SERIAL_CHANGED';
export const guardSize = 'OFFLINESEED_SIZE_CHANGED';
export const guardSystem = 'OFFLINESEED_SYSTEM_DISK';

/**
 * The script: stops unless disk `n` still carries `serial` and `sizeBytes` and is neither system nor boot; then
 * (the erase having been confirmed for this disk) brings a SAN-policy offline or read-only disk online and
 * writable, wipes it, one GPT partition over the whole disk with a letter, NTFS. Outputs the new volume.
 */
export function formatScript(diskNumber: number, serial: string, label: string, sizeBytes?: number): string {
  const size = sizeBytes !== undefined && Number.isSafeInteger(sizeBytes) ? `if ([int64]$d.Size -ne [int64]${sizeBytes}) { throw "${guardSize}: $($d.Size)" }` : '';
  return [
    `$n = ${Math.trunc(diskNumber)}`,
    // https://learn.microsoft.com/en-us/powershell/module/storage/get-disk
    '$d = Get-Disk -Number $n',
    `if ("$($d.SerialNumber)".Trim() -ne ${psQuote(serial)}) { throw "${guardSerial}: $("$($d.SerialNumber)".Trim())" }`,
    size,
    `if ($d.IsSystem -or $d.IsBoot) { throw '${guardSystem}' }`,
    // https://learn.microsoft.com/en-us/powershell/module/storage/set-disk
    'if ($d.IsOffline) { Set-Disk -Number $n -IsOffline $false }',
    'if ($d.IsReadOnly) { Set-Disk -Number $n -IsReadOnly $false }',
    // https://learn.microsoft.com/en-us/powershell/module/storage/clear-disk
    `if ("$($d.PartitionStyle)" -ne 'RAW') { Clear-Disk -Number $n -RemoveData -RemoveOEM -Confirm:$false }`,
    // https://learn.microsoft.com/en-us/powershell/module/storage/initialize-disk
    'Initialize-Disk -Number $n -PartitionStyle GPT',
    // https://learn.microsoft.com/en-us/powershell/module/storage/new-partition
    '$p = New-Partition -DiskNumber $n -UseMaximumSize -AssignDriveLetter',
    // https://learn.microsoft.com/en-us/powershell/module/storage/format-volume
    `$v = Format-Volume -Partition $p -FileSystem NTFS -NewFileSystemLabel ${psQuote(label.slice(0, 32))} -Confirm:$false -Force`,
    '[pscustomobject]@{ DriveLetter = "$($v.DriveLetter)"; FileSystem = "$($v.FileSystem)"; FileSystemLabel = $v.FileSystemLabel; Size = $v.Size; SizeRemaining = $v.SizeRemaining }',
  ]
    .filter(Boolean)
    .join('\n');
}

export interface FormattedVolume {
  letter: string;
  fileSystem: string;
  label: string;
  sizeBytes: number;
  freeBytes: number;
}

/** Reads the script's result object. */
export function parseFormatResult(v: unknown): FormattedVolume {
  const o = (v ?? {}) as { DriveLetter?: unknown; FileSystem?: unknown; FileSystemLabel?: unknown; Size?: unknown; SizeRemaining?: unknown };
  const letter = String(o.DriveLetter ?? '').trim();
  if (!/^[A-Z]$/i.test(letter)) throw new Error('Format-Volume reported no drive letter.');
  return { letter: letter.toUpperCase(), fileSystem: String(o.FileSystem ?? ''), label: String(o.FileSystemLabel ?? ''), sizeBytes: Number(o.Size ?? 0), freeBytes: Number(o.SizeRemaining ?? 0) };
}

/** Formats disk `diskNumber` (after checking it is still the confirmed disk); throws a drives error naming the disk on failure. */
export async function formatWindowsDisk(o: { diskNumber: number; serial: string; label: string; drive: string; sizeBytes?: number }, ps?: PowerShellRunner): Promise<FormattedVolume> {
  const r = await runPowerShell(formatScript(o.diskNumber, o.serial, o.label, o.sizeBytes), { ps });
  if (!r.ok) {
    const changed = new RegExp(`^${guardSerial}: ?(.*)$`).exec(r.error.message);
    if (changed) {
      throw new OfflineSeedError({ code: 'drives:errors.serialChanged', params: { drive: o.drive, expected: o.serial, found: changed[1]!.trim() }, step: 'drives' });
    }
    const resized = new RegExp(`^${guardSize}: ?(\\d+)`).exec(r.error.message);
    if (resized) {
      throw new OfflineSeedError({
        code: 'drives:errors.driveSwapped',
        params: { drive: o.drive, expected: o.serial, expectedSize: o.sizeBytes ?? 0, found: o.serial, foundSize: Number(resized[1]) },
        step: 'drives',
      });
    }
    if (r.error.message === guardSystem) {
      throw new OfflineSeedError({ code: 'drives:errors.notEligible', params: { drive: o.drive, reason: 'systemDisk' }, step: 'drives' });
    }
    throw new OfflineSeedError({ code: 'drives:errors.formatFailed', params: { drive: o.drive, reason: r.error.message }, step: 'drives' });
  }
  try {
    return parseFormatResult(r.result);
  } catch (e) {
    throw new OfflineSeedError({ code: 'drives:errors.formatFailed', params: { drive: o.drive, reason: (e as Error).message }, step: 'drives' });
  }
}

/**
 * Brings a disk the SAN policy left offline or read-only back online and writable, erasing nothing (a resumed
 * drive after a restart), after the same serial guard; outputs the drive letters of its partitions.
 * https://learn.microsoft.com/en-us/powershell/module/storage/set-disk
 * https://learn.microsoft.com/en-us/powershell/module/storage/get-partition
 */
export function onlineScript(diskNumber: number, serial: string): string {
  return [
    `$n = ${Math.trunc(diskNumber)}`,
    '$d = Get-Disk -Number $n',
    `if ("$($d.SerialNumber)".Trim() -ne ${psQuote(serial)}) { throw "${guardSerial}: $("$($d.SerialNumber)".Trim())" }`,
    'if ($d.IsOffline) { Set-Disk -Number $n -IsOffline $false }',
    'if ($d.IsReadOnly) { Set-Disk -Number $n -IsReadOnly $false }',
    `[pscustomobject]@{ Letters = @(Get-Partition -DiskNumber $n | ForEach-Object { "$($_.DriveLetter)".Trim([char]0).Trim() } | Where-Object { $_ -match '^[A-Za-z]$' }) }`,
  ].join('\n');
}

/** Brings disk `diskNumber` online (nothing erased) and returns its drive letters; throws a drives error naming the disk. */
export async function bringWindowsDiskOnline(o: { diskNumber: number; serial: string; drive: string }, ps?: PowerShellRunner): Promise<string[]> {
  const r = await runPowerShell(onlineScript(o.diskNumber, o.serial), { ps });
  if (!r.ok) {
    const changed = new RegExp(`^${guardSerial}: ?(.*)$`).exec(r.error.message);
    if (changed) throw new OfflineSeedError({ code: 'drives:errors.serialChanged', params: { drive: o.drive, expected: o.serial, found: changed[1]!.trim() }, step: 'drives' });
    throw new OfflineSeedError({ code: 'drives:errors.formatFailed', params: { drive: o.drive, reason: r.error.message }, step: 'drives' });
  }
  const letters = (r.result as { Letters?: unknown } | null)?.Letters;
  return (Array.isArray(letters) ? letters : letters == null ? [] : [letters]).map((l) => String(l).toUpperCase());
}
