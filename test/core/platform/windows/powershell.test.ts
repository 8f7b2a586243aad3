/** The one PowerShell runner: how powershell.exe is started, what counts as success, and what a failure carries. */

import { describe, expect, it } from 'vitest';
import { interpret, powershellArgs, powershellWith, runPowerShell, stderrText, wrapScript } from '../../../../src/core/platform/windows/powershell';
import { powershellExe, runCommand, system32, systemRoot } from '../../../../src/core/platform/windows/tools';
import { inputOf, recorded, run } from './replay';

describe('the PowerShell runner', () => {
  it('starts Windows PowerShell 5.1 by absolute path with the whole script as -EncodedCommand', async () => {
    const seen: Array<{ file: string; args: string[]; input?: string }> = [];
    const ps = powershellWith(async (file, args, input) => {
      seen.push({ file, args, ...(input !== undefined ? { input } : {}) });
      return run('format-ok.stdout.txt', 0);
    });
    const r = await runPowerShell('Get-Disk -Number 4 | Out-Null\n[pscustomobject]@{ a = 1 }', { ps, input: { key: 'secret-48-digits' } });
    expect(r.ok).toBe(true);
    const { file, args, input } = seen[0]!;
    expect(file).toBe('C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe');
    expect(args.slice(0, 6)).toEqual(['-NoLogo', '-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-EncodedCommand']);
    expect(args).toHaveLength(7);
    expect(args).not.toContain('-Command');
    const script = Buffer.from(args[6]!, 'base64').toString('utf16le');
    expect(script).toBe(wrapScript('Get-Disk -Number 4 | Out-Null\n[pscustomobject]@{ a = 1 }'));
    // The secret travels on stdin only.
    expect(args.join(' ')).not.toContain('secret');
    expect(script).not.toContain('secret');
    expect(inputOf({ input })).toEqual({ key: 'secret-48-digits' });
  });

  it('wraps the script: Stop on any error, UTF-8 out, the body inside try, exit 1 from catch, exit 0 only after the result line', () => {
    const s = wrapScript('BODY-HERE');
    expect(s.indexOf("$ErrorActionPreference = 'Stop'")).toBe(0);
    expect(s).toContain('[Console]::OutputEncoding = New-Object System.Text.UTF8Encoding $false');
    const tryAt = s.indexOf('\ntry {');
    const bodyAt = s.indexOf('BODY-HERE');
    const okAt = s.indexOf("WriteLine('OFFLINESEED-RESULT '");
    const exit0 = s.indexOf('exit 0');
    const catchAt = s.indexOf('\n} catch {');
    const exit1 = s.indexOf('exit 1');
    expect([tryAt, bodyAt, okAt, exit0, catchAt, exit1].every((x, i, a) => x > 0 && (i === 0 || a[i - 1]! < x))).toBe(true);
    expect(s.match(/\bexit\b/g)).toHaveLength(2);
  });

  it('rejects a script too long for a command line instead of cutting it', () => {
    expect(() => powershellArgs('x'.repeat(20_000))).toThrow(/does not fit/);
  });

  it('counts as success only exit 0 with the complete result line', () => {
    expect(interpret(run('format-ok.stdout.txt', 0))).toMatchObject({ ok: true, result: { DriveLetter: 'F' } });
    // A result line but a non-zero exit (something failed after it): failure.
    expect(interpret(run('format-ok.stdout.txt', 1)).ok).toBe(false);
    expect(interpret({ code: 0, stdout: '', stderr: '' })).toMatchObject({ ok: false, error: { message: 'PowerShell exited without a complete result.' } });
    expect(interpret({ code: 0, stdout: 'OFFLINESEED-RESULT {"complete":tr', stderr: '' }).ok).toBe(false);
    expect(interpret({ code: 0, stdout: 'OFFLINESEED-RESULT {"result":1}', stderr: '' }).ok).toBe(false);
  });

  it('carries the error message in the server language, decoded from the ASCII-escaped line', () => {
    const de = interpret(run('enable-bitlocker-not-installed.de.stdout.txt', 1));
    expect(de).toMatchObject({ ok: false, exitCode: 1, error: { errorId: 'CommandNotFoundException', category: 'ObjectNotFound' } });
    expect(!de.ok && de.error.message).toMatch(/^Die Benennung "Enable-BitLocker" wurde nicht als Name eines Cmdlet.*ausführbaren Programms erkannt\. Überprüfen/);
    const fr = interpret(run('enable-bitlocker-not-installed.fr.stdout.txt', 1));
    expect(!fr.ok && fr.error.message).toMatch(/^Le terme «Enable-BitLocker» n'est pas reconnu .* programme exécutable\./);
  });

  it('reads a parse error PowerShell wrote as CLIXML on stderr', () => {
    const r = interpret({ code: 1, stdout: '', stderr: recorded('parse-error.stderr.txt') });
    expect(r).toMatchObject({ ok: false, exitCode: 1, error: { message: 'Au caractère Ligne:12 : 3' } });
    expect(stderrText(recorded('parse-error.stderr.txt'))).toContain('Accolade fermante « } » manquante');
  });

  it('finds Windows programs under %SystemRoot%, never by bare name', async () => {
    expect(systemRoot({ SystemRoot: 'D:\\WINNT' })).toBe('D:\\WINNT');
    expect(systemRoot({ SystemRoot: '.\\evil' })).toBe('C:\\Windows');
    expect(systemRoot({ SystemRoot: 'C:\\Windows";calc' })).toBe('C:\\Windows');
    expect(systemRoot({})).toBe('C:\\Windows');
    expect(system32('reg.exe', { SystemRoot: 'D:\\WINNT' })).toBe('D:\\WINNT\\System32\\reg.exe');
    expect(powershellExe({ windir: 'E:\\Windows\\' })).toBe('E:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe');
    await expect(runCommand('powershell.exe', [])).rejects.toThrow(/absolute path/);
  });

  it('starts a real child hidden with stdin closed (a program that waits for stdin ends)', async () => {
    const r = await runCommand(process.execPath, ['-e', 'let n=0;process.stdin.on("data",d=>n+=d.length).on("end",()=>{console.log("read",n);process.exit(3)})']);
    expect(r).toEqual({ code: 3, stdout: 'read 0\n', stderr: '' });
  });

});
