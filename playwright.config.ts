import { defineConfig } from '@playwright/test';
import { findBrowser } from './scripts/lib/browser.mjs';

// The renderer runs in a Chromium-family browser the machine already has (Playwright's own download is not
// needed): CHROMIUM_PATH, then Chromium or Chrome on Linux, Edge or Chrome (Playwright channels) on Windows and
// macOS — see scripts/lib/browser.mjs. Each worker serves the built renderer through src/host (e2e/fixtures.ts).
const browser = findBrowser();
if (browser === null || 'error' in browser) {
  throw new Error(
    browser?.error ?? 'No Chromium-family browser found: set CHROMIUM_PATH, or run `node scripts/prerequisites.mjs` to see how to install one.',
  );
}

export default defineConfig({
  testDir: 'e2e',
  outputDir: 'test-results',
  timeout: 60_000,
  fullyParallel: false,
  workers: 2,
  reporter: [['list']],
  use: {
    viewport: { width: 1366, height: 860 },
    ...('channel' in browser ? { channel: browser.channel } : {}),
    launchOptions: {
      ...('executablePath' in browser ? { executablePath: browser.executablePath } : {}),
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    },
  },
  projects: [{ name: 'chromium', use: { browserName: 'chromium' } }],
});
