/** The Electron window's security settings, asserted without Electron (the e2e asserts them live where Electron runs). */

import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { contentSecurityPolicy, isTrustedSenderUrl, secureWebPreferences } from '../../src/main/security';
import { isAllowedExternalLink } from '../../src/shared/links';
import { contentSecurityPolicy as cspFor } from '../../src/shared/csp';

describe('window security', () => {
  const prefs = secureWebPreferences('/app/preload.cjs');

  it('isolates the renderer: context isolation, sandbox, no Node, no webview', () => {
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
    });
  });

  it('has a strict CSP without inline or remote scripts', () => {
    expect(contentSecurityPolicy).toContain("default-src 'self'");
    expect(contentSecurityPolicy).toContain("script-src 'self'");
    expect(contentSecurityPolicy).not.toMatch(/script-src[^;]*unsafe-(inline|eval)/);
    expect(contentSecurityPolicy).toContain("object-src 'none'");
    // The meta tag in index.html is the same policy, plus the host's loopback WebSocket.
    const html = readFileSync('src/renderer/index.html', 'utf8');
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1];
    expect(meta).toBe(cspFor(['ws://127.0.0.1:*']));
  });

  it('trusts only its own app:// pages as IPC senders', () => {
    expect(isTrustedSenderUrl('app://offline-seed/index.html')).toBe(true);
    expect(isTrustedSenderUrl('https://evil.example/')).toBe(false);
    expect(isTrustedSenderUrl('file:///etc/passwd')).toBe(false);
    expect(isTrustedSenderUrl('app://other-host/index.html')).toBe(false);
    expect(isTrustedSenderUrl(undefined)).toBe(false);
  });

  it('opens only Azure portal and documentation links outside', () => {
    expect(isAllowedExternalLink('https://portal.azure.com/#blade/x')).toBe(true);
    expect(isAllowedExternalLink('https://learn.microsoft.com/azure/backup/')).toBe(true);
    expect(isAllowedExternalLink('http://portal.azure.com/')).toBe(false);
    expect(isAllowedExternalLink('https://portal.azure.com.evil.example/')).toBe(false);
    expect(isAllowedExternalLink('https://user:pw@portal.azure.com/')).toBe(false);
    expect(isAllowedExternalLink('javascript:alert(1)')).toBe(false);
  });

  it('main imports ipcMain only through the wrapper, and the preload exposes named functions only', () => {
    const main = readFileSync('src/main/main.ts', 'utf8');
    expect(main).not.toMatch(/\bipcMain\b/);
    const preload = readFileSync('src/preload/index.ts', 'utf8');
    expect(preload).toMatch(/exposeInMainWorld\('offlineSeed', \{\s*request\(/);
    expect(preload).not.toMatch(/exposeInMainWorld\([^)]*ipcRenderer\s*[,)]/);
  });

  it('electron-builder sets the fuses and asks for administrator rights on Windows', () => {
    const yml = readFileSync('electron-builder.yml', 'utf8');
    expect(yml).toMatch(/runAsNode:\s*false/);
    expect(yml).toMatch(/enableNodeOptionsEnvironmentVariable:\s*false/);
    expect(yml).toMatch(/enableNodeCliInspectArguments:\s*false/);
    expect(yml).toMatch(/requestedExecutionLevel:\s*requireAdministrator/);
    expect(yml).toMatch(/asar:\s*true/);
  });
});
