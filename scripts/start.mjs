#!/usr/bin/env node
// `npm start`: builds, then opens the Electron wizard. Where Electron's binary is missing and cannot be
// downloaded (no internet), says so in one line and serves the same wizard through src/host instead.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

function electronBinary() {
  let dir;
  try {
    dir = path.dirname(require.resolve('electron/package.json'));
  } catch {
    return null;
  }
  const pathFile = path.join(dir, 'path.txt');
  const installed = () => existsSync(pathFile) && existsSync(path.join(dir, 'dist', readFileSync(pathFile, 'utf8')));
  if (!installed()) {
    // Electron >= 42 downloads its binary on first use; try once, quietly, with a time limit.
    spawnSync(process.execPath, [path.join(dir, 'install.js')], { stdio: 'ignore', timeout: 120_000 });
  }
  return installed() ? path.join(dir, 'dist', readFileSync(pathFile, 'utf8')) : null;
}

const build = spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

const binary = process.env.OFFLINE_SEED_FORCE_HOST ? null : electronBinary();
if (binary) {
  const child = spawn(binary, ['.'], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  process.stdout.write(
    'Electron could not be started here (its binary is missing and cannot be downloaded); serving the same wizard in your browser instead.\n',
  );
  // The same bounded V8 heap as the command (bin/offline-seed says why and what it saves); V8 takes it only at start.
  const child = spawn(process.execPath, ['--max-semi-space-size=1', 'out/host/index.mjs'], { stdio: 'inherit' });
  const forward = (sig) => child.kill(sig);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  child.on('exit', (code) => process.exit(code ?? 0));
}
