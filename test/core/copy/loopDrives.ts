/** Test helper: small NTFS loop devices mounted with ntfs-3g, always detached afterwards. */

import { execFileSync } from 'node:child_process';
import { promises as fs, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface LoopDrive {
  image: string;
  device: string;
  mount: string;
}

const sh = (cmd: string, args: string[]) => execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();

export class LoopDrives {
  readonly drives: LoopDrive[] = [];
  constructor(readonly dir: string) {}

  static async create(): Promise<LoopDrives> {
    return new LoopDrives(await fs.mkdtemp(path.join(os.tmpdir(), 'os-drives-')));
  }

  /** A new NTFS image of `mib` MiB on a loop device; mounted unless `mount` is false. */
  async add(mib: number, opts: { mount?: boolean; format?: boolean } = {}): Promise<LoopDrive> {
    const n = this.drives.length + 1;
    const image = path.join(this.dir, `drive${n}.img`);
    await fs.writeFile(image, '');
    await fs.truncate(image, mib * 1024 * 1024);
    if (opts.format !== false) sh('mkfs.ntfs', ['-Q', '-F', '-L', `D${n}`, image]);
    const device = sh('losetup', ['-f', '--show', image]);
    const d = { image, device, mount: path.join(this.dir, `mnt${n}`) };
    this.drives.push(d);
    if (opts.mount !== false && opts.format !== false) this.mount(d);
    return d;
  }

  mount(d: LoopDrive): void {
    execFileSync('mkdir', ['-p', d.mount]);
    sh('ntfs-3g', ['-o', 'big_writes', d.device, d.mount]);
  }

  /** The pid of the ntfs-3g process serving `d` (to pull the drive out from under a copy). */
  fusePid(d: LoopDrive): number | null {
    for (const p of readdirSync('/proc')) {
      if (!/^\d+$/.test(p)) continue;
      try {
        const cmd = readFileSync(`/proc/${p}/cmdline`, 'utf8').split('\0');
        if (cmd[0]?.endsWith('ntfs-3g') && cmd.includes(d.mount)) return Number(p);
      } catch {
        // gone meanwhile
      }
    }
    return null;
  }

  /** Simulates pulling the drive: the FUSE daemon dies, every access then fails with ENOTCONN. */
  yank(d: LoopDrive): void {
    const pid = this.fusePid(d);
    if (pid) process.kill(pid, 'SIGKILL');
  }

  unmount(d: LoopDrive): void {
    for (const [cmd, args] of [
      ['fusermount', ['-u', d.mount]],
      ['umount', [d.mount]],
      ['umount', ['-l', d.mount]],
    ] as const) {
      try {
        sh(cmd, [...args]);
        return;
      } catch {
        // try the next way
      }
    }
  }

  async cleanup(): Promise<void> {
    for (const d of this.drives) {
      this.unmount(d);
      try {
        sh('losetup', ['-d', d.device]);
      } catch {
        // already detached
      }
    }
    await fs.rm(this.dir, { recursive: true, force: true });
  }
}
