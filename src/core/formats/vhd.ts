/**
 * The VHD hard disk footer, enough to tell a fixed-size VHD: the last 512 bytes of the file, big-endian, cookie
 * `conectix`, disk type 2 (fixed), the one's-complement checksum of the footer's other bytes, and a current size
 * equal to the data before the footer. "Virtual Hard Disk Image Format Specification", section "Hard Disk Footer
 * Format", https://www.microsoft.com/download/details.aspx?id=23850
 */

import { promises as fs } from 'node:fs';

export const vhdFooterBytes = 512;
const cookie = Buffer.from('conectix', 'latin1');
const diskTypeFixed = 2;
const checksumOffset = 64;

/** The footer's checksum: the one's complement of the sum of its bytes, the checksum field counted as zero. */
export function vhdFooterChecksum(footer: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < vhdFooterBytes; i++) if (i < checksumOffset || i >= checksumOffset + 4) sum += footer[i]!;
  return ~sum >>> 0;
}

/** Whether `footer` (512 bytes) describes a fixed disk of `dataBytes` bytes with a valid checksum. */
export function isFixedVhdFooter(footer: Buffer, dataBytes: number): boolean {
  if (footer.length !== vhdFooterBytes || !footer.subarray(0, 8).equals(cookie)) return false;
  if (footer.readUInt32BE(60) !== diskTypeFixed) return false;
  if (footer.readUInt32BE(checksumOffset) !== vhdFooterChecksum(footer)) return false;
  return Number(footer.readBigUInt64BE(48)) === dataBytes;
}

/** Reads the last 512 bytes of `file` (of `size` bytes) and tells whether it is a fixed VHD. */
export async function isFixedVhdFile(file: string, size: number): Promise<boolean> {
  if (size < vhdFooterBytes || size % vhdFooterBytes !== 0) return false;
  const h = await fs.open(file, 'r');
  try {
    const buf = Buffer.alloc(vhdFooterBytes);
    const { bytesRead } = await h.read(buf, 0, vhdFooterBytes, size - vhdFooterBytes);
    return bytesRead === vhdFooterBytes && isFixedVhdFooter(buf, size - vhdFooterBytes);
  } finally {
    await h.close();
  }
}
