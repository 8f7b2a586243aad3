/**
 * The Electron window's security settings as plain data (test/main/app.test.ts checks them in the built main under the
 * Electron stand-in; e2e/electron.spec.ts live where Electron runs).
 */

import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { contentSecurityPolicy, isPermissionGranted, isTrustedSenderUrl, secureWebPreferences } from '../../src/main/security';
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

  it('grants only clipboard writing, only to the app window’s top-level app:// page', () => {
    const ok = { permission: 'clipboard-sanitized-write', fromAppWindow: true, isMainFrame: true, origin: 'app://offline-seed', url: 'app://offline-seed/index.html' };
    expect(isPermissionGranted(ok)).toBe(true);
    expect(isPermissionGranted({ ...ok, origin: undefined })).toBe(true);
    expect(isPermissionGranted({ ...ok, url: undefined })).toBe(true);
    expect(isPermissionGranted({ ...ok, origin: undefined, url: undefined })).toBe(false);
    expect(isPermissionGranted({ ...ok, permission: 'clipboard-read' })).toBe(false);
    expect(isPermissionGranted({ ...ok, fromAppWindow: false })).toBe(false);
    expect(isPermissionGranted({ ...ok, isMainFrame: false })).toBe(false);
    expect(isPermissionGranted({ ...ok, origin: 'app://offline-seed.evil' })).toBe(false);
    expect(isPermissionGranted({ ...ok, url: 'https://evil.example/' })).toBe(false);
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
});
