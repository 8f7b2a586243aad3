/** The fixed-VHD check against footers written by hand from the VHD specification (test/helpers/agentStaging.ts). */

import { describe, expect, it } from 'vitest';
import { isFixedVhdFooter, vhdFooterChecksum } from '../../../src/core/formats/vhd';
import { handWrittenVhdFooter } from '../../helpers/agentStaging';

describe('VHD footer', () => {
  it('accepts a fixed disk whose current size is the data before the footer, and checks the checksum', () => {
    const f = handWrittenVhdFooter(16 * 1024 * 1024);
    expect(vhdFooterChecksum(f)).toBe(f.readUInt32BE(64));
    expect(isFixedVhdFooter(f, 16 * 1024 * 1024)).toBe(true);
    expect(isFixedVhdFooter(f, 16 * 1024 * 1024 - 512)).toBe(false);
  });

  it('refuses a dynamic disk, a wrong cookie and a damaged checksum', () => {
    const dynamic = handWrittenVhdFooter(4096);
    dynamic.writeUInt32BE(3, 60);
    expect(isFixedVhdFooter(dynamic, 4096)).toBe(false);
    const cookie = handWrittenVhdFooter(4096);
    cookie.write('connectx', 0, 'latin1');
    expect(isFixedVhdFooter(cookie, 4096)).toBe(false);
    const damaged = handWrittenVhdFooter(4096);
    damaged[100] = damaged[100]! ^ 0xff;
    expect(isFixedVhdFooter(damaged, 4096)).toBe(false);
  });
});
