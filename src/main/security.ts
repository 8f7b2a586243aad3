/** The window's security settings and the app:// origin, as plain data so tests can assert them without Electron. */

import { contentSecurityPolicy as cspFor } from '../shared/csp';

export const appScheme = 'app';
export const appHost = 'offline-seed';
export const appOrigin = `${appScheme}://${appHost}`;

/**
 * webPreferences for the one window. Every switch that could hand Node or extra power to web content is off.
 * `additionalArguments` reach the preload as process.argv (Electron's documented way to hand a preload small data).
 */
export function secureWebPreferences(preloadPath: string, additionalArguments: string[] = []) {
  return {
    preload: preloadPath,
    additionalArguments,
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

/** The only permission web content gets: writing text to the clipboard (the copy buttons), asked by the app's own top-level page. */
export const allowedPermission = 'clipboard-sanitized-write';

/**
 * Whether a permission request or check is granted: `clipboard-sanitized-write` from the app's own window, its main
 * frame, on app://offline-seed. Everything else (camera, notifications, clipboard reading, subframes, other origins,
 * requests with no window) is denied.
 */
export function isPermissionGranted(q: { permission: string; fromAppWindow: boolean; isMainFrame: boolean; origin?: string | undefined; url?: string | undefined }): boolean {
  if (q.permission !== allowedPermission || !q.fromAppWindow || !q.isMainFrame) return false;
  if (q.origin !== undefined && q.origin !== appOrigin) return false;
  if (q.url !== undefined && !isTrustedSenderUrl(q.url)) return false;
  return q.origin !== undefined || q.url !== undefined;
}
