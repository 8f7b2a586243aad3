// Types for browser.mjs (plain JavaScript so that it runs before anything is built).
export type FoundBrowser =
  | { executablePath: string; source: 'CHROMIUM_PATH' | 'PATH' | 'install folder' | 'Playwright download' }
  | { channel: 'chrome' | 'msedge'; source: 'Playwright channel' }
  | { error: string };

export function onPath(name: string, env?: NodeJS.ProcessEnv, platform?: NodeJS.Platform): string | null;
export function findBrowser(env?: NodeJS.ProcessEnv, platform?: NodeJS.Platform): FoundBrowser | null;
