/**
 * Runs Microsoft's Data Box Disk unlock tool with the passkey Offline Seed kept (storeCredentials), never putting the
 * passkey in a log, an error or Offline Seed's own output. The tool is a closed Microsoft binary the operator downloads
 * from the order's Device details in the Azure portal; Offline Seed only starts it, as "Tutorial: Unpack, connect, and
 * unlock Azure Data Box Disk" (https://learn.microsoft.com/azure/databox/data-box-disk-deploy-set-up) documents:
 *
 * - Windows (#unlock-disks-on-windows-client), in an elevated prompt: `.\DataBoxDiskUnlock.exe` run without
 *   `/PassKey:` asks "Enter the passkey :" and then prints "Volume drive letters: D:". Offline Seed answers that prompt
 *   on the tool's standard input, so the passkey is on no command line.
 * - Linux (#unlock-disks-on-linux-client), as root after `sudo ./DataBoxDiskUnlock_Prep.sh` installed dislocker,
 *   fuse-dislocker and ntfs-3g: `./DataBoxDiskUnlock_x86_64 /PassKey:'<passkey>'`, which prints the mount point of each
 *   volume ("/dev/sdb1: /mnt/DataBoxDisk/mountVol1/"). The Linux tool takes the passkey only as an argument and prints
 *   it back ("Passkey: …"): the command line is never logged, and every line the tool prints is shown with the passkey
 *   masked.
 */

import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { OfflineSeedError } from '../../shared/errors';

export interface UnlockOptions {
  /** The kept secrets file of the order (secretsFile). */
  secretsFile: string;
  /** Microsoft's unlock tool: DataBoxDiskUnlock.exe (Windows) or DataBoxDiskUnlock_x86_64 (Linux). */
  tool: string;
  platform: NodeJS.Platform;
  /** Each line the tool prints, the passkey masked. */
  onLine?(line: string): void;
}

export interface UnlockResult {
  /** Where the unlocked volumes are: drive roots (`D:\`) on Windows, mount points on Linux. */
  volumes: string[];
  /** Everything the tool printed, the passkey masked. */
  lines: string[];
}

/** The order's kept secrets file in the data folder, by order name (the subscription when several hold that name). */
export async function findSecretsFile(dataDir: string, jobName: string, subscriptionId?: string): Promise<string> {
  const base = path.join(dataDir, 'databox');
  const subs = subscriptionId ? [subscriptionId] : await fs.readdir(base).catch(() => [] as string[]);
  const found: string[] = [];
  for (const s of subs) {
    const f = path.join(base, s, `${jobName}.json`);
    if (await fs.stat(f).then((x) => x.isFile(), () => false)) found.push(f);
  }
  if (found.length === 1) return found[0]!;
  if (found.length > 1) throw new OfflineSeedError({ code: 'databox:errors.secretsAmbiguous', params: { job: jobName }, exitCode: 2 });
  throw new OfflineSeedError({ code: 'databox:errors.noSecrets', params: { job: jobName }, exitCode: 2 });
}

const mask = '********';

/** The volumes the tool reports: "Volume drive letters: D: E:" on Windows, "/dev/sdb1: /mnt/…/" lines on Linux. */
export function unlockedVolumes(lines: string[], platform: NodeJS.Platform): string[] {
  if (platform === 'win32') {
    const l = lines.find((x) => /Volume drive letters:/i.test(x));
    return l ? [...l.replace(/^.*Volume drive letters:/i, '').matchAll(/([A-Za-z]):/g)].map((m) => `${m[1]!.toUpperCase()}:\\`) : [];
  }
  return lines.map((x) => /^\s*\/dev\/\S+:\s+(\/\S*)\s*$/.exec(x)?.[1]).filter((x): x is string => !!x);
}

export async function unlockDisks(o: UnlockOptions): Promise<UnlockResult> {
  if (o.platform !== 'win32' && o.platform !== 'linux') throw new OfflineSeedError({ code: 'databox:errors.unlockPlatform', exitCode: 2 });
  const kept = JSON.parse(await fs.readFile(o.secretsFile, 'utf8')) as { passkey?: string };
  const passkey = kept.passkey ?? '';
  if (!passkey) throw new OfflineSeedError({ code: 'databox:errors.noSecrets', params: { job: path.basename(o.secretsFile, '.json') }, exitCode: 2 });
  const hide = (s: string) => s.split(passkey).join(mask);
  const args = o.platform === 'win32' ? [] : [`/PassKey:${passkey}`];
  const lines: string[] = [];
  const code = await new Promise<number>((resolve, reject) => {
    const child = spawn(o.tool, args, { stdio: ['pipe', 'pipe', 'pipe'], windowsHide: true, shell: false });
    let rest = '';
    const take = (d: Buffer) => {
      rest += d.toString('utf8');
      const parts = rest.split(/\r?\n/);
      rest = parts.pop() ?? '';
      for (const p of parts) {
        const line = hide(p);
        lines.push(line);
        o.onLine?.(line);
      }
    };
    child.stdout.on('data', take);
    child.stderr.on('data', take);
    child.on('error', (e: NodeJS.ErrnoException) =>
      reject(new OfflineSeedError({ code: 'databox:errors.unlockToolMissing', params: { path: o.tool, reason: e.code ?? 'error' }, exitCode: 2 })),
    );
    child.on('close', (c) => {
      if (rest) {
        const line = hide(rest);
        lines.push(line);
        o.onLine?.(line);
      }
      resolve(c ?? 1);
    });
    // Windows: the answer to "Enter the passkey :"; Linux: nothing to read.
    child.stdin.on('error', () => undefined);
    child.stdin.end(o.platform === 'win32' ? `${passkey}\r\n` : '');
  });
  if (code !== 0) throw new OfflineSeedError({ code: 'databox:errors.unlockFailed', params: { code }, exitCode: 1 });
  return { volumes: unlockedVolumes(lines, o.platform), lines };
}
