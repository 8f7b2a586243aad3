/** The window's security settings and the app:// origin, as plain data so tests can assert them without Electron. */

import { contentSecurityPolicy as cspFor } from '../shared/csp';

export const appScheme = 'app';
export const appHost = 'offline-seed';
export const appOrigin = `${appScheme}://${appHost}`;

/** webPreferences for the one window. Every switch that could hand Node or extra power to web content is off. */
export function secureWebPreferences(preloadPath: string) {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webviewTag: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    enableBlinkFeatures: '',
    spellcheck: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
  } as const;
}

/** The CSP sent with every app:// response (the renderer's index.html carries the same as a meta tag). */
export const contentSecurityPolicy = cspFor();

/** Only the app's own pages may talk to main. */
export function isTrustedSenderUrl(url: string | undefined): boolean {
  if (!url) return false;
  try {
    const u = new URL(url);
    return u.protocol === `${appScheme}:` && u.host === appHost;
  } catch {
    return false;
  }
}
