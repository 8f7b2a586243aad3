/**
 * How src starts programs: no PowerShell 7 (pwsh), no script on stdin (`-Command -`), no Windows tool by bare
 * name (a planted copy in the working folder would run first), and every child started with windowsHide.
 */

import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '../..');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sources(p) : /\.(ts|tsx|mts|cts|js|mjs|cjs)$/.test(e.name) ? [p] : [];
  });
}

const windowsTools = ['powershell', 'pwsh', 'cmd', 'reg', 'net', 'net1', 'manage-bde', 'certutil', 'explorer', 'diskpart', 'wmic', 'mountvol', 'format', 'bcdedit', 'icacls', 'takeown', 'schtasks', 'sc', 'fsutil', 'vssadmin', 'wbadmin', 'chkdsk', 'rundll32', 'start'];
// Standalone calls, or calls on the child_process module; not methods such as RegExp.exec.
const spawnCalls = /(?:(?<![\w$.])|(?<=\b(?:child_process|childProcess|cp)\.))(spawn|spawnSync|execFile|execFileSync|exec|execSync|fork|run|runCommand|cmd|command)\(\s*/g;

/** Problems in one source text (exported shape for the self-check below). */
function problems(text: string): string[] {
  const out: string[] = [];
  if (/\bpwsh(\.exe)?\b/i.test(text)) out.push('mentions pwsh');
  if (/['"`]-Command['"`]\s*,\s*['"`]-['"`]|-Command -(?!\w)/.test(text)) out.push('runs a script through -Command -');
  for (const m of text.matchAll(spawnCalls)) {
    const rest = text.slice(m.index + m[0].length);
    const lit = /^['"`]([^'"`]+)['"`]/.exec(rest);
    if (lit) {
      const name = lit[1]!.toLowerCase().replace(/\.(exe|com|bat|cmd)$/, '');
      if (windowsTools.includes(name)) out.push(`starts ${lit[1]} by bare name`);
    }
    if (['spawn', 'spawnSync', 'execFile', 'execFileSync', 'exec', 'execSync', 'fork'].includes(m[1]!)) {
      // The call's text up to its closing parenthesis must ask for windowsHide.
      let depth = 1;
      let i = 0;
      for (; i < rest.length && depth > 0; i++) {
        if (rest[i] === '(') depth++;
        else if (rest[i] === ')') depth--;
      }
      if (!/\bwindowsHide:\s*true\b/.test(rest.slice(0, i))) out.push(`${m[1]} without windowsHide: ${rest.slice(0, 60).replace(/\s+/g, ' ')}`);
    }
  }
  return out;
}

describe('programs started by src', () => {
  it('the check finds what it is meant to find', () => {
    expect(problems("spawn('powershell.exe', ['-Command', '-'], { windowsHide: true })")).toEqual(['runs a script through -Command -', 'starts powershell.exe by bare name']);
    expect(problems("execFile('pwsh.exe', args, {}, cb)")).toEqual(['mentions pwsh', 'starts pwsh.exe by bare name', 'execFile without windowsHide: \'pwsh.exe\', args, {}, cb)']);
    expect(problems("spawnSync('net', ['session'], { stdio: 'ignore', windowsHide: true })")).toEqual(['starts net by bare name']);
    expect(problems("run('manage-bde', ['-protectors'])")).toEqual(['starts manage-bde by bare name']);
    expect(problems("spawn(system32('net.exe'), ['session'], { windowsHide: true })")).toEqual([]);
    expect(problems("child_process.execFileSync('reg', ['query'])")).toEqual(['starts reg by bare name', "execFileSync without windowsHide: 'reg', ['query'])"]);
    expect(problems('const m = /x/.exec(line); re.exec(s)')).toEqual([]);
  });

  it('no pwsh, no -Command -, no bare-name Windows tool, windowsHide on every child', () => {
    const found = sources(path.join(root, 'src')).flatMap((f) => problems(readFileSync(f, 'utf8')).map((p) => `${path.relative(root, f)}: ${p}`));
    expect(found).toEqual([]);
  });
});
