/** Whether this process runs elevated: root on Linux and macOS, an elevated token on Windows. */

import { spawnSync } from 'node:child_process';
import { system32 } from './windows/tools';

export function detectElevation(platform: NodeJS.Platform = process.platform): boolean {
  if (platform === 'win32') {
    // `net session` succeeds only in an elevated process; it prints nothing we need.
    // https://learn.microsoft.com/en-us/previous-versions/windows/it-pro/windows-server-2012-r2-and-2012/hh750729(v=ws.11)
    return spawnSync(system32('net.exe'), ['session'], { stdio: 'ignore', windowsHide: true }).status === 0;
  }
  return typeof process.getuid === 'function' && process.getuid() === 0;
}
