/** Bus names as lsblk (`tran`) and Get-Disk (`BusType`) spell them, mapped to the buses the drive rules know. */

import type { DriveBus } from '../../shared/rules/driveEligibility';

const names: Record<string, DriveBus> = {
  sata: 'SATA',
  ata: 'SATA',
  sas: 'SAS',
  nvme: 'NVMe',
  usb: 'USB',
  scsi: 'SCSI',
  iscsi: 'SCSI',
  fc: 'SCSI',
  'fibre channel': 'SCSI',
  spi: 'SCSI',
  raid: 'SCSI',
  virtual: 'Virtual',
  'file backed virtual': 'Virtual',
  spaces: 'Virtual',
};

/** The bus for a reported name, or null when the name is not one we know. */
export function busFromName(name: string | null | undefined): DriveBus | null {
  return names[(name ?? '').trim().toLowerCase()] ?? null;
}
