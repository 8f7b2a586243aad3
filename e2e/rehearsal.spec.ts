/**
 * Choosing "Local rehearsal" starts the built-in local Azure from the wizard, and sign-in then works against it.
 * Coming back to the page, or reloading it, shows who is signed in from its first paint: never "Starting the local
 * Azure…" for the local Azure already running, never "Not signed in" for an operator who is.
 */

import { expect, test } from './fixtures';

// No Secret Service for this file: the token cache is the plain 0600 file, and the page says so once.
const bus = process.env.DBUS_SESSION_BUS_ADDRESS;
test.beforeAll(() => {
  process.env.DBUS_SESSION_BUS_ADDRESS = 'unix:path=/nonexistent/offline-seed-no-bus';
});
test.afterAll(() => {
  if (bus === undefined) delete process.env.DBUS_SESSION_BUS_ADDRESS;
  else process.env.DBUS_SESSION_BUS_ADDRESS = bus;
});

const cacheWarning = /^The sign-in token cache \S+msal-cache-local-\S+\.json is kept unencrypted, readable only by your account, because no secret store answered/;

test('local rehearsal starts the local Azure and the operator signs in to it', async ({ page, openStep }) => {
  await openStep('signIn');
  await page.getByLabel('Cloud', { exact: true }).selectOption({ label: 'Local rehearsal (built-in local Azure)' });
  await expect(page.getByText(/^The local Azure is running: subscription [0-9a-f-]{36}, storage account \w+, operator /)).toBeVisible({
    timeout: 30_000,
  });
  const summary = page.getByRole('complementary');
  await expect(summary.getByText('Local rehearsal')).toBeVisible();
  await expect(summary.getByText(/^[0-9a-f]{8}-[0-9a-f]{4}-/)).toBeVisible();
  await expect(page.getByText(cacheWarning)).toHaveCount(0);
  await page.getByRole('button', { name: 'Sign in with a code' }).click();
  await expect(page.getByText(/^Signed in as .+ \(operator\)\.$/)).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole('navigation', { name: 'Wizard steps' }).getByRole('button', { name: /Cloud & sign-in/ })).toContainText('Done');
  // The token cache warning: once, as a notice (a status, not an alert).
  await expect(page.getByRole('status').filter({ hasText: cacheWarning })).toHaveCount(1);
  await expect(page.getByRole('alert')).toHaveCount(0);
});

test('coming back and reloading show the signed-in operator from the first paint, never "Starting the local Azure…"', async ({ page, openStep }) => {
  // Every change of the page's main area, from before the app's own script runs.
  await page.addInitScript(() => {
    const seen: Array<{ title: string; text: string }> = [];
    (window as unknown as { seen: typeof seen }).seen = seen;
    new MutationObserver(() => {
      const main = document.querySelector('#main');
      if (main) seen.push({ title: document.querySelector('#page-title')?.textContent ?? '', text: (main as HTMLElement).innerText });
    }).observe(document, { subtree: true, childList: true, characterData: true });
  });
  const seen = () => page.evaluate(() => (window as unknown as { seen: Array<{ title: string; text: string }> }).seen.splice(0));
  const signedIn = /Signed in as .+ \(operator\)\./;

  // The rehearsal of the first test is the current job's cloud (chosen again if that test did not get so far); this
  // test's host starts its local Azure again.
  await openStep('signIn');
  const cloud = page.getByLabel('Cloud', { exact: true });
  if ((await cloud.inputValue()) !== 'local') await cloud.selectOption({ label: 'Local rehearsal (built-in local Azure)' });
  await expect(page.getByText(/^The local Azure is running/)).toBeVisible({ timeout: 30_000 });
  await expect(page.getByText(/^(Signed in as .+|Not signed in\.)$/)).toBeVisible();
  if (await page.getByText('Not signed in.').isVisible()) await page.getByRole('button', { name: 'Sign in with a code' }).click();
  await expect(page.getByText(signedIn)).toBeVisible({ timeout: 30_000 });

  // A reload: the local Azure is running, the operator signed in.
  await page.reload();
  await expect(page.getByText(signedIn)).toBeVisible({ timeout: 30_000 });
  await expect(page.getByText(/^The local Azure is running/)).toBeVisible();
  const loaded = (await seen()).filter((s) => s.title === 'Cloud & sign-in');
  expect(loaded.length).toBeGreaterThan(0);
  expect(loaded.filter((s) => /Starting the local Azure|Not signed in/.test(s.text))).toEqual([]);

  // Away and back: the first paint of the page already says who is signed in, with the local Azure's facts.
  const nav = page.getByRole('navigation', { name: 'Wizard steps' });
  await nav.getByRole('button', { name: /Certificate/ }).click();
  await expect(page.locator('#page-title')).toHaveText('Certificate');
  await seen();
  await nav.getByRole('button', { name: /Cloud & sign-in/ }).click();
  await expect(page.locator('#page-title')).toHaveText('Cloud & sign-in');
  const back = (await seen()).filter((s) => s.title === 'Cloud & sign-in');
  expect(back.length).toBeGreaterThan(0);
  expect(back[0]!.text).toMatch(signedIn);
  expect(back[0]!.text).toContain('The local Azure is running');
  expect(back.filter((s) => /Starting the local Azure|Not signed in/.test(s.text))).toEqual([]);
  await expect(page.getByRole('status').filter({ hasText: cacheWarning })).toHaveCount(1);
});
