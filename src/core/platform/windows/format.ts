/** Windows preparation: Clear-Disk, Initialize-Disk, New-Partition and Format-Volume, with the serial re-read first. */

import { OfflineSeedError } from '../../../shared/errors';
import { powershell, type PowerShellRunner } from './powershell';

/** Quotes a value for a single-quoted PowerShell string. */
export function psQuote(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

/**
 * The script: stops unless disk `n` still carries `serial` and is neither system nor boot, wipes it, one GPT
 * partition over the whole disk with a letter, NTFS. Prints the new volume as JSON.
 */
export function formatScript(diskNumber: number, serial: string, label: string): string {
  return `
$n = ${Math.trunc(diskNumber)}
$d = Get-Disk -Number $n
if ("$($d.SerialNumber)".Trim() -ne ${psQuote(serial)}) { throw "OFFLINESEED_SERIAL_CHANGED: $("$($d.SerialNumber)".Trim())" }
if ($d.IsSystem -or $d.IsBoot) { throw 'OFFLINESEED_SYSTEM_DISK' }
if ($d.IsOffline) { Set-Disk -Number $n -IsOffline $false }
if ($d.IsReadOnly) { Set-Disk -Number $n -IsReadOnly $false }
if ("$($d.PartitionStyle)" -ne 'RAW') { Clear-Disk -Number $n -RemoveData -RemoveOEM -Confirm:$false }
Initialize-Disk -Number $n -PartitionStyle GPT
$p = New-Partition -DiskNumber $n -UseMaximumSize -AssignDriveLetter
$v = Format-Volume -Partition $p -FileSystem NTFS -NewFileSystemLabel ${psQuote(label.slice(0, 32))} -Confirm:$false -Force
[pscustomobject]@{ DriveLetter = "$($v.DriveLetter)"; FileSystem = "$($v.FileSystem)"; FileSystemLabel = $v.FileSystemLabel; Size = $v.Size; SizeRemaining = $v.SizeRemaining } | ConvertTo-Json -Compress
`;
}

export interface FormattedVolume {
  letter: string;
  fileSystem: string;
  label: string;
  sizeBytes: number;
  freeBytes: number;
}

/** Parses the script's JSON. */
export function parseFormatOutput(stdout: string): FormattedVolume {
  const v = JSON.parse(stdout.replace(/^\uFEFF/, '').trim()) as { DriveLetter: string; FileSystem: string; FileSystemLabel: string; Size: number; SizeRemaining: number };
  return { letter: v.DriveLetter, fileSystem: v.FileSystem, label: v.FileSystemLabel, sizeBytes: v.Size, freeBytes: v.SizeRemaining };
}

/** Formats disk `diskNumber` (after checking its serial); throws a drives error naming the disk on failure. */
export async function formatWindowsDisk(o: { diskNumber: number; serial: string; label: string; drive: string }, ps: PowerShellRunner = powershell): Promise<FormattedVolume> {
  const r = await ps(formatScript(o.diskNumber, o.serial, o.label));
  const changed = /OFFLINESEED_SERIAL_CHANGED: ?(\S*)/.exec(r.stderr);
  if (changed) {
    throw new OfflineSeedError({
      code: 'drives:errors.serialChanged',
      params: { drive: o.drive, expected: o.serial, found: changed[1] ?? '' },
      step: 'drives',
    });
  }
  if (r.code !== 0 || /OFFLINESEED_SYSTEM_DISK/.test(r.stderr)) {
    const line = r.stderr.split(/\r?\n/).find((l) => l.trim()) ?? `exit ${r.code}`;
    throw new OfflineSeedError({
      code: 'drives:errors.formatFailed',
      params: { drive: o.drive, reason: line.trim() },
      step: 'drives',
    });
  }
  return parseFormatOutput(r.stdout);
}
