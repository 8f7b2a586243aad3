/**
 * The drives step says beforehand, in one sentence, that an elevation prompt will appear, and only where one will:
 * the wizard's host run as uid 65534 with pkexec on its PATH (a stand-in that is never run here: the page is not
 * asked to prepare anything) says it once a loop device is chosen, not for a mounted folder alone (a `dir:` drive
 * needs no elevation on Linux); the host run as root (the fixture's) never says it.
 * Root only (setpriv, loop devices).
 */

import { execFileSync, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { writeSession } from '../src/core/session/sessionFile';
import { sessionFixture } from '../test/helpers/session';
import { stageForDrives } from '../test/helpers/staging';
import { nobody, startHostAsNobody } from '../test/helpers/elevation';
import { LoopDrives, type LoopDrive } from '../test/core/copy/loopDrives';

const repo = path.resolve(import.meta.dirname, '..');
const prompt = 'The system will ask for administrator approval for this step only, to prepare the drives.';

test.skip(process.getuid?.() !== 0, 'setpriv and loop devices need root');

let dir: string;
let staging: string;
let folder: string;
let loops: LoopDrives;
let loop: LoopDrive;
let host: ChildProcess | null = null;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  dir = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'offline-seed-e2e-elevation-')));
  chmodSync(dir, 0o755);
  // The host runs from out/host as uid 65534, which cannot rebuild it: freshen it as root first.
  execFileSync(process.execPath, ['--input-type=module', '-e', "const { ensureFresh } = await import('./scripts/lib/freshness.mjs'); for (const b of ['host', 'renderer']) { const p = await ensureFresh(process.cwd(), b); if (p) { console.error(p); process.exit(1); } }"], { cwd: repo, stdio: 'inherit' });
  staging = path.join(dir, 'staging');
  await stageForDrives(staging, [1, 1]);
  await writeSession(staging, sessionFixture({ cloud: path.join(dir, 'cloud.json'), importJobName: 'promptseed' }));
  folder = path.join(dir, 'folder-drive');
  mkdirSync(folder);
  // pkexec on PATH, as polkit installs it: the host finds a way to ask, so the page announces the prompt.
  const bin = path.join(dir, 'bin');
  mkdirSync(bin);
  writeFileSync(path.join(bin, 'pkexec'), '#!/bin/sh\n# Never run by this test: the page is not asked to prepare anything.\nexit 127\n', { mode: 0o755 });
  mkdirSync(path.join(dir, 'home', 'data'), { recursive: true });
  execFileSync('chown', ['-R', `${nobody}:${nobody}`, staging, folder, path.join(dir, 'home')]);
  loops = await LoopDrives.create();
  // A loop device's serial comes from its backing file: uid 65534 must be able to stat it to list the drive.
  chmodSync(loops.dir, 0o755);
  loop = await loops.add(64);
});

test.afterAll(async () => {
  host?.kill('SIGTERM');
  await loops?.cleanup();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** The wizard's host as uid 65534 with pkexec on PATH; resolves with its address (token included). */
async function startHost(): Promise<URL> {
  const started = await startHostAsNobody({
    PATH: [path.join(dir, 'bin'), '/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'].join(':'),
    HOME: path.join(dir, 'home'),
    LANG: 'en_US.UTF-8',
    OFFLINE_SEED_DATA_DIR: path.join(dir, 'home', 'data'),
    OFFLINE_SEED_PORT: '0',
  });
  host = started.child;
  return started.url;
}

/** The drives of the staging location, with the mounted folder given. */
async function listDrives(page: Page): Promise<void> {
  await page.getByLabel('Staging location', { exact: true }).fill(staging);
  await page.getByLabel('Mounted folders to use as drives (one per line, optional)').fill(folder);
  await page.getByRole('button', { name: 'Show the drives' }).click();
  await expect(page.getByRole('checkbox', { name: `Use dir:${folder}` })).toBeVisible({ timeout: 30_000 });
}

test('unelevated with pkexec: the prompt is announced for a device, not for a folder alone', async ({ page }) => {
  const url = await startHost();
  url.searchParams.set('lang', 'en');
  url.hash = '#/drives';
  await page.goto(url.href);
  await listDrives(page);
  await page.getByRole('checkbox', { name: `Use dir:${folder}` }).check();
  await expect(page.getByRole('button', { name: 'Prepare 1 drive', exact: true })).toBeVisible();
  await expect(page.getByText(prompt)).toHaveCount(0);
  await page.getByRole('checkbox', { name: `Use ${loop.device}` }).check();
  await expect(page.getByRole('button', { name: 'Erase and prepare 2 drives' })).toBeVisible();
  // Before the button, as a notice (a status, not an alert).
  await expect(page.getByRole('status').filter({ hasText: prompt })).toHaveCount(1);
  await page.getByRole('checkbox', { name: `Use dir:${folder}` }).uncheck();
  await expect(page.getByRole('status').filter({ hasText: prompt })).toHaveCount(1);
});

test('elevated already (the host as root): no prompt to announce', async ({ page, openStep }) => {
  await openStep('drives');
  await listDrives(page);
  await page.getByRole('checkbox', { name: `Use ${loop.device}` }).check();
  await expect(page.getByRole('button', { name: 'Erase and prepare 1 drive' })).toBeVisible();
  await expect(page.getByText(prompt)).toHaveCount(0);
});
