/** Choosing "Local rehearsal" starts the built-in local Azure from the wizard, and sign-in then works against it. */

import { expect, test } from './fixtures';

test('local rehearsal starts the local Azure and the operator signs in to it', async ({ page, openStep }) => {
  await openStep('signIn');
  await page.getByLabel('Cloud', { exact: true }).selectOption({ label: 'Local rehearsal (built-in local Azure)' });
  await expect(page.getByText(/^The local Azure is running: subscription [0-9a-f-]{36}, storage account \w+, operator /)).toBeVisible({
    timeout: 30_000,
  });
  const summary = page.getByRole('complementary');
  await expect(summary.getByText('Local rehearsal')).toBeVisible();
  await expect(summary.getByText(/^[0-9a-f]{8}-[0-9a-f]{4}-/)).toBeVisible();
  await page.getByRole('button', { name: 'Sign in with a code' }).click();
  await expect(page.getByText(/^Signed in as .+ \(operator\)\.$/)).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole('navigation', { name: 'Wizard steps' }).getByRole('button', { name: /Cloud & sign-in/ })).toContainText('Done');
});
